//! Where the site may send a browser next.
//!
//! Invariant: `local_path_or_home` only ever yields a path on this site, so
//! `next=` parameters cannot become open redirects.

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
