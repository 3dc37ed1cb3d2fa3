//! One chat message, as sent by a client and as stored and delivered.
//!
//! Invariant: a message's content is fixed once stored; its `seq` is unique
//! and gap-free within its conversation, so "everything after seq N" is a
//! complete catch-up.

use crate::domain::order::FileMeta;
use crate::domain::{AppError, FieldError};
use serde::{Deserialize, Serialize};

/// Longest text message, in characters.
pub const MAX_TEXT_CHARS: usize = 4000;
/// Longest client message id, in bytes.
pub const MAX_CLIENT_ID_LEN: usize = 64;

/// What a client asks to send (read back in the browser from its outbox,
/// so read through `FlatOutgoing`, as `MessageBody` is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "FlatOutgoing")]
pub enum OutgoingBody {
    Text {
        text: String,
    },
    /// A file the sender uploaded (`POST /uploads`); pictures become image
    /// messages with a server-made thumbnail.
    File {
        file_id: String,
    },
}

/// Every field of every outgoing body, read straight from the JSON.
#[derive(Deserialize)]
struct FlatOutgoing {
    kind: String,
    text: Option<String>,
    file_id: Option<String>,
}

impl TryFrom<FlatOutgoing> for OutgoingBody {
    type Error = &'static str;

    fn try_from(flat: FlatOutgoing) -> Result<Self, Self::Error> {
        match (flat.kind.as_str(), flat.text, flat.file_id) {
            ("text", Some(text), _) => Ok(OutgoingBody::Text { text }),
            ("file", _, Some(file_id)) => Ok(OutgoingBody::File { file_id }),
            _ => Err("not an outgoing message body"),
        }
    }
}

/// What a stored message holds. Written as `{"kind":"text","text":...}`;
/// read through `FlatBody`, because serde's code for reading an internally
/// tagged enum buffers the value first and reads `FileMeta` a second time
/// from the buffer, twice the code in the browser's WASM for one format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "FlatBody")]
pub enum MessageBody {
    Text { text: String },
    Image { file: FileMeta },
    File { file: FileMeta },
}

/// Every field of every message body, read straight from the JSON.
#[derive(Deserialize)]
struct FlatBody {
    kind: String,
    text: Option<String>,
    file: Option<FileMeta>,
}

impl TryFrom<FlatBody> for MessageBody {
    type Error = &'static str;

    fn try_from(flat: FlatBody) -> Result<Self, Self::Error> {
        match (flat.kind.as_str(), flat.text, flat.file) {
            ("text", Some(text), _) => Ok(MessageBody::Text { text }),
            ("image", _, Some(file)) => Ok(MessageBody::Image { file }),
            ("file", _, Some(file)) => Ok(MessageBody::File { file }),
            _ => Err("not a message body"),
        }
    }
}

impl MessageBody {
    /// A one-line preview for conversation lists.
    pub fn preview(&self) -> String {
        match self {
            MessageBody::Text { text } => text.chars().take(80).collect(),
            MessageBody::Image { .. } => "[image]".to_owned(),
            MessageBody::File { file } => format!("[file] {}", file.name),
        }
    }
}

/// A stored message, as delivered to both members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub id: i64,
    pub conversation_id: i64,
    /// 1, 2, 3, ... within the conversation.
    pub seq: i64,
    pub sender_id: i64,
    pub client_id: String,
    pub body: MessageBody,
    pub sent_at_ms: i64,
}

/// Checks a client message id: 1 to 64 characters of `A-Z a-z 0-9 - _`.
pub fn check_client_id(client_id: &str) -> Result<(), AppError> {
    let valid = !client_id.is_empty()
        && client_id.len() <= MAX_CLIENT_ID_LEN
        && client_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if valid {
        Ok(())
    } else {
        Err(AppError::invalid("client_id", "invalid"))
    }
}

/// Checks what a client wants to send, reporting every problem.
pub fn check_outgoing(client_id: &str, body: &OutgoingBody) -> Result<(), AppError> {
    let mut problems = Vec::new();
    if check_client_id(client_id).is_err() {
        problems.push(FieldError::new("client_id", "invalid"));
    }
    match body {
        OutgoingBody::Text { text } => {
            if text.trim().is_empty() {
                problems.push(FieldError::new("text", "required"));
            } else if text.chars().count() > MAX_TEXT_CHARS {
                problems.push(FieldError::new("text", "too_long"));
            }
        }
        OutgoingBody::File { file_id } => {
            if file_id.is_empty() || file_id.len() > 64 {
                problems.push(FieldError::new("file_id", "invalid"));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(text: &str) -> OutgoingBody {
        OutgoingBody::Text { text: text.into() }
    }

    #[test]
    fn a_plain_text_with_a_uuid_client_id_passes() {
        assert_eq!(
            check_outgoing(
                "0b4a1f9e-2c7d-4e11-9c1a-5f0e8d2b7a6c",
                &text("hello 你好 👋")
            ),
            Ok(())
        );
    }

    #[test]
    fn blank_and_overlong_texts_are_refused_with_their_codes() {
        assert_eq!(
            check_outgoing("a", &text("  \n ")),
            Err(AppError::invalid("text", "required"))
        );
        let long = "字".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(
            check_outgoing("a", &text(&long)),
            Err(AppError::invalid("text", "too_long"))
        );
        let longest = "字".repeat(MAX_TEXT_CHARS);
        assert_eq!(check_outgoing("a", &text(&longest)), Ok(()));
    }

    #[test]
    fn client_ids_outside_the_alphabet_or_too_long_are_refused() {
        for bad in ["", "has space", "semi;colon", &"x".repeat(65)] {
            assert!(check_client_id(bad).is_err(), "{bad:?}");
        }
        assert!(check_client_id(&"x".repeat(64)).is_ok());
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let Err(AppError::Invalid(problems)) = check_outgoing("bad id", &text("")) else {
            panic!("expected invalid");
        };
        assert_eq!(problems.len(), 2);
    }

    #[test]
    fn every_message_body_reads_back_as_written_and_a_wrong_one_is_refused() {
        let file = FileMeta {
            id: "f1".into(),
            name: "a.png".into(),
            content_type: "image/png".into(),
            size: 3,
            has_thumbnail: true,
            lines: None,
            pages: None,
            sha256: "00".into(),
        };
        for body in [
            MessageBody::Text { text: "hi".into() },
            MessageBody::Image { file: file.clone() },
            MessageBody::File { file },
        ] {
            let json = serde_json::to_string(&body).expect("a body serialises");
            assert_eq!(
                serde_json::from_str::<MessageBody>(&json).expect("reads back"),
                body
            );
        }
        assert!(serde_json::from_str::<MessageBody>(r#"{"kind":"image","text":"x"}"#).is_err());
        assert!(serde_json::from_str::<MessageBody>(r#"{"kind":"video"}"#).is_err());
        for body in [
            text("hi"),
            OutgoingBody::File {
                file_id: "f".into(),
            },
        ] {
            let json = serde_json::to_string(&body).expect("a body serialises");
            assert_eq!(
                serde_json::from_str::<OutgoingBody>(&json).expect("reads back"),
                body
            );
        }
        assert!(serde_json::from_str::<OutgoingBody>(r#"{"kind":"file","text":"x"}"#).is_err());
    }
}
