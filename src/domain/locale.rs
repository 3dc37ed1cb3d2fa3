//! The languages the product speaks and how a request chooses one.
//!
//! Invariant: every `Locale` round-trips through `tag()` / `from_tag()`, and
//! negotiation always yields a supported locale (English when nothing fits).

use serde::{Deserialize, Serialize};

/// A language the user interface and the mail are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Locale {
    #[default]
    En,
    ZhHans,
}

impl Locale {
    /// The cookie that remembers the language a user chose.
    pub const COOKIE: &'static str = "lang";

    /// Every supported locale, in the order the language switch shows them.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhHans];

    /// The BCP 47 tag written into `<html lang>` and the `lang` cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhHans => "zh-CN",
        }
    }

    /// The language's own name, shown in the switch so a reader of either
    /// language can find theirs.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::ZhHans => "简体中文",
        }
    }

    /// Maps a language tag to a supported locale. Any Chinese tag maps to
    /// Simplified Chinese because it is the only Chinese script we ship.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Locale::En),
            "zh" => Some(Locale::ZhHans),
            _ => None,
        }
    }

    /// Chooses the locale for a request: an explicit choice (the `lang`
    /// cookie) wins, then the browser's `Accept-Language` preferences in
    /// quality order, then English.
    pub fn negotiate(chosen: Option<&str>, accept_language: Option<&str>) -> Locale {
        if let Some(locale) = chosen.and_then(Locale::from_tag) {
            return locale;
        }
        accept_language
            .map(accept_language::parse)
            .unwrap_or_default()
            .iter()
            .find_map(|tag| Locale::from_tag(tag))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_round_trips_through_its_tag() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
    }

    #[test]
    fn any_chinese_tag_maps_to_simplified_chinese() {
        for tag in ["zh", "zh-CN", "zh-Hans", "zh_SG", "ZH-tw"] {
            assert_eq!(Locale::from_tag(tag), Some(Locale::ZhHans), "{tag}");
        }
    }

    #[test]
    fn unknown_or_empty_tags_are_rejected() {
        for tag in ["", "fr", "english", "z"] {
            assert_eq!(Locale::from_tag(tag), None, "{tag}");
        }
    }

    #[test]
    fn the_cookie_choice_wins_over_the_browser_preference() {
        let locale = Locale::negotiate(Some("en"), Some("zh-CN,zh;q=0.9"));
        assert_eq!(locale, Locale::En);
    }

    #[test]
    fn an_invalid_cookie_falls_back_to_the_browser_preference() {
        let locale = Locale::negotiate(Some("klingon"), Some("zh-CN,zh;q=0.9"));
        assert_eq!(locale, Locale::ZhHans);
    }

    #[test]
    fn accept_language_is_read_in_quality_order() {
        let header = "fr;q=1.0, en;q=0.5, zh;q=0.8";
        assert_eq!(Locale::negotiate(None, Some(header)), Locale::ZhHans);
    }

    #[test]
    fn nothing_supported_means_english() {
        assert_eq!(Locale::negotiate(None, Some("fr, de")), Locale::En);
        assert_eq!(Locale::negotiate(None, None), Locale::En);
        assert_eq!(Locale::negotiate(None, Some(";;;,,")), Locale::En);
    }
}
