//! What pages receive about orders. Each type carries only what its viewer
//! may see: the sealed preview of a solution holds no content, only facts
//! and digests.

use super::lifecycle::{OrderAction, OrderState, Relation};
use serde::{Deserialize, Serialize};

/// A category orders are filed under; admins manage them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: i64,
    pub name_en: String,
    pub name_zh: String,
    pub position: i64,
    pub archived: bool,
}

/// An uploaded file as listed on an order or a solution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileMeta {
    /// Server-generated; the download path is `/files/<id>`.
    pub id: String,
    /// The name it was uploaded with (metadata only, never a storage path).
    pub name: String,
    pub content_type: String,
    pub size: i64,
    /// Whether `/files/<id>/thumb` serves a thumbnail.
    pub has_thumbnail: bool,
    /// Lines of a text file, pages of a PDF, when known.
    pub lines: Option<i64>,
    pub pages: Option<i64>,
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
}

/// A user as shown beside an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyView {
    pub id: i64,
    pub nickname: String,
    pub avatar: Option<String>,
}

/// One order in the hall or a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderCard {
    pub id: i64,
    pub title: String,
    /// The first lines of the description, as plain text.
    pub excerpt: String,
    pub state: OrderState,
    pub category_en: String,
    pub category_zh: String,
    pub reward_minor: Option<i64>,
    pub deadline_day: Option<i64>,
    pub publisher: PartyView,
    pub attachment_count: i64,
    /// Ids of up to two image attachments with thumbnails.
    pub thumbnails: Vec<String>,
    pub created_at_ms: i64,
    /// Taken, and the deadline passed with nothing submitted: both parties
    /// see the flag and the publisher may reopen it.
    pub overdue: bool,
    /// The reward is held in escrow ("reward secured").
    pub funded: bool,
}

/// A solution as the publisher sees it before funding: facts, no content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionPreview {
    pub version: i64,
    pub created_at_ms: i64,
    pub word_count: i64,
    pub text_sha256: String,
    /// Type, size, page/line counts and digest of each file (no names).
    pub files: Vec<FileMeta>,
    /// Digest over every part: what funding will commit to.
    pub digest: String,
}

/// A solution with its content, for those allowed to open it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionView {
    pub preview: SubmissionPreview,
    /// Sanitised HTML of each text block.
    pub blocks_html: Vec<String>,
}

/// What the viewer may see of an order's solution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SolutionView {
    /// Nothing submitted, or the viewer may not know about it.
    Hidden,
    /// The publisher before funding: previews of every version, newest first.
    Sealed(Vec<SubmissionPreview>),
    /// The taker: every version with content, newest first.
    Open(Vec<SubmissionView>),
}

/// An order page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    pub card: OrderCard,
    /// Sanitised HTML of each description block.
    pub blocks_html: Vec<String>,
    pub attachments: Vec<FileMeta>,
    pub currency: String,
    /// Shown to the publisher and the taker only.
    pub taker: Option<PartyView>,
    pub deadline_passed: bool,
    /// The viewer's relation, `None` when signed out.
    pub viewer: Option<Relation>,
    /// What the viewer may do now.
    pub actions: Vec<OrderAction>,
    pub solution: SolutionView,
    /// A dispute is open: the order waits for an admin's decision.
    pub in_dispute: bool,
}

/// A solution as the taker sends it (JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionDraft {
    pub blocks: Vec<String>,
    pub files: Vec<String>,
}

/// What the publish and edit forms need from the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormContext {
    pub categories: Vec<Category>,
    pub currency: String,
}
