//! The pages as lazily loaded routes, so a visitor's browser downloads the
//! code of the pages it shows rather than of the whole site.
//!
//! Pages are loaded in groups, one `#[lazy]` function per group: each
//! function is one split point of `cargo leptos --split`, and code shared by
//! several split points goes into shared chunks, so a few groups of pages that
//! are used together keep the number of files a page loads small (one split
//! point per page made about 250 files, 100 of them for the hall alone).
//!
//! Invariants: every page is reached only through its group function (a page
//! named anywhere else would be pulled into the main file); the server runs
//! the same functions directly, and each one it runs while rendering adds its
//! files to the page's preload links, so hydration does not wait for them.

use crate::ui::pages;
use leptos::prelude::*;
use leptos_router::LazyRoute;

/// The hall: the first page of most visits, so it loads alone.
#[leptos::lazy]
fn hall() -> AnyView {
    view! { <pages::HallPage /> }.into_any()
}

/// An order and a user's public profile, where shared links lead.
#[derive(Clone, Copy)]
pub enum Browse {
    Order,
    UserProfile,
}

#[leptos::lazy]
fn browse(page: Browse) -> AnyView {
    match page {
        Browse::Order => view! { <pages::OrderPage /> }.into_any(),
        Browse::UserProfile => view! { <pages::UserProfilePage /> }.into_any(),
    }
}

/// Writing orders and solutions, and one's own orders.
#[derive(Clone, Copy)]
pub enum Author {
    Publish,
    Edit,
    Submit,
    MyOrders,
}

#[leptos::lazy]
fn author(page: Author) -> AnyView {
    match page {
        Author::Publish => view! { <pages::PublishPage /> }.into_any(),
        Author::Edit => view! { <pages::EditOrderPage /> }.into_any(),
        Author::Submit => view! { <pages::SubmitSolutionPage /> }.into_any(),
        Author::MyOrders => view! { <pages::MyOrdersPage /> }.into_any(),
    }
}

/// Signing in and up, password resets and one's account.
#[derive(Clone, Copy)]
pub enum Accounts {
    Login,
    Register,
    RegisterConfirm,
    Forgot,
    ForgotConfirm,
    Account,
}

#[leptos::lazy]
fn accounts(page: Accounts) -> AnyView {
    match page {
        Accounts::Login => view! { <pages::LoginPage /> }.into_any(),
        Accounts::Register => view! { <pages::RegisterPage /> }.into_any(),
        Accounts::RegisterConfirm => view! { <pages::RegisterConfirmPage /> }.into_any(),
        Accounts::Forgot => view! { <pages::ForgotPage /> }.into_any(),
        Accounts::ForgotConfirm => view! { <pages::ForgotConfirmPage /> }.into_any(),
        Accounts::Account => view! { <pages::AccountPage /> }.into_any(),
    }
}

/// The conversation list and a conversation.
#[derive(Clone, Copy)]
pub enum Messages {
    List,
    Conversation,
}

#[leptos::lazy]
fn messages(page: Messages) -> AnyView {
    match page {
        Messages::List => view! { <pages::MessagesPage /> }.into_any(),
        Messages::Conversation => view! { <pages::ConversationPage /> }.into_any(),
    }
}

/// The wallet and the notifications.
#[derive(Clone, Copy)]
pub enum Money {
    Wallet,
    Notifications,
}

#[leptos::lazy]
fn money(page: Money) -> AnyView {
    match page {
        Money::Wallet => view! { <pages::WalletPage /> }.into_any(),
        Money::Notifications => view! { <pages::NotificationsPage /> }.into_any(),
    }
}

/// The administrators' pages.
#[derive(Clone, Copy)]
pub enum Admin {
    Users,
    Categories,
    Withdrawals,
    Disputes,
    DisputeCase,
}

#[leptos::lazy]
fn admin(page: Admin) -> AnyView {
    match page {
        Admin::Users => view! { <pages::AdminUsersPage /> }.into_any(),
        Admin::Categories => view! { <pages::AdminCategoriesPage /> }.into_any(),
        Admin::Withdrawals => view! { <pages::AdminWithdrawalsPage /> }.into_any(),
        Admin::Disputes => view! { <pages::AdminDisputesPage /> }.into_any(),
        Admin::DisputeCase => view! { <pages::AdminDisputeCasePage /> }.into_any(),
    }
}

/// One route type per page: `Lazy::<HallRoute>::new()` in the route table.
/// `preload` names the group's loader, which `#[leptos::lazy]` defines in the
/// browser build: the router awaits it before hydrating, so the page's code is
/// in place and hydrates in step with the server's HTML (without it the page
/// is still loading while the router hydrates, and hydration fails).
macro_rules! lazy_pages {
    ($($route:ident => $group:ident($($page:expr)?), $preload:ident;)*) => {
        $(
            pub struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    Self
                }

                async fn view(_this: Self) -> AnyView {
                    $group($($page)?).await
                }

                async fn preload() {
                    // Only the browser build splits; the server runs the group directly.
                    #[cfg(target_arch = "wasm32")]
                    $preload().await;
                }
            }
        )*
    };
}

lazy_pages! {
    HallRoute => hall(), __preload_hall;
    OrderRoute => browse(Browse::Order), __preload_browse;
    UserProfileRoute => browse(Browse::UserProfile), __preload_browse;
    PublishRoute => author(Author::Publish), __preload_author;
    EditOrderRoute => author(Author::Edit), __preload_author;
    SubmitSolutionRoute => author(Author::Submit), __preload_author;
    MyOrdersRoute => author(Author::MyOrders), __preload_author;
    LoginRoute => accounts(Accounts::Login), __preload_accounts;
    RegisterRoute => accounts(Accounts::Register), __preload_accounts;
    RegisterConfirmRoute => accounts(Accounts::RegisterConfirm), __preload_accounts;
    ForgotRoute => accounts(Accounts::Forgot), __preload_accounts;
    ForgotConfirmRoute => accounts(Accounts::ForgotConfirm), __preload_accounts;
    AccountRoute => accounts(Accounts::Account), __preload_accounts;
    MessagesRoute => messages(Messages::List), __preload_messages;
    ConversationRoute => messages(Messages::Conversation), __preload_messages;
    WalletRoute => money(Money::Wallet), __preload_money;
    NotificationsRoute => money(Money::Notifications), __preload_money;
    AdminUsersRoute => admin(Admin::Users), __preload_admin;
    AdminCategoriesRoute => admin(Admin::Categories), __preload_admin;
    AdminWithdrawalsRoute => admin(Admin::Withdrawals), __preload_admin;
    AdminDisputesRoute => admin(Admin::Disputes), __preload_admin;
    AdminDisputeCaseRoute => admin(Admin::DisputeCase), __preload_admin;
}
