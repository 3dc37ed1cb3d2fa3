//! One component per route.

mod captcha_section;
mod hall;
mod login;
mod not_found;
mod placeholders;
mod register;
mod register_confirm;

pub use hall::HallPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use placeholders::{MessagesPage, PublishPage};
pub use register::RegisterPage;
pub use register_confirm::RegisterConfirmPage;
