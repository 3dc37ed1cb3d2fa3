use super::*;

fn owned(terms: &[&str]) -> Vec<String> {
    terms.iter().map(|term| (*term).to_owned()).collect()
}

#[test]
fn terms_are_split_on_whitespace_lower_cased_distinct_and_capped() {
    assert_eq!(
        terms("  Rust\tWASM  rust 翻译\u{3000}数据 "),
        owned(&["rust", "wasm", "翻译", "数据"])
    );
    assert_eq!(terms(""), Vec::<String>::new());
    assert_eq!(terms(" \t\n "), Vec::<String>::new());
    let many = (0..20)
        .map(|n| format!("t{n}"))
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(terms(&many).len(), TERMS_MAX);
}

#[test]
fn control_characters_separate_terms_like_spaces() {
    assert_eq!(terms("a\u{0}b\u{1b}c"), owned(&["a", "b", "c"]));
}

#[test]
fn fts_syntax_characters_stay_part_of_a_term() {
    assert_eq!(
        terms("\"NEAR( a* -b ^c:"),
        owned(&["\"near(", "a*", "-b", "^c:"])
    );
}

#[test]
fn highlight_marks_every_occurrence_case_insensitively() {
    let segments = highlight("Rust and rust, RUST!", &owned(&["rust"]));
    assert_eq!(
        segments,
        vec![
            ("Rust".to_owned(), true),
            (" and ".to_owned(), false),
            ("rust".to_owned(), true),
            (", ".to_owned(), false),
            ("RUST".to_owned(), true),
            ("!".to_owned(), false),
        ]
    );
}

#[test]
fn highlight_finds_chinese_words_on_character_boundaries() {
    let text = "需要把数据翻译成英文，数据要准确";
    let segments = highlight(text, &owned(&["数据", "翻译"]));
    let marked: Vec<&str> = segments
        .iter()
        .filter(|(_, matched)| *matched)
        .map(|(segment, _)| segment.as_str())
        .collect();
    assert_eq!(marked, vec!["数据", "翻译", "数据"]);
    let joined: String = segments
        .iter()
        .map(|(segment, _)| segment.as_str())
        .collect();
    assert_eq!(joined, text, "the pieces give back the text");
}

#[test]
fn highlight_prefers_the_longest_term_and_leaves_text_without_terms_whole() {
    assert_eq!(
        highlight("database", &owned(&["data", "database"])),
        vec![("database".to_owned(), true)]
    );
    assert_eq!(
        highlight("plain", &owned(&["zzz"])),
        vec![("plain".to_owned(), false)]
    );
    assert_eq!(highlight("plain", &[]), vec![("plain".to_owned(), false)]);
    assert_eq!(highlight("", &owned(&["a"])), Vec::<(String, bool)>::new());
}

#[test]
fn a_letter_whose_lower_case_is_longer_matches_whole_or_not_at_all() {
    // 'İ' lower-cases to "i̇" (two chars): half of it is no match.
    assert_eq!(first_match("İx", &owned(&["i"])), None);
    assert_eq!(first_match("aİb", &owned(&["i\u{307}b"])), Some((1, 4)));
}

#[test]
fn a_snippet_shows_the_text_around_the_first_match_with_ellipses() {
    let text = format!("{}关键词{}", "前".repeat(100), "后".repeat(200));
    let cut = snippet(&text, &owned(&["关键词"])).expect("found");
    assert!(cut.starts_with('…') && cut.ends_with('…'), "{cut}");
    assert!(cut.contains("关键词"));
    assert_eq!(cut.chars().count(), SNIPPET_CHARS + 2);
    assert_eq!(
        snippet("short text", &owned(&["text"])).as_deref(),
        Some("short text")
    );
    assert_eq!(snippet("short text", &owned(&["absent"])), None);
}

#[test]
fn contains_ignores_case() {
    assert!(contains("Learn PYTHON", "python"));
    assert!(!contains("Learn", "python"));
}
