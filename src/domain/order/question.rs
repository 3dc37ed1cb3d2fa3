//! Public questions on an order: the rules a question or an answer must
//! meet, who sees a question, and the wire types of the order page's
//! questions section.
//!
//! Invariants: a hidden question reaches only the order's publisher and
//! its own asker (both see it marked hidden), never anyone else, signed in
//! or not; text is checked here and again on the server with the same codes.

use crate::domain::FieldError;
use serde::{Deserialize, Serialize};

/// One question as the viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionView {
    pub id: i64,
    pub asker_id: i64,
    pub asker: String,
    /// Rendered from Markdown and sanitised on the server when asked.
    pub body_html: String,
    /// The publisher's answer, rendered and sanitised the same way.
    pub answer_html: Option<String>,
    pub created_at_ms: i64,
    pub answered_at_ms: Option<i64>,
    /// Hidden by the publisher (only they and the asker see it).
    pub hidden: bool,
}

/// The questions section of an order page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderQuestions {
    pub order_id: i64,
    /// Oldest first.
    pub items: Vec<QuestionView>,
    /// The viewer may ask (signed in, not the publisher, the order open).
    pub may_ask: bool,
    /// The viewer is the publisher (answers and hides).
    pub publisher: bool,
    pub signed_in: bool,
    /// The order takes questions (it is open and below its cap).
    pub open: bool,
    /// The longest question or answer, in characters.
    pub max_chars: u32,
}

/// Whether a question is shown to `viewer` (`None`: signed out).
pub fn shown_to(hidden: bool, asker_id: i64, publisher_id: i64, viewer: Option<i64>) -> bool {
    !hidden || viewer.is_some_and(|viewer| viewer == asker_id || viewer == publisher_id)
}

/// The text of a question or an answer, trimmed, with Windows line ends
/// made plain; `field` names it in the errors.
pub fn clean_text(field: &str, text: &str, max_chars: usize) -> Result<String, Vec<FieldError>> {
    let text = text.trim().replace("\r\n", "\n");
    if text.is_empty() {
        return Err(vec![FieldError::new(field, "required")]);
    }
    if text.chars().count() > max_chars {
        return Err(vec![FieldError::new(field, "too_long")]);
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(vec![FieldError::new(field, "invalid_characters")]);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hidden_question_is_shown_only_to_its_asker_and_the_publisher() {
        let (asker, publisher, other) = (1, 2, 3);
        assert!(shown_to(false, asker, publisher, None));
        assert!(shown_to(false, asker, publisher, Some(other)));
        assert!(!shown_to(true, asker, publisher, None));
        assert!(!shown_to(true, asker, publisher, Some(other)));
        assert!(shown_to(true, asker, publisher, Some(asker)));
        assert!(shown_to(true, asker, publisher, Some(publisher)));
    }

    #[test]
    fn text_is_trimmed_and_must_be_present_short_and_printable() {
        assert_eq!(
            clean_text("body", "  hi\r\nthere ", 10),
            Ok("hi\nthere".into())
        );
        let error = |code| Err(vec![FieldError::new("body", code)]);
        assert_eq!(clean_text("body", " \n ", 10), error("required"));
        assert_eq!(clean_text("body", "问题问题问题", 5), error("too_long"));
        assert_eq!(clean_text("body", "问题问题问", 5), Ok("问题问题问".into()));
        assert_eq!(
            clean_text("body", "a\u{7}b", 5),
            error("invalid_characters")
        );
    }
}
