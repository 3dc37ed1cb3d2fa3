//! Mail texts in each language. Only server-generated values (codes) are
//! interpolated, so no body needs escaping.

use super::Message;
use crate::domain::Locale;

/// The message carrying a six-digit registration code.
pub fn registration_code(to: &str, locale: Locale, code: &str) -> Message {
    let texts = match locale {
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
    code_message(to, locale, code, texts)
}

/// The message carrying a six-digit password-reset code.
pub fn password_reset_code(to: &str, locale: Locale, code: &str) -> Message {
    let texts = match locale {
        Locale::En => (
            "Your Bounty password reset code",
            "Your code to set a new Bounty password:",
            "It expires in 5 minutes and works once. Setting a new password signs you out everywhere.",
            "If you did not ask for it, ignore this message; your password stays as it is.",
        ),
        Locale::ZhHans => (
            "你的悬赏密码重置验证码",
            "设置新密码的验证码：",
            "验证码 5 分钟内有效，只能使用一次。设置新密码后，所有设备都会退出登录。",
            "如果这不是你本人的操作，请忽略本邮件，你的密码不会改变。",
        ),
    };
    code_message(to, locale, code, texts)
}

/// The answer to a reset request for an address without an account: only
/// the mailbox's owner learns that, never the requester.
pub fn password_reset_no_account(to: &str, locale: Locale) -> Message {
    let (subject, body) = match locale {
        Locale::En => (
            "Bounty password reset",
            "Someone asked to reset the Bounty password of this address, but it has no account. If it was you, you may have signed up with another address. Otherwise, ignore this message.",
        ),
        Locale::ZhHans => (
            "悬赏密码重置",
            "有人请求重置此邮箱的悬赏密码，但该邮箱没有注册账号。如果是你本人，你可能使用了其他邮箱注册；否则请忽略本邮件。",
        ),
    };
    Message {
        to: to.to_owned(),
        subject: subject.to_owned(),
        text: format!("{body}\n"),
        html: format!(
            "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:sans-serif\"><p>{body}</p></body></html>",
            lang = locale.tag()
        ),
    }
}

fn code_message(
    to: &str,
    locale: Locale,
    code: &str,
    (subject, intro, expiry, ignore): (&str, &str, &str, &str),
) -> Message {
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
