//! Account rules shared by the browser (instant feedback) and the server
//! (the rule that counts): e-mail normalisation, the password rule, nickname,
//! introduction and phone limits, and roles.
//!
//! Invariant: every check returns the same `FieldError` codes on both sides,
//! so the UI shows one message whichever side caught the problem.

use super::FieldError;
use serde::{Deserialize, Serialize};

pub const EMAIL_MAX: usize = 254;
pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 128;
pub const NICKNAME_MAX: usize = 32;
pub const INTRO_MAX: usize = 500;
pub const PHONE_MAX: usize = 20;

/// A user's rights across the whole site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Role {
    #[default]
    User,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Admin => "admin",
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        match value {
            "user" => Some(Role::User),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// The signed-in user, as every page and server function sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub nickname: String,
    pub role: Role,
}

/// A user as the admin list shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: i64,
    pub email: String,
    pub nickname: String,
    pub role: Role,
    pub banned_reason: Option<String>,
    pub created_at_ms: i64,
}

/// One page of the admin's user list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPage {
    pub users: Vec<UserSummary>,
    pub page: u32,
    pub pages: u32,
    pub total: i64,
}

/// What anyone may see of a user: never the e-mail or the phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicProfile {
    pub id: i64,
    pub nickname: String,
    pub intro: String,
    /// Path of the 256 px avatar, if the user has one.
    pub avatar: Option<String>,
}

/// What the owner sees and edits of their own profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnProfile {
    pub id: i64,
    pub email: String,
    pub nickname: String,
    pub intro: String,
    pub phone: String,
    pub avatar: Option<String>,
}

/// The avatar file paths for a stored avatar key, at each size served.
pub fn avatar_path(key: &str, size: u32) -> String {
    format!("/avatars/{key}-{size}.jpg")
}

/// An introduction: up to 500 characters, line breaks allowed.
pub fn clean_intro(raw: &str) -> Result<String, FieldError> {
    let value = raw.trim().replace("\r\n", "\n");
    if value.chars().count() > INTRO_MAX {
        return Err(FieldError::new("intro", "too_long"));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(FieldError::new("intro", "invalid_characters"));
    }
    Ok(value)
}

/// A phone number: empty, or up to 20 of digits, spaces, `+ - ( )`.
pub fn clean_phone(raw: &str) -> Result<String, FieldError> {
    let value = clean_line("phone", raw, PHONE_MAX, false)?;
    let allowed = |c: char| c.is_ascii_digit() || " +-()".contains(c);
    if value.chars().all(allowed) && (value.is_empty() || value.chars().any(|c| c.is_ascii_digit()))
    {
        Ok(value)
    } else {
        Err(FieldError::new("phone", "invalid_phone"))
    }
}

/// The longest ban reason, shown to the banned user.
pub const BAN_REASON_MAX: usize = 200;

/// A click-captcha challenge as the page shows it: the picture is fetched
/// from `/captcha/{id}.png`; the expected points stay on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptchaChallenge {
    pub id: String,
    /// The glyphs, in the order to click them.
    pub glyphs: Vec<char>,
}

