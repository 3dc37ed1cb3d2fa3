//! Markdown written by users, rendered on the server and sanitised.
//!
//! Invariants: the HTML returned by `render` has passed ammonia, so it holds
//! no script, event handler, style or foreign frame, and links open with
//! `rel="noopener noreferrer nofollow"`. Images are removed: a remote image
//! would tell a third party who read the order; attachments carry pictures.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Safe HTML for one block of Markdown.
pub fn render(markdown: &str) -> String {
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(markdown, options()));
    ammonia::Builder::default()
        .rm_tags(["img"])
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&html)
        .to_string()
}

/// The text of some Markdown without its markup, cut to `max_chars`
/// (with an ellipsis when cut).
pub fn plain_text(markdown: &str, max_chars: usize) -> String {
    let mut text = String::new();
    // Counted as it grows: recounting the whole text per event made long
    // texts (the search text of twenty 10,000-character blocks) quadratic.
    let mut chars = 0;
    for event in Parser::new_ext(markdown, options()) {
        let added: &str = match &event {
            Event::Text(part) | Event::Code(part) => part,
            Event::SoftBreak | Event::HardBreak => " ",
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => " ",
            Event::Start(Tag::Item) => "• ",
            _ => "",
        };
        text.push_str(added);
        chars += added.chars().count();
        if chars > max_chars {
            break;
        }
    }
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() > max_chars {
        let cut: String = collapsed
            .chars()
            .take(max_chars.saturating_sub(1))
            .collect();
        format!("{}…", cut.trim_end())
    } else {
        collapsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html() {
        let html = render("# Title\n\n**bold** and `code`\n\n- a\n- b");
        assert!(html.contains("<h1>Title</h1>"), "{html}");
        assert!(html.contains("<strong>bold</strong>"));
        assert!(html.contains("<li>a</li>"));
    }

    #[test]
    fn scripts_handlers_and_javascript_links_are_removed() {
        let html = render(
            "<script>alert(1)</script>\n\n<a href=\"javascript:alert(1)\" onclick=\"x()\">x</a>\n\n[y](javascript:alert(2))",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn remote_images_are_dropped_and_links_get_a_safe_rel() {
        let html = render("![spy](https://tracker.example/p.gif) [site](https://example.com)");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("rel=\"noopener noreferrer nofollow\""),
            "{html}"
        );
    }

    #[test]
    fn plain_text_drops_markup_and_is_cut_with_an_ellipsis() {
        assert_eq!(plain_text("# Hi\n\nSome *stress*", 100), "Hi Some stress");
        assert_eq!(plain_text("abcdefghij", 5), "abcd…");
        assert_eq!(plain_text("中文内容很长", 4), "中文内…");
    }
}
