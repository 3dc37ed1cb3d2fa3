//! The production transport: SMTP through lettre's pooled async transport.

use super::{MailError, Mailer, Message};
use async_trait::async_trait;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::time::Duration;

/// How long one SMTP command may take before the attempt counts as failed
/// (lettre's default is a minute; the worker's claim on a row must outlast
/// a whole batch of these, see `worker::CLAIM`).
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(20);

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    /// `url` is `smtp://host:port` (plain, for a local relay) or
    /// `smtps://user:pass@host` (TLS); `from` a mailbox like `Name <a@b>`.
    pub fn new(url: &str, from: &str) -> Result<Self, MailError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailError::permanent(format!("mail.smtp_url: {e}")))?
            .timeout(Some(COMMAND_TIMEOUT))
            .build();
        let from = from
            .parse()
            .map_err(|e| MailError::permanent(format!("mail.from: {e}")))?;
        Ok(Self { transport, from })
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, message: &Message, message_id: &str) -> Result<(), MailError> {
        let to: Mailbox = message
            .to
            .parse()
            .map_err(|e| MailError::permanent(format!("recipient: {e}")))?;
        let email = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .message_id(Some(message_id.to_owned()))
            .subject(message.subject.clone())
            .multipart(MultiPart::alternative_plain_html(
                message.text.clone(),
                message.html.clone(),
            ))
            .map_err(|e| MailError::permanent(e.to_string()))?;
        self.transport.send(email).await.map(|_| ()).map_err(|e| {
            if e.is_permanent() {
                MailError::permanent(e.to_string())
            } else {
                MailError::transient(e.to_string())
            }
        })
    }
}
