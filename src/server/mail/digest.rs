//! The daily digest of saved-search matches: one mail listing the new
//! orders that matched a user's saved searches (those with the digest on)
//! since the last digest. Order titles are the only user-written values;
//! they are escaped for the HTML body.

use super::Message;
use crate::domain::Locale;

/// One listed order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DigestOrder {
    pub id: i64,
    pub title: String,
}

/// The digest mail listing `orders`; `base` is the public address.
pub fn digest(to: &str, locale: Locale, orders: &[DigestOrder], base: &str) -> Message {
    let (subject, intro, opt_out) = match locale {
        Locale::En => (
            "New orders matching your saved searches",
            "These new orders match your saved searches:",
            "You can turn this digest off for each saved search on your saved searches page.",
        ),
        Locale::ZhHans => (
            "符合你保存的搜索的新订单",
            "以下新订单符合你保存的搜索：",
            "你可以在“保存的搜索”页面为每个搜索关闭此摘要。",
        ),
    };
    let base = base.trim_end_matches('/');
    let text_lines: String = orders
        .iter()
        .map(|order| format!("- {}\n  {base}/orders/{}\n", order.title, order.id))
        .collect();
    let html_items: String = orders
        .iter()
        .map(|order| {
            format!(
                "<li><a href=\"{base}/orders/{id}\">{title}</a></li>",
                id = order.id,
                title = ammonia::clean_text(&order.title)
            )
        })
        .collect();
    Message {
        to: to.to_owned(),
        subject: format!("Bounty: {subject} ({})", orders.len()),
        text: format!("{intro}\n\n{text_lines}\n{opt_out}\n"),
        html: format!(
            "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:sans-serif\">\
             <p>{intro}</p><ul>{html_items}</ul><p>{opt_out}</p></body></html>",
            lang = locale.tag()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_order_is_listed_with_its_link_and_titles_are_escaped_in_html() {
        let orders = [
            DigestOrder {
                id: 3,
                title: "<b>Logo</b>".into(),
            },
            DigestOrder {
                id: 9,
                title: "翻译合同".into(),
            },
        ];
        let message = digest(
            "a@example.com",
            Locale::ZhHans,
            &orders,
            "https://b.example/",
        );
        assert!(message.text.contains("https://b.example/orders/3"));
        assert!(message.text.contains("翻译合同"));
        assert!(message.html.contains("https://b.example/orders/9"));
        assert!(!message.html.contains("<b>"));
        assert!(message.subject.contains("(2)"));
    }
}
