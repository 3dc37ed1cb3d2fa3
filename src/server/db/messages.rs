//! Stored chat messages.
//!
//! Invariants: `(conversation_id, seq)` and `(sender_id, client_id)` are
//! unique, so a message is stored once however often it is sent; nothing
//! here deletes a message (delivery deletes nothing).

use crate::domain::chat::{ChatMessage, MessageBody};
use crate::domain::order::FileMeta;
use crate::server::db::Backend;
use sqlx::AnyConnection;

/// A message with its file's metadata, when it has a file.
#[derive(Debug, sqlx::FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub conversation_id: i64,
    pub seq: i64,
    pub sender_id: i64,
    pub client_id: String,
    pub kind: String,
    pub body_text: Option<String>,
    pub file_id: Option<String>,
    pub file_name: Option<String>,
    pub file_type: Option<String>,
    pub file_size: Option<i64>,
    pub file_sha256: Option<String>,
    pub file_thumb: Option<i64>,
    pub created_at: i64,
}

impl MessageRow {
    fn file(&self) -> FileMeta {
        FileMeta {
            id: self.file_id.clone().unwrap_or_default(),
            name: self.file_name.clone().unwrap_or_default(),
            content_type: self.file_type.clone().unwrap_or_default(),
            size: self.file_size.unwrap_or_default(),
            has_thumbnail: self.file_thumb.unwrap_or_default() != 0,
            lines: None,
            pages: None,
            sha256: self.file_sha256.clone().unwrap_or_default(),
        }
    }
}

impl From<MessageRow> for ChatMessage {
    fn from(row: MessageRow) -> Self {
        let body = match row.kind.as_str() {
            "image" => MessageBody::Image { file: row.file() },
            "file" => MessageBody::File { file: row.file() },
            _ => MessageBody::Text {
                text: row.body_text.clone().unwrap_or_default(),
            },
        };
        ChatMessage {
            id: row.id,
            conversation_id: row.conversation_id,
            seq: row.seq,
            sender_id: row.sender_id,
            client_id: row.client_id,
            body,
            sent_at_ms: row.created_at,
        }
    }
}

const SELECT: &str = "SELECT m.id, m.conversation_id, m.seq, m.sender_id, m.client_id, m.kind, \
     m.body_text, m.file_id, f.name AS file_name, f.content_type AS file_type, \
     f.size_bytes AS file_size, f.sha256 AS file_sha256, f.has_thumbnail AS file_thumb, \
     m.created_at FROM messages m LEFT JOIN files f ON f.id = m.file_id ";

/// What a new message stores; its seq is assigned by [`append`].
pub struct NewMessage<'a> {
    pub conversation_id: i64,
    pub sender_id: i64,
    pub client_id: &'a str,
    pub kind: &'static str,
    pub body_text: Option<&'a str>,
    pub file_id: Option<&'a str>,
    pub created_at: i64,
}

/// Stores a message with the next seq of its conversation in one statement;
/// returns its `(id, seq)`, or `None` when the conversation does not exist
/// or either member blocks the other (so a block is checked by the insert
/// itself, with no read before it).
///
/// The seq is read from `conversations.last_seq` by the INSERT itself, and
/// the `messages_advance_conversation` trigger moves `last_seq` and the
/// sender's read cursor to it in the same statement. On SQLite the one
/// writer connection orders every insert; on PostgreSQL `FOR UPDATE` locks
/// the conversation row, so a concurrent sender waits and then reads the
/// seq this one stored. A repeated `(sender, client_id)` fails the whole
/// statement with a unique violation, using no seq.
pub async fn append<'c>(
    executor: impl sqlx::Executor<'c, Database = sqlx::Any>,
    backend: Backend,
    new: &NewMessage<'_>,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let lock = match backend {
        Backend::Sqlite => "",
        Backend::Postgres => " FOR UPDATE OF c",
    };
    let sql = format!(
        "INSERT INTO messages (conversation_id, seq, sender_id, client_id, kind, body_text, \
         file_id, created_at) SELECT c.id, c.last_seq + 1, $2, $3, $4, $5, $6, $7 \
         FROM conversations c WHERE c.id = $1 AND NOT EXISTS (SELECT 1 FROM blocks b WHERE \
         (b.blocker_id = c.user_low AND b.blocked_id = c.user_high) OR \
         (b.blocker_id = c.user_high AND b.blocked_id = c.user_low)){lock} RETURNING id, seq"
    );
    sqlx::query_as(&sql)
        .bind(new.conversation_id)
        .bind(new.sender_id)
        .bind(new.client_id.to_owned())
        .bind(new.kind)
        .bind(new.body_text.map(str::to_owned))
        .bind(new.file_id.map(str::to_owned))
        .bind(new.created_at)
        .fetch_optional(executor)
        .await
}

/// The message `sender` sent under `client_id`, if any.
pub async fn by_client_id(
    connection: &mut AnyConnection,
    sender: i64,
    client_id: &str,
) -> Result<Option<MessageRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE m.sender_id = $1 AND m.client_id = $2");
    sqlx::query_as(&sql)
        .bind(sender)
        .bind(client_id.to_owned())
        .fetch_optional(connection)
        .await
}

/// One message by id.
pub async fn by_id(connection: &mut AnyConnection, id: i64) -> Result<MessageRow, sqlx::Error> {
    let sql = format!("{SELECT} WHERE m.id = $1");
    sqlx::query_as(&sql).bind(id).fetch_one(connection).await
}

/// Up to `limit` messages of a conversation after `after_seq`, in order.
pub async fn after(
    connection: &mut AnyConnection,
    conversation_id: i64,
    after_seq: i64,
    limit: i64,
) -> Result<Vec<MessageRow>, sqlx::Error> {
    let sql =
        format!("{SELECT} WHERE m.conversation_id = $1 AND m.seq > $2 ORDER BY m.seq LIMIT $3");
    sqlx::query_as(&sql)
        .bind(conversation_id)
        .bind(after_seq)
        .bind(limit)
        .fetch_all(connection)
        .await
}

/// The newest `limit` messages of a conversation, newest first.
pub async fn latest(
    connection: &mut AnyConnection,
    conversation_id: i64,
    limit: i64,
) -> Result<Vec<MessageRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE m.conversation_id = $1 ORDER BY m.seq DESC LIMIT $2");
    sqlx::query_as(&sql)
        .bind(conversation_id)
        .bind(limit)
        .fetch_all(connection)
        .await
}
