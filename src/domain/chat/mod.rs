//! Chat and the realtime connection: the frames a browser tab and the server
//! exchange over `/ws`, the rules a message must meet, and the views of
//! conversations.
//!
//! Invariants: every frame carries the protocol version; the server decides
//! a message's id, sequence number and time, the client only its client id
//! (which makes a resend idempotent); a conversation has exactly two members.

pub mod client;
pub mod frames;
pub mod message;
mod views;

pub use frames::{ClientFrame, FrameError, PROTOCOL_VERSION, ServerFrame, decode_client_frame};
pub use message::{ChatMessage, MessageBody, OutgoingBody};
pub use views::{ConversationSummary, Inbox, OrderContext, Thread};
