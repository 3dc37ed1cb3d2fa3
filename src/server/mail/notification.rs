//! The mail sent for an important notification, in the recipient's
//! language. The order's title is the only user-written value; it is
//! escaped for the HTML body.

use super::Message;
use crate::domain::Locale;
use crate::domain::notification::NotificationKind;

/// What happened, by `NotificationKind::ALL`.
fn headline(locale: Locale, kind: NotificationKind) -> &'static str {
    const EN: [&str; 21] = [
        "Your order was taken",
        "A solution was submitted to your order",
        "The reward of your task is secured",
        "The publisher opened your solution",
        "The publisher asked for changes",
        "Your solution was confirmed: the reward is in your wallet",
        "The reward was released",
        "A dispute was opened",
        "An admin decided the dispute",
        "Your withdrawal was paid out",
        "Your withdrawal was rejected",
        "The other party proposes cancelling your order",
        "The order was cancelled",
        "The publisher set the reward: accept it to go on",
        "The solver accepted the reward: you can secure it now",
        "A new order matches your saved search",
        "Someone applied to your order",
        "You were chosen: the order is yours",
        "The publisher chose another applicant",
        "Someone asked a question under your order",
        "The publisher answered your question",
    ];
    const ZH: [&str; 21] = [
        "你的订单已被接单",
        "你的订单收到了解答",
        "你接的任务赏金已托管",
        "发布者已查看你的解答",
        "发布者要求修改",
        "你的解答已确认：赏金已到账",
        "赏金已自动发放",
        "有人发起了争议",
        "管理员已裁决争议",
        "你的提现已打款",
        "你的提现被拒绝",
        "对方提议取消订单",
        "订单已取消",
        "发布者已确定赏金：请确认",
        "解答者已接受赏金：现在可以托管",
        "有新订单符合你保存的搜索",
        "有人申请了你的订单",
        "你已被选中：订单归你了",
        "发布者选择了其他申请者",
        "有人在你的订单下提问",
        "发布者回答了你的问题",
    ];
    match locale {
        Locale::En => EN[kind.index()],
        Locale::ZhHans => ZH[kind.index()],
    }
}

/// The mail for `kind` about `title` (if an order), linking to `link`.
pub fn notification(
    to: &str,
    locale: Locale,
    kind: NotificationKind,
    title: Option<&str>,
    link: &str,
) -> Message {
    let headline = headline(locale, kind);
    let (open, opt_out) = match locale {
        Locale::En => (
            "Open it:",
            "You can turn these e-mails off on your notifications page.",
        ),
        Locale::ZhHans => ("查看：", "你可以在通知页面关闭这些邮件。"),
    };
    let about = title.map(|t| format!("“{t}”")).unwrap_or_default();
    let about_html = title
        .map(|t| format!("“{}”", ammonia::clean_text(t)))
        .unwrap_or_default();
    Message {
        to: to.to_owned(),
        subject: format!("Bounty: {headline}"),
        text: format!("{headline}\n{about}\n\n{open} {link}\n\n{opt_out}\n"),
        html: format!(
            "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:sans-serif\">\
             <p><strong>{headline}</strong><br>{about_html}</p>\
             <p>{open} <a href=\"{link}\">{link}</a></p><p>{opt_out}</p></body></html>",
            lang = locale.tag()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_is_escaped_in_html_and_kept_in_text() {
        let message = notification(
            "a@example.com",
            Locale::En,
            NotificationKind::Confirmed,
            Some("<script>x</script>"),
            "http://127.0.0.1:3000/orders/1",
        );
        assert!(message.text.contains("<script>x</script>"));
        assert!(!message.html.contains("<script>"));
        assert!(message.subject.contains("confirmed"));
    }
}
