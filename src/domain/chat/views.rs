//! What a member sees of a conversation in their list.

use super::ChatMessage;
use crate::domain::order::{OrderState, PartyView};
use serde::{Deserialize, Serialize};

/// The order a conversation was opened from, shown in its header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderContext {
    pub id: i64,
    pub title: String,
    pub state: OrderState,
}

/// One conversation in my list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationSummary {
    pub id: i64,
    /// The other member.
    pub other: PartyView,
    pub online: bool,
    pub order: Option<OrderContext>,
    /// The newest message's seq (0 when empty).
    pub last_seq: i64,
    /// My read cursor: messages up to this seq count as read.
    pub read_seq: i64,
    /// `last_seq - read_seq`.
    pub unread: i64,
    pub last_preview: Option<String>,
    pub last_at_ms: i64,
}

/// A page of my conversations, the unread total, and who I am (to tell my messages
/// from theirs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub me: i64,
    /// One page, newest activity first.
    pub conversations: Vec<ConversationSummary>,
    pub unread_total: i64,
    /// The cursor of the next (older) page (`?before=`), if there is one.
    pub next: Option<String>,
}

/// One conversation with its newest messages, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thread {
    pub me: i64,
    pub summary: ConversationSummary,
    pub messages: Vec<ChatMessage>,
    pub blocked_by_me: bool,
    /// The link of the escrow notice ("not protected by the escrow: send
    /// solutions through the order"), when I should see it.
    pub escrow_notice: Option<String>,
}
