//! Queuing mail: a mail is a row of the outbox (`db::mail_outbox`) written
//! on the caller's connection, so inside the caller's transaction when it
//! has one; the background worker (`mail::worker`) sends it.
//!
//! Invariants: queuing never talks to a mail server, so no request waits on
//! SMTP; each row gets its message id when queued, and every attempt sends
//! it with that id, so a mail delivered twice (at least once means it can
//! be) is recognisably one message; a notification is rendered when sent,
//! with the server's public address of that moment.

use super::Message;
use super::notification::notification as notification_mail;
use crate::domain::AppError;
use crate::domain::Locale;
use crate::domain::notification::NotificationKind;
use crate::server::auth::{now_millis, random_id};
use crate::server::state::AppState;
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;

/// What a row of the outbox holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "mail", rename_all = "snake_case")]
pub enum Mail {
    /// Written in full when queued (codes and notes about accounts).
    Ready(Message),
    /// A notification, linking to its order (or to the wallet).
    Notification {
        to: String,
        locale: String,
        kind: String,
        title: Option<String>,
        order_id: Option<i64>,
    },
    /// The daily digest of a user's saved-search matches.
    Digest {
        to: String,
        locale: String,
        orders: Vec<super::digest::DigestOrder>,
    },
}

impl Mail {
    /// The message to send; `public_url` is the server's address for links.
    pub fn render(&self, public_url: &str) -> Result<Message, String> {
        match self {
            Mail::Ready(message) => Ok(message.clone()),
            Mail::Notification {
                to,
                locale,
                kind,
                title,
                order_id,
            } => {
                let kind = NotificationKind::parse(kind)
                    .ok_or_else(|| format!("unknown notification kind {kind}"))?;
                let locale = Locale::from_tag(locale).unwrap_or_default();
                let base = public_url.trim_end_matches('/');
                let link = match order_id {
                    Some(order_id) => format!("{base}/orders/{order_id}"),
                    None => format!("{base}/wallet"),
                };
                Ok(notification_mail(to, locale, kind, title.as_deref(), &link))
            }
            Mail::Digest { to, locale, orders } => {
                let locale = Locale::from_tag(locale).unwrap_or_default();
                Ok(super::digest::digest(to, locale, orders, public_url))
            }
        }
    }
}

/// The `Message-ID` header for a row's id and the sender's address
/// (`Name <user@domain>`): `<local@domain>`.
pub fn message_id_header(local: &str, from: &str) -> String {
    let domain = from
        .rsplit_once('@')
        .map(|(_, rest)| rest.trim_end_matches('>').trim())
        .filter(|domain| !domain.is_empty())
        .unwrap_or("bounty.invalid");
    format!("<{local}@{domain}>")
}

/// Queues `mail` on `connection`; it goes out once the caller's
/// transaction commits (and the worker is woken or polls).
pub async fn enqueue(
    connection: &mut AnyConnection,
    mail: &Mail,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    let content = serde_json::to_string(mail).map_err(|error| sqlx::Error::Encode(error.into()))?;
    crate::server::db::mail_outbox::insert(connection, &random_id(16), &content, now_ms).await?;
    Ok(())
}

/// Queues a ready message on its own (no transaction to join) and wakes
/// this instance's worker.
pub async fn send_later(state: &AppState, message: Message) -> Result<(), AppError> {
    let mut connection = state.db.acquire_writer().await?;
    enqueue(&mut connection, &Mail::Ready(message), now_millis()).await?;
    drop(connection);
    state.mail_queued.notify_one();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_id_takes_the_senders_domain() {
        assert_eq!(
            message_id_header("abc", "Bounty <no-reply@bounty.example>"),
            "<abc@bounty.example>"
        );
        assert_eq!(message_id_header("abc", "plain"), "<abc@bounty.invalid>");
    }

    #[test]
    fn a_notification_is_rendered_with_the_public_address_of_the_moment() {
        let mail = Mail::Notification {
            to: "a@example.com".into(),
            locale: "en".into(),
            kind: NotificationKind::Confirmed.as_str().into(),
            title: Some("Fix <b>it</b>".into()),
            order_id: Some(7),
        };
        let stored = serde_json::to_string(&mail).expect("json");
        let back: Mail = serde_json::from_str(&stored).expect("back");
        let message = back.render("https://bounty.example/").expect("rendered");
        assert!(message.text.contains("https://bounty.example/orders/7"));
        assert!(!message.html.contains("<b>"));
        assert_eq!(message.to, "a@example.com");
    }

    #[test]
    fn an_unknown_kind_is_an_error_not_a_panic() {
        let mail = Mail::Notification {
            to: "a@example.com".into(),
            locale: "xx".into(),
            kind: "nonsense".into(),
            title: None,
            order_id: None,
        };
        assert!(mail.render("http://x").is_err());
    }
}
