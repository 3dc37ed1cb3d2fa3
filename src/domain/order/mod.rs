//! Orders: the lifecycle, the rules a draft must meet, the hall's filters, and
//! the wire types pages and server functions exchange.
//!
//! Invariant: everything here is pure; the server re-checks every rule the
//! browser checks, with the same codes.

pub mod agreement;
pub mod application;
pub mod coarse;
pub mod dispute;
pub mod draft;
pub mod escrow;
pub mod hall;
pub mod lifecycle;
pub mod mine;
pub mod question;
pub mod seal;
pub mod search;
mod views;

pub use draft::{CleanDraft, OrderDraft};
pub use hall::{HallFilter, HallPage};
pub use lifecycle::{OrderAction, OrderState, Relation};
pub use mine::{MyOrdersFilter, MySide};
pub use views::{
    Category, FileMeta, FormContext, OpenedSeal, OrderCard, OrderView, PartyView, SealCheck,
    SealedFacts, SealedFile, SolutionView, SubmissionDraft, SubmissionFacts, SubmissionPreview,
    SubmissionView, VersionView,
};
