//! Mail texts in each language. Only server-generated values (codes) are
//! interpolated, so no body needs escaping.

use super::Message;
use crate::domain::Locale;

/// The message carrying a six-digit registration code.
pub fn registration_code(to: &str, locale: Locale, code: &str) -> Message {
    let (subject, intro, expiry, ignore) = match locale {
        Locale::En => (
            "Your Bounty registration code",
            "Your code to finish signing up for Bounty:",
            "It expires in 5 minutes and works once.",
            "If you did not ask for it, ignore this message.",
        ),
        Locale::ZhHans => (
            "你的悬赏注册验证码",
            "完成悬赏注册的验证码：",
            "验证码 5 分钟内有效，只能使用一次。",
            "如果这不是你本人的操作，请忽略本邮件。",
        ),
    };
    Message {
        to: to.to_owned(),
        subject: subject.to_owned(),
        text: format!("{intro}\n\n    {code}\n\n{expiry}\n{ignore}\n"),
        html: format!(
            "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:sans-serif\">\
             <p>{intro}</p><p style=\"font-size:28px;letter-spacing:4px\"><strong>{code}</strong></p>\
             <p>{expiry}<br>{ignore}</p></body></html>",
            lang = locale.tag()
        ),
    }
}
