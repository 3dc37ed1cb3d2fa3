//! What pages receive about orders. Each type carries only what its viewer
//! may see: the sealed preview of a solution holds no content, only coarse
//! ranges and salted commitments.

use super::coarse::CountRange;
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

/// A file as the sealed preview shows it: no name (which could give the
/// answer away), and its size and counts only as ranges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedFile {
    pub content_type: String,
    pub size: CountRange,
    /// Lines of a text file, pages of a PDF, when known.
    pub lines: Option<CountRange>,
    pub pages: Option<CountRange>,
    /// The salted commitment to the file's SHA-256.
    pub commitment: String,
}

/// The facts of a sealed version: ranges and salted commitments, from
/// which no guess of the content can be confirmed without the salt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedFacts {
    pub words: CountRange,
    /// The salted commitment to the text's SHA-256.
    pub text_commitment: String,
    pub files: Vec<SealedFile>,
    /// The salted commitment to the version's digest: what opening it
    /// records and what the opened content is checked against.
    pub commitment: String,
}

/// A version as the publisher sees it before opening it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionPreview {
    pub version: i64,
    pub created_at_ms: i64,
    /// `None` for a version submitted before commitments existed (it has no
    /// salt): its only digests are unsalted, which would confirm a guess,
    /// so nothing but its number and date is shown until it is opened.
    pub sealed: Option<SealedFacts>,
}

/// Whether an opened version is what was committed to before opening.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SealCheck {
    /// The commitment recomputed from the disclosed salt and the content
    /// equals the one the sealed preview showed (and the reveal receipt).
    Matches,
    /// It does not: the content changed after it was sealed.
    Mismatch,
}

/// The seal of a version whose content the viewer sees: the salt is
/// disclosed so anyone can recompute the commitment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenedSeal {
    /// Hex of the 32 random bytes.
    pub salt: String,
    /// The commitment the sealed preview showed.
    pub commitment: String,
    pub check: SealCheck,
}

/// The exact facts of a version, for those who see its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionFacts {
    pub version: i64,
    pub created_at_ms: i64,
    pub word_count: i64,
    pub text_sha256: String,
    pub files: Vec<FileMeta>,
    /// SHA-256 over the text digest and every file digest.
    pub digest: String,
    /// `None` for a version submitted before commitments existed.
    pub seal: Option<OpenedSeal>,
}

impl SubmissionFacts {
    /// What the publisher was shown before opening: the commitment, or the
    /// plain digest of a version from before commitments.
    pub fn committed_digest(&self) -> &str {
        self.seal
            .as_ref()
            .map_or(self.digest.as_str(), |seal| seal.commitment.as_str())
    }
}

/// A version with its content, for those allowed to see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionView {
    pub facts: SubmissionFacts,
    /// Sanitised HTML of each text block.
    pub blocks_html: Vec<String>,
}

/// One version as the viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum VersionView {
    Sealed(SubmissionPreview),
    Open(SubmissionView),
}

/// What the viewer may see of an order's solution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SolutionView {
    /// Nothing submitted, or the viewer may not know about it.
    Hidden,
    /// Every version, newest first: open to the taker; to the publisher
    /// sealed until opened (or until the solver is paid).
    Versions {
        versions: Vec<VersionView>,
        /// The viewer (the publisher) may open the newest version now.
        can_open: bool,
    },
}

impl SolutionView {
    /// The sealed versions, newest first.
    pub fn sealed(&self) -> Vec<&SubmissionPreview> {
        self.each(|version| match version {
            VersionView::Sealed(preview) => Some(preview),
            VersionView::Open(_) => None,
        })
    }

    /// The versions whose content the viewer sees, newest first.
    pub fn opened(&self) -> Vec<&SubmissionView> {
        self.each(|version| match version {
            VersionView::Open(view) => Some(view),
            VersionView::Sealed(_) => None,
        })
    }

    /// Whether the viewer may open the newest version now.
    pub fn can_open(&self) -> bool {
        matches!(self, SolutionView::Versions { can_open: true, .. })
    }

    fn each<'a, T>(&'a self, pick: impl Fn(&'a VersionView) -> Option<&'a T>) -> Vec<&'a T> {
        match self {
            SolutionView::Hidden => Vec::new(),
            SolutionView::Versions { versions, .. } => versions.iter().filter_map(pick).collect(),
        }
    }
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
