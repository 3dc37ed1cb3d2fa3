//! Outgoing mail. A mail is queued as a row of the outbox table
//! (`queue`, in the transaction of the change it reports) and sent by a
//! background worker (`worker`) through one transport: files in the data
//! dir's `outbox` folder by default (development), SMTP (lettre) when
//! `mail.smtp_url` is set.
//!
//! Invariant: every message has a plain-text and an HTML body in the
//! recipient's language, and no body contains unescaped user input.

pub mod digest;
pub mod notification;
mod outbox;
pub mod queue;
mod smtp;
pub mod templates;
pub mod worker;

pub use outbox::{Outbox, StoredMessage};
pub use smtp::SmtpMailer;

use async_trait::async_trait;

/// A message ready to send.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Message {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Why a message did not go out.
#[derive(Debug, thiserror::Error)]
#[error("mail: {reason}")]
pub struct MailError {
    pub reason: String,
    /// The server refused the message for good (a 5xx answer, a malformed
    /// address): trying again would not help.
    pub permanent: bool,
}

impl MailError {
    /// A failure that may pass (a server down, a timeout, a full disk).
    pub fn transient(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
            permanent: false,
        }
    }

    /// A refusal that trying again would not change.
    pub fn permanent(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
            permanent: true,
        }
    }
}

/// A transport. `message_id` is the `Message-ID` header (`<local@domain>`),
/// the same on every attempt for one queued mail.
#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, message: &Message, message_id: &str) -> Result<(), MailError>;
}
