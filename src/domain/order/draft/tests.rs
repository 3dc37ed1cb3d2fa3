use super::*;

const TODAY: i64 = 20_782; // 2026-11-25

fn draft() -> OrderDraft {
    OrderDraft {
        title: "  Fix my parser ".into(),
        category_id: 3,
        blocks: vec!["First".into(), "   ".into(), "Second\r\nline".into()],
        reward: "1,200.50".into(),
        reward_negotiable: false,
        deadline: "2026-12-31".into(),
        deadline_negotiable: false,
        files: vec!["a".into(), "b".into()],
        choose_applicants: false,
    }
}

fn codes(result: Result<CleanDraft, AppError>) -> Vec<(String, String)> {
    match result {
        Err(AppError::Invalid(fields)) => fields.into_iter().map(|f| (f.field, f.code)).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn pair(field: &str, code: &str) -> (String, String) {
    (field.into(), code.into())
}

#[test]
fn a_good_draft_is_trimmed_and_its_amounts_become_numbers() {
    let clean = draft().clean(&Currency::default(), TODAY).expect("clean");
    assert_eq!(clean.title, "Fix my parser");
    assert_eq!(
        clean.blocks,
        vec!["First".to_owned(), "Second\nline".to_owned()]
    );
    assert_eq!(clean.reward_minor, Some(120_050));
    assert_eq!(clean.deadline_day, Some(TODAY + 36));
}

#[test]
fn negotiable_reward_and_deadline_ignore_what_was_typed() {
    let mut draft = draft();
    draft.reward = "garbage".into();
    draft.reward_negotiable = true;
    draft.deadline = "garbage".into();
    draft.deadline_negotiable = true;
    let clean = draft.clean(&Currency::default(), TODAY).expect("clean");
    assert_eq!((clean.reward_minor, clean.deadline_day), (None, None));
}

#[test]
fn every_problem_is_reported_at_once() {
    let bad = OrderDraft {
        title: "x".repeat(TITLE_MAX + 1),
        category_id: 0,
        blocks: vec![" ".into()],
        reward: "-3".into(),
        deadline: "2026-11-24".into(),
        files: vec!["a".into(), "a".into()],
        ..OrderDraft::default()
    };
    assert_eq!(
        codes(bad.clean(&Currency::default(), TODAY)),
        vec![
            pair("title", "too_long"),
            pair("category", "required"),
            pair("blocks", "required"),
            pair("reward", "invalid_amount"),
            pair("deadline", "in_past"),
            pair("files", "duplicate"),
        ]
    );
}

#[test]
fn titles_must_exist_and_hold_no_control_characters() {
    for (title, code) in [("   ", "required"), ("a\u{0}b", "invalid_characters")] {
        let mut draft = draft();
        draft.title = title.into();
        assert_eq!(
            codes(draft.clean(&Currency::default(), TODAY)),
            vec![pair("title", code)]
        );
    }
    let mut draft = draft();
    draft.title = "标".repeat(TITLE_MAX);
    assert!(draft.clean(&Currency::default(), TODAY).is_ok());
}

#[test]
fn block_and_file_counts_are_bounded() {
    let mut many = draft();
    many.blocks = vec!["b".into(); BLOCKS_MAX + 1];
    assert_eq!(
        codes(many.clean(&Currency::default(), TODAY)),
        vec![pair("blocks", "too_many")]
    );
    let mut long = draft();
    long.blocks = vec!["b".repeat(BLOCK_MAX + 1)];
    assert_eq!(
        codes(long.clean(&Currency::default(), TODAY)),
        vec![pair("blocks", "too_long")]
    );
    let mut files = draft();
    files.files = (0..=FILES_MAX).map(|i| i.to_string()).collect();
    assert_eq!(
        codes(files.clean(&Currency::default(), TODAY)),
        vec![pair("files", "too_many")]
    );
}

#[test]
fn a_deadline_today_is_fine_and_a_malformed_one_is_named() {
    let mut today = draft();
    today.deadline = "2026-11-25".into();
    assert!(today.clean(&Currency::default(), TODAY).is_ok());
    let mut bad = draft();
    bad.deadline = "31/12/2026".into();
    assert_eq!(
        codes(bad.clean(&Currency::default(), TODAY)),
        vec![pair("deadline", "invalid_date")]
    );
}

#[test]
fn words_are_counted_in_latin_and_cjk_text() {
    assert_eq!(word_count("Hello, world! It's a well-known fact."), 6);
    assert_eq!(word_count("你好世界"), 4);
    assert_eq!(word_count("Rust 语言 2024"), 4);
    assert_eq!(word_count("  "), 0);
}
