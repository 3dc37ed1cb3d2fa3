//! Who is in a conversation, remembered per instance: a conversation's two
//! members are fixed when it is created and never change (only its order
//! context does), so an entry never goes stale and each instance may keep
//! its own without telling the others.
//!
//! Invariant: only the pair of members is kept here, never what changes
//! (blocks, cursors, hidden flags): those are read where they are used.

use crate::server::db::conversations;
use quick_cache::sync::Cache;
use sqlx::AnyPool;
use std::sync::Arc;

/// Conversations remembered per instance; two ids each, so a full cache
/// is a few megabytes. quick_cache evicts the least used beyond it.
const CAPACITY: usize = 100_000;

/// The two members of a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Members {
    pub low: i64,
    pub high: i64,
}

impl Members {
    pub fn includes(&self, user: i64) -> bool {
        self.low == user || self.high == user
    }

    /// The member who is not `me`.
    pub fn other(&self, me: i64) -> i64 {
        if self.low == me { self.high } else { self.low }
    }
}

/// Conversation id to its members.
#[derive(Clone)]
pub struct MembersCache {
    inner: Arc<Cache<i64, Members>>,
}

impl Default for MembersCache {
    fn default() -> Self {
        MembersCache {
            inner: Arc::new(Cache::new(CAPACITY)),
        }
    }
}

impl std::fmt::Debug for MembersCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MembersCache")
    }
}

impl MembersCache {
    /// The members of `conversation_id`, from memory or else from the
    /// database; `None` when there is no such conversation.
    /// A known conversation costs no database round trip.
    pub async fn of(
        &self,
        pool: &AnyPool,
        conversation_id: i64,
    ) -> Result<Option<Members>, sqlx::Error> {
        if let Some(members) = self.inner.get(&conversation_id) {
            return Ok(Some(members));
        }
        let found = conversations::members(pool, conversation_id)
            .await?
            .map(|(low, high)| Members { low, high });
        if let Some(members) = found {
            self.inner.insert(conversation_id, members);
        }
        Ok(found)
    }
}
