//! Where the site may send a browser next.
//!
//! Invariants: `local_path_or_home` only ever yields a path on this site, so
//! `next=` parameters cannot become open redirects; `query_pairs_once`
//! decodes a query string exactly once (`%2541` is the text `%41`, never
//! `A`) and never yields a control character.

/// `next` if it is a path on this site, else the home page. Rejects
/// scheme-relative (`//host`) and backslash tricks browsers treat as hosts.
pub fn local_path_or_home(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(char::is_control);
    if local { next } else { "/" }
}

/// Percent-encodes `value` for a URL query: everything but unreserved
/// characters (RFC 3986) is escaped.
pub fn query_escape(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                escaped.push(char::from(byte));
            }
            _ => escaped.push_str(&format!("%{byte:02X}")),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::{local_path_or_home, query_escape};

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(query_escape("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(query_escape("Safe-._~09"), "Safe-._~09");
    }

    #[test]
    fn local_paths_are_kept_with_their_query() {
        assert_eq!(local_path_or_home("/publish"), "/publish");
        assert_eq!(local_path_or_home("/hall?page=2"), "/hall?page=2");
    }

    #[test]
    fn anything_that_could_leave_the_site_goes_home() {
        for next in [
            "",
            "https://evil.example",
            "//evil.example",
            "/\\evil",
            "javascript:x",
            "/a\r\nSet-Cookie: x",
        ] {
            assert_eq!(local_path_or_home(next), "/", "{next:?}");
        }
    }
}

/// The pairs of a raw query string (`a=1&b=x%25y`), each name and value
/// percent- and `+`-decoded exactly once, as an HTML form encoded them.
/// Bytes that are not UTF-8 become U+FFFD; control characters (a NUL from
/// `%00`, say) are dropped: no field of this site means one, and they must
/// not reach a page's HTML.
pub fn query_pairs_once(raw: &str) -> Vec<(String, String)> {
    let raw = raw.strip_prefix('?').unwrap_or(raw);
    form_urlencoded::parse(raw.as_bytes())
        .map(|(name, value)| (without_controls(&name), without_controls(&value)))
        .collect()
}

fn without_controls(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

#[cfg(test)]
mod query_tests {
    use super::query_pairs_once;

    fn value_of(raw: &str) -> String {
        query_pairs_once(raw)
            .into_iter()
            .find(|(name, _)| name == "q")
            .map(|(_, value)| value)
            .unwrap_or_default()
    }

    #[test]
    fn a_query_value_is_decoded_exactly_once() {
        assert_eq!(value_of("q=50%2541"), "50%41");
        assert_eq!(value_of("q=50%41"), "50A");
        assert_eq!(value_of("q=%2525"), "%25");
        assert_eq!(value_of("q=100%25"), "100%");
        assert_eq!(value_of("q=a+b"), "a b");
        assert_eq!(value_of("?q=%E6%82%AC%E8%B5%8F"), "悬赏");
    }

    #[test]
    fn a_lone_percent_and_invalid_utf8_are_taken_literally_and_safely() {
        assert_eq!(value_of("q=50%"), "50%");
        assert_eq!(value_of("q=%zz"), "%zz");
        assert_eq!(value_of("q=%FF"), "\u{fffd}");
    }

    #[test]
    fn control_characters_never_come_through() {
        assert_eq!(value_of("q=%00"), "");
        assert_eq!(value_of("q=a%00b%0Ac"), "abc");
        assert_eq!(value_of("q=%2500"), "%00", "an encoded percent stays text");
    }
}
