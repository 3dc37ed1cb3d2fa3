//! Outgoing mail: one trait, written to the data dir's outbox by default or
//! sent over SMTP (lettre) when `mail.smtp_url` is set.
//!
//! Invariant: every message has a plain-text and an HTML body in the
//! recipient's language, and no body contains unescaped user input.

pub mod notification;
mod outbox;
mod smtp;
pub mod templates;

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

#[derive(Debug, thiserror::Error)]
#[error("mail: {0}")]
pub struct MailError(pub String);

#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, message: Message) -> Result<(), MailError>;
}
