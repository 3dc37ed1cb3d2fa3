//! One component per route.

mod account;
mod admin_users;
mod captcha_section;
mod forgot;
mod forgot_confirm;
mod hall;
mod login;
mod not_found;
mod placeholders;
mod register;
mod register_confirm;
mod user_profile;

pub use account::AccountPage;
pub use admin_users::AdminUsersPage;
pub use forgot::ForgotPage;
pub use forgot_confirm::ForgotConfirmPage;
pub use hall::HallPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use placeholders::{MessagesPage, PublishPage};
pub use register::RegisterPage;
pub use register_confirm::RegisterConfirmPage;
pub use user_profile::UserProfilePage;
