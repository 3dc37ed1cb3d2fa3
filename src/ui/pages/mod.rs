//! One component per route.

mod hall;
mod not_found;
mod placeholders;

pub use hall::HallPage;
pub use not_found::NotFoundPage;
pub use placeholders::{MessagesPage, PublishPage, SignInPage};
