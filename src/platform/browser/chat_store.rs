//! The chat's cache in IndexedDB (rexie): one database per user, so two
//! accounts on one browser never see each other's messages.
//!
//! Schema version 1 (this file is the only place that knows it):
//! - `messages`: key `[conversation_id, seq]`, index `by_conversation`;
//!   value `{conversation_id, seq, json}` with the message as JSON;
//! - `cursors`: key `conversation_id`, value `{conversation_id, seq}`, the
//!   highest seq held, written in the same transaction as the messages;
//! - `outbox`: key `client_id`, value `{client_id, json}`, messages written
//!   here and not yet acknowledged.
//!
//! Invariant: IndexedDB is a cache. If it cannot be opened (private mode,
//! quota, an old schema in the way) the store is `Off` and every call is a
//! no-op: the chat then lives in memory and the server remains the record.

use crate::domain::chat::ChatMessage;
use crate::domain::chat::client::Pending;
use js_sys::{Object, Reflect};
use rexie::{Index, KeyRange, ObjectStore, Rexie, TransactionMode};
use wasm_bindgen::JsValue;

const SCHEMA_VERSION: u32 = 1;
const MESSAGES: &str = "messages";
const CURSORS: &str = "cursors";
const OUTBOX: &str = "outbox";

fn database_name(user_id: i64) -> String {
    format!("bounty-chat-{user_id}")
}

/// The open cache, or `Off` when IndexedDB is unavailable.
pub enum ChatStore {
    Open(Rexie),
    Off,
}

fn record(fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (name, value) in fields {
        let _ = Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object.into()
}

fn field(value: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(value, &JsValue::from_str(name)).ok()
}

fn json_of(value: &JsValue) -> Option<String> {
    field(value, "json")?.as_string()
}

impl ChatStore {
    /// Opens (creating or upgrading) the user's database.
    pub async fn open(user_id: i64) -> ChatStore {
        let built = Rexie::builder(&database_name(user_id))
            .version(SCHEMA_VERSION)
            .add_object_store(
                ObjectStore::new(MESSAGES)
                    .key_path_array(["conversation_id", "seq"])
                    .add_index(Index::new("by_conversation", "conversation_id")),
            )
            .add_object_store(ObjectStore::new(CURSORS).key_path("conversation_id"))
            .add_object_store(ObjectStore::new(OUTBOX).key_path("client_id"))
            .build()
            .await;
        match built {
            Ok(database) => ChatStore::Open(database),
            Err(_) => ChatStore::Off,
        }
    }

    /// Closes the connection; a deletion waits until every connection to the
    /// database is closed.
    pub fn close(self) {
        if let ChatStore::Open(database) = self {
            database.close();
        }
    }

    /// Removes the user's database (signing out).
    pub async fn delete(user_id: i64) {
        let _ = Rexie::delete(&database_name(user_id)).await;
    }

    /// Signing out is a plain form post, so no running engine sees it: each
    /// page load compares who is signed in now (`user`) with who was last
    /// in this browser (kept in localStorage) and deletes the cache of a
    /// previous user who is gone.
    pub async fn forget_previous_user(user: Option<i64>) {
        const LAST_USER: &str = "bounty-chat-user";
        let Some(storage) =
            web_sys::window().and_then(|window| window.local_storage().ok().flatten())
        else {
            return;
        };
        let previous = storage
            .get_item(LAST_USER)
            .ok()
            .flatten()
            .and_then(|id| id.parse::<i64>().ok());
        // Failing to note the user only leaves a cache for a later page to delete.
        let _ = match user {
            Some(id) => storage.set_item(LAST_USER, &id.to_string()),
            None => storage.remove_item(LAST_USER),
        };
        if let Some(previous) = previous
            && Some(previous) != user
        {
            ChatStore::delete(previous).await;
        }
    }

    /// Keeps messages and the conversation's cursor in one transaction.
    pub async fn keep(&self, conversation_id: i64, messages: &[ChatMessage]) {
        let ChatStore::Open(database) = self else {
            return;
        };
        let Some(highest) = messages.iter().map(|message| message.seq).max() else {
            return;
        };
        let _ = async {
            let transaction =
                database.transaction(&[MESSAGES, CURSORS], TransactionMode::ReadWrite)?;
            let store = transaction.store(MESSAGES)?;
            for message in messages {
                let json = serde_json::to_string(message).unwrap_or_default();
                let value = record(&[
                    ("conversation_id", JsValue::from_f64(conversation_id as f64)),
                    ("seq", JsValue::from_f64(message.seq as f64)),
                    ("json", JsValue::from_str(&json)),
                ]);
                store.put(&value, None).await?;
            }
            let cursors = transaction.store(CURSORS)?;
            let held = cursors
                .get(JsValue::from_f64(conversation_id as f64))
                .await?
                .and_then(|value| field(&value, "seq")?.as_f64())
                .unwrap_or(0.0);
            let cursor = record(&[
                ("conversation_id", JsValue::from_f64(conversation_id as f64)),
                ("seq", JsValue::from_f64(held.max(highest as f64))),
            ]);
            cursors.put(&cursor, None).await?;
            transaction.done().await?;
            Ok::<(), rexie::Error>(())
        }
        .await;
    }

    /// The messages held for a conversation, in seq order.
    pub async fn messages(&self, conversation_id: i64) -> Vec<ChatMessage> {
        let ChatStore::Open(database) = self else {
            return Vec::new();
        };
        let read = async {
            let transaction = database.transaction(&[MESSAGES], TransactionMode::ReadOnly)?;
            let index = transaction.store(MESSAGES)?.index("by_conversation")?;
            let range = KeyRange::only(&JsValue::from_f64(conversation_id as f64))?;
            let values = index.get_all(Some(range), None).await?;
            Ok::<Vec<JsValue>, rexie::Error>(values)
        }
        .await
        .unwrap_or_default();
        let mut messages: Vec<ChatMessage> = values_to(&read);
        messages.sort_by_key(|message| message.seq);
        messages
    }

    pub async fn keep_pending(&self, pending: &Pending) {
        let ChatStore::Open(database) = self else {
            return;
        };
        let json = serde_json::to_string(pending).unwrap_or_default();
        let value = record(&[
            ("client_id", JsValue::from_str(&pending.client_id)),
            ("json", JsValue::from_str(&json)),
        ]);
        let _ = async {
            let transaction = database.transaction(&[OUTBOX], TransactionMode::ReadWrite)?;
            transaction.store(OUTBOX)?.put(&value, None).await?;
            transaction.done().await?;
            Ok::<(), rexie::Error>(())
        }
        .await;
    }

    pub async fn forget_pending(&self, client_id: &str) {
        let ChatStore::Open(database) = self else {
            return;
        };
        let _ = async {
            let transaction = database.transaction(&[OUTBOX], TransactionMode::ReadWrite)?;
            transaction
                .store(OUTBOX)?
                .delete(JsValue::from_str(client_id))
                .await?;
            transaction.done().await?;
            Ok::<(), rexie::Error>(())
        }
        .await;
    }

    /// Everything still waiting to be sent.
    pub async fn pending(&self) -> Vec<Pending> {
        let ChatStore::Open(database) = self else {
            return Vec::new();
        };
        let values = async {
            let transaction = database.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
            transaction.store(OUTBOX)?.get_all(None, None).await
        }
        .await
        .unwrap_or_default();
        values_to(&values)
    }
}

fn values_to<T: serde::de::DeserializeOwned>(values: &[JsValue]) -> Vec<T> {
    values
        .iter()
        .filter_map(json_of)
        .filter_map(|json| serde_json::from_str(&json).ok())
        .collect()
}
