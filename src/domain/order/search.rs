//! The hall's full-text search terms and how a card shows what matched.
//!
//! Semantics (shared with saved searches): the query is split on whitespace
//! (and control characters, which nobody types on purpose) into at most
//! `TERMS_MAX` lower-cased terms; an order matches when every term occurs,
//! case-insensitively, as a substring of its title, its plain text or its
//! publisher's nickname.
//!
//! Invariants: matching here is on `char` boundaries, so a Chinese text is
//! never cut inside a character; `highlight` returns segments that put
//! together give back the text unchanged.

/// Most terms one search keeps; further terms are dropped, not refused.
pub const TERMS_MAX: usize = 8;
/// Characters of text a snippet shows before the first match.
const SNIPPET_BEFORE: usize = 30;
/// Characters a snippet shows in all.
const SNIPPET_CHARS: usize = 140;

/// The distinct lower-cased terms of `search`, in the order typed.
pub fn terms(search: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for term in search.split(|c: char| c.is_whitespace() || c.is_control()) {
        if term.is_empty() {
            continue;
        }
        let folded = term.to_lowercase();
        if !terms.contains(&folded) {
            terms.push(folded);
        }
        if terms.len() == TERMS_MAX {
            break;
        }
    }
    terms
}

/// The byte length of `term` matched case-insensitively at the start of
/// `text`, ending on a character boundary of `text`, if it matches there.
fn match_at(text: &str, term: &str) -> Option<usize> {
    let mut wanted = term.chars();
    let mut remaining = term.chars().count();
    for (offset, c) in text.char_indices() {
        if remaining == 0 {
            return Some(offset);
        }
        for lower in c.to_lowercase() {
            if remaining == 0 || wanted.next() != Some(lower) {
                return None;
            }
            remaining -= 1;
        }
    }
    (remaining == 0).then_some(text.len())
}

/// The longest term matching at the start of `text`, as a byte length.
fn longest_at(text: &str, terms: &[String]) -> Option<usize> {
    terms
        .iter()
        .filter(|term| !term.is_empty())
        .filter_map(|term| match_at(text, term))
        .max()
}

/// Byte range of the first occurrence of any term in `text`.
pub fn first_match(text: &str, terms: &[String]) -> Option<(usize, usize)> {
    text.char_indices()
        .find_map(|(start, _)| longest_at(&text[start..], terms).map(|len| (start, start + len)))
}

/// `text` cut into `(segment, matched)` pieces; matched pieces are the
/// occurrences of the terms, longest first where two start together.
pub fn highlight(text: &str, terms: &[String]) -> Vec<(String, bool)> {
    let mut segments: Vec<(String, bool)> = Vec::new();
    let mut plain_start = 0;
    let mut position = 0;
    while position < text.len() {
        if let Some(len) = longest_at(&text[position..], terms) {
            if plain_start < position {
                segments.push((text[plain_start..position].to_owned(), false));
            }
            segments.push((text[position..position + len].to_owned(), true));
            position += len;
            plain_start = position;
        } else {
            position += text[position..].chars().next().map_or(1, char::len_utf8);
        }
    }
    if plain_start < text.len() {
        segments.push((text[plain_start..].to_owned(), false));
    }
    segments
}

/// A short part of `text` around the first occurrence of a term, with an
/// ellipsis where it was cut; `None` when no term occurs.
pub fn snippet(text: &str, terms: &[String]) -> Option<String> {
    let (start, _) = first_match(text, terms)?;
    let before = text[..start].chars().count();
    let skip = before.saturating_sub(SNIPPET_BEFORE);
    let total = text.chars().count();
    let mut out = String::new();
    if skip > 0 {
        out.push('…');
    }
    out.extend(text.chars().skip(skip).take(SNIPPET_CHARS));
    if skip + SNIPPET_CHARS < total {
        out.push('…');
    }
    Some(out)
}

/// Whether `text` contains `term` case-insensitively.
pub fn contains(text: &str, term: &str) -> bool {
    first_match(text, std::slice::from_ref(&term.to_owned())).is_some()
}

#[cfg(test)]
mod tests;
