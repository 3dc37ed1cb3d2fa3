//! The development transport: each message becomes one JSON file in
//! `<data_dir>/outbox`, named so that listing sorts oldest first (the dev
//! mailbox page, `/dev/mailbox`, shows them).

use super::{MailError, Mailer, Message};
use async_trait::async_trait;
use std::path::PathBuf;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct StoredMessage {
    pub sent_at_ms: i64,
    /// The `Message-ID` header it would carry.
    #[serde(default)]
    pub message_id: String,
    #[serde(flatten)]
    pub message: Message,
}

pub struct Outbox {
    dir: PathBuf,
}

impl Outbox {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// Every stored message, oldest first; unreadable files are skipped.
    pub async fn list(&self) -> Result<Vec<StoredMessage>, MailError> {
        let mut names = Vec::new();
        let mut entries = match tokio::fs::read_dir(&self.dir).await {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(MailError::transient(error.to_string())),
        };
        while let Some(entry) = entries
            .next_entry()
            .await
            .map_err(|e| MailError::transient(e.to_string()))?
        {
            let path = entry.path();
            // Finished messages only, not one being written.
            if path
                .extension()
                .is_some_and(|extension| extension == "json")
            {
                names.push(path);
            }
        }
        names.sort();
        let mut messages = Vec::new();
        for path in names {
            if let Ok(bytes) = tokio::fs::read(&path).await
                && let Ok(message) = serde_json::from_slice(&bytes)
            {
                messages.push(message);
            }
        }
        Ok(messages)
    }
}

#[async_trait]
impl Mailer for Outbox {
    async fn send(&self, message: &Message, message_id: &str) -> Result<(), MailError> {
        let sent_at_ms = crate::server::auth::now_millis();
        let stored = StoredMessage {
            sent_at_ms,
            message_id: message_id.to_owned(),
            message: message.clone(),
        };
        let json =
            serde_json::to_vec_pretty(&stored).map_err(|e| MailError::transient(e.to_string()))?;
        tokio::fs::create_dir_all(&self.dir)
            .await
            .map_err(|e| MailError::transient(e.to_string()))?;
        let name = format!(
            "{sent_at_ms:015}-{}.json",
            crate::server::auth::random_id(4)
        );
        // Written aside and renamed, so a write cut short (a full disk)
        // leaves no empty message behind and the listing never sees half.
        let partial = self.dir.join(format!(".{name}.partial"));
        let written = async {
            tokio::fs::write(&partial, json).await?;
            tokio::fs::rename(&partial, self.dir.join(&name)).await
        }
        .await;
        if let Err(error) = written {
            let _ = tokio::fs::remove_file(&partial).await;
            return Err(MailError::transient(error.to_string()));
        }
        Ok(())
    }
}
