//! One component per route.

use leptos::prelude::*;

mod account;
mod admin_categories;
mod admin_dispute_case;
mod admin_disputes;
mod admin_users;
mod admin_withdrawals;
mod captcha_section;
mod forgot;
mod forgot_confirm;
mod hall;
mod login;
mod messages;
mod my_orders;
mod not_found;
mod notifications;
mod order;
mod publish;
mod register;
mod register_confirm;
mod searches;
mod submit_solution;
mod user_profile;
mod wallet;

pub use account::AccountPage;
pub use admin_categories::AdminCategoriesPage;
pub use admin_dispute_case::AdminDisputeCasePage;
pub use admin_disputes::AdminDisputesPage;
pub use admin_users::AdminUsersPage;
pub use admin_withdrawals::AdminWithdrawalsPage;
pub use forgot::ForgotPage;
pub use forgot_confirm::ForgotConfirmPage;
pub use hall::HallPage;
pub use login::LoginPage;
pub use messages::{ConversationPage, MessagesPage};
pub use my_orders::MyOrdersPage;
pub use not_found::NotFoundPage;
pub use notifications::NotificationsPage;
pub use order::OrderPage;
pub use publish::{EditOrderPage, PublishPage};
pub use register::RegisterPage;
pub use register_confirm::RegisterConfirmPage;
pub use searches::SearchesPage;
pub use submit_solution::SubmitSolutionPage;
pub use user_profile::UserProfilePage;
pub use wallet::WalletPage;

/// The route's `:id` segment as a number; `None` when it is not one.
fn use_id_param() -> impl Fn() -> Option<i64> + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    }
}
