//! The HTML shell and the application: providers and the route table.
//!
//! Invariant: `shell` and `App` run only on the server. The app is built of
//! islands: the browser hydrates only the `#[island]` components (chat,
//! header menu, uploads, captcha, infinite scroll), which read the locale
//! from `<html lang>` and take everything else as serialisable props; every
//! other page part is plain server HTML whose forms post to server functions.

use crate::platform;
use crate::ui::chat::ChatRoot;
use crate::ui::components::{SiteFooter, SiteHeader, SiteNoticeBanner};
use crate::ui::i18n::provide_locale;
use crate::ui::pages::{
    AccountPage, AdminCategoriesPage, AdminDisputeCasePage, AdminDisputesPage, AdminUsersPage,
    AdminWithdrawalsPage, ConversationPage, EditOrderPage, ForgotConfirmPage, ForgotPage, HallPage,
    LoginPage, MessagesPage, MyOrdersPage, NotFoundPage, NotificationsPage, OrderPage, PublishPage,
    RegisterConfirmPage, RegisterPage, SearchesPage, SubmitSolutionPage, UserProfilePage,
    WalletPage,
};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The document around the app, rendered once per request on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = platform::page_locale();
    view! {
        <!DOCTYPE html>
        <html lang=locale.tag()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <AutoReload options=options.clone() />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The application: context providers, the page frame and the routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_locale(platform::page_locale());

    view! {
        <Stylesheet id="leptos" href="/pkg/bounty.css" />
        <Router>
            <ChatRoot>
            <SiteNoticeBanner />
            <SiteHeader />
            <main id="content" class="page">
                <Routes fallback=|| view! { <NotFoundPage /> }>
                    // In order: out-of-order streaming swaps resolved <Suspense>
                    // content in with a script, which a browser without
                    // JavaScript never runs. Async where a redirect to sign-in
                    // must be decided before the response starts.
                    <Route path=path!("") view=HallPage ssr=SsrMode::InOrder />
                    <Route path=path!("/publish") view=PublishPage ssr=SsrMode::Async />
                    <Route path=path!("/orders/:id") view=OrderPage ssr=SsrMode::Async />
                    <Route path=path!("/my/orders") view=MyOrdersPage ssr=SsrMode::Async />
                    <Route path=path!("/orders/:id/edit") view=EditOrderPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/orders/:id/submit")
                        view=SubmitSolutionPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/messages") view=MessagesPage ssr=SsrMode::Async />
                    <Route path=path!("/messages/:id") view=ConversationPage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::InOrder />
                    <Route path=path!("/register") view=RegisterPage ssr=SsrMode::InOrder />
                    <Route
                        path=path!("/register/confirm")
                        view=RegisterConfirmPage
                        ssr=SsrMode::InOrder
                    />
                    <Route path=path!("/forgot") view=ForgotPage ssr=SsrMode::InOrder />
                    <Route path=path!("/forgot/confirm") view=ForgotConfirmPage ssr=SsrMode::InOrder />
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/users") view=AdminUsersPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/admin/categories")
                        view=AdminCategoriesPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/admin/withdrawals")
                        view=AdminWithdrawalsPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/admin/disputes") view=AdminDisputesPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/admin/disputes/:id")
                        view=AdminDisputeCasePage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/users/:id") view=UserProfilePage ssr=SsrMode::Async />
                    <Route path=path!("/wallet") view=WalletPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/notifications")
                        view=NotificationsPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/searches") view=SearchesPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <SiteFooter />
            </ChatRoot>
        </Router>
    }
}