/// An e-mail address in its canonical form: trimmed and lower-cased, so
/// uniqueness ignores case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    /// Normalises and checks the shape `local@domain.tld`. Deliverability is
    /// proven by the code we mail, not by a stricter pattern here.
    pub fn parse(raw: &str) -> Result<Email, FieldError> {
        let normalised = raw.trim().to_lowercase();
        let error = |code: &str| FieldError::new("email", code);
        if normalised.is_empty() {
            return Err(error("required"));
        }
        if normalised.len() > EMAIL_MAX {
            return Err(error("too_long"));
        }
        let Some((local, domain)) = normalised.split_once('@') else {
            return Err(error("invalid_email"));
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..");
        let chars_ok = !normalised
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == ',');
        if local.is_empty() || domain.contains('@') || !domain_ok || !chars_ok {
            return Err(error("invalid_email"));
        }
        Ok(Email(normalised))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The password rule: 8 to 128 characters with at least one letter and one
/// digit.
pub fn check_password(field: &str, password: &str) -> Result<(), FieldError> {
    let length = password.chars().count();
    let error = |code: &str| Err(FieldError::new(field, code));
    if length == 0 {
        return error("required");
    }
    if length < PASSWORD_MIN {
        return error("password_too_short");
    }
    if length > PASSWORD_MAX {
        return error("too_long");
    }
    let has_letter = password.chars().any(char::is_alphabetic);
    let has_digit = password.chars().any(|c| c.is_ascii_digit());
    if !has_letter || !has_digit {
        return error("password_needs_letter_and_digit");
    }
    Ok(())
}

/// A trimmed single-line text of at most `max` characters; `required`
/// rejects an empty one.
pub fn clean_line(
    field: &str,
    raw: &str,
    max: usize,
    required: bool,
) -> Result<String, FieldError> {
    let value = raw.trim();
    if required && value.is_empty() {
        return Err(FieldError::new(field, "required"));
    }
    if value.chars().count() > max {
        return Err(FieldError::new(field, "too_long"));
    }
    if value.chars().any(char::is_control) {
        return Err(FieldError::new(field, "invalid_characters"));
    }
    Ok(value.to_owned())
}

/// A nickname: 1 to 32 characters on one line.
pub fn clean_nickname(raw: &str) -> Result<String, FieldError> {
    clean_line("nickname", raw, NICKNAME_MAX, true)
}

/// A six-digit e-mail code, as typed (spaces allowed).
pub fn clean_code(raw: &str) -> Result<String, FieldError> {
    let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(FieldError::new("code", "invalid_code"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        let email = Email::parse("  Alice@Example.COM ").expect("valid");
        assert_eq!(email.as_str(), "alice@example.com");
    }

    #[test]
    fn malformed_emails_are_rejected_with_a_code() {
        for raw in [
            "alice",
            "@example.com",
            "alice@",
            "alice@example",
            "a@b@c.com",
            "a b@c.com",
            "a@.com",
            "a@b..com",
        ] {
            assert_eq!(
                Email::parse(raw).map_err(|e| e.code),
                Err("invalid_email".into()),
                "{raw}"
            );
        }
        assert_eq!(
            Email::parse("  ").map_err(|e| e.code),
            Err("required".into())
        );
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(
            Email::parse(&long).map_err(|e| e.code),
            Err("too_long".into())
        );
    }

    #[test]
    fn the_password_rule_needs_eight_characters_a_letter_and_a_digit() {
        assert!(check_password("password", "abcdefg1").is_ok());
        assert!(check_password("password", "密码密码密码密码1").is_ok());
        let code = |p: &str| check_password("password", p).map_err(|e| e.code);
        assert_eq!(code(""), Err("required".into()));
        assert_eq!(code("abc1"), Err("password_too_short".into()));
        assert_eq!(
            code("abcdefgh"),
            Err("password_needs_letter_and_digit".into())
        );
        assert_eq!(
            code("12345678"),
            Err("password_needs_letter_and_digit".into())
        );
        assert_eq!(
            code(&format!("a1{}", "x".repeat(127))),
            Err("too_long".into())
        );
    }

    #[test]
    fn nicknames_are_trimmed_required_and_bounded() {
        assert_eq!(clean_nickname("  Bob ").expect("valid"), "Bob");
        assert_eq!(
            clean_nickname(" ").map_err(|e| e.code),
            Err("required".into())
        );
        assert_eq!(
            clean_nickname(&"x".repeat(33)).map_err(|e| e.code),
            Err("too_long".into())
        );
        assert_eq!(
            clean_nickname("a\u{0}b").map_err(|e| e.code),
            Err("invalid_characters".into())
        );
    }

    #[test]
    fn codes_are_six_digits_and_tolerate_spaces() {
        assert_eq!(clean_code(" 123 456 ").expect("valid"), "123456");
        for raw in ["12345", "1234567", "12a456", ""] {
            assert!(clean_code(raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn introductions_keep_line_breaks_and_are_bounded() {
        assert_eq!(
            clean_intro(" Hello\r\nworld ").expect("valid"),
            "Hello\nworld"
        );
        assert_eq!(
            clean_intro(&"x".repeat(501)).map_err(|e| e.code),
            Err("too_long".into())
        );
        assert_eq!(
            clean_intro("a\u{7}b").map_err(|e| e.code),
            Err("invalid_characters".into())
        );
    }

    #[test]
    fn phones_hold_digits_and_a_few_separators() {
        assert_eq!(
            clean_phone(" +86 (10) 1234-5678 ").expect("valid"),
            "+86 (10) 1234-5678"
        );
        assert_eq!(clean_phone("").expect("empty is fine"), "");
        for bad in ["call me", "+-()", "12345678901234567890123"] {
            assert!(clean_phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in [Role::User, Role::Admin] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
