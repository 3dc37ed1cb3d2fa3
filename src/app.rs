//! The HTML shell and the application: providers and the route table.
//!
//! Invariant: `shell` runs only on the server; `App` runs on both targets and
//! renders identically there, because its only input (the locale) comes from
//! the request on the server and from `<html lang>` in the browser.

use crate::platform;
use crate::ui::components::{SiteFooter, SiteHeader};
use crate::ui::i18n::provide_locale;
use crate::ui::pages::NotFoundPage;
use crate::ui::routes::*;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, SsrMode, path};

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
                <HydrationScripts options />
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
    crate::ui::chat::provide_chat();

    view! {
        <Stylesheet id="leptos" href="/pkg/bounty.css" />
        <Router>
            <SiteHeader />
            <main id="content" class="page">
                <Routes fallback=|| view! { <NotFoundPage /> }>
                    // In order: out-of-order streaming swaps resolved <Suspense>
                    // content in with a script, which a browser without
                    // JavaScript never runs. Async where a redirect to sign-in
                    // must be decided before the response starts.
                    <Route path=path!("") view={Lazy::<HallRoute>::new()} ssr=SsrMode::InOrder />
                    <Route path=path!("/publish") view={Lazy::<PublishRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/orders/:id") view={Lazy::<OrderRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/my/orders") view={Lazy::<MyOrdersRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/orders/:id/edit") view={Lazy::<EditOrderRoute>::new()} ssr=SsrMode::Async />
                    <Route
                        path=path!("/orders/:id/submit")
                        view={Lazy::<SubmitSolutionRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/messages") view={Lazy::<MessagesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/messages/:id") view={Lazy::<ConversationRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/login") view={Lazy::<LoginRoute>::new()} ssr=SsrMode::InOrder />
                    <Route path=path!("/register") view={Lazy::<RegisterRoute>::new()} ssr=SsrMode::InOrder />
                    <Route
                        path=path!("/register/confirm")
                        view={Lazy::<RegisterConfirmRoute>::new()}
                        ssr=SsrMode::InOrder
                    />
                    <Route path=path!("/forgot") view={Lazy::<ForgotRoute>::new()} ssr=SsrMode::InOrder />
                    <Route path=path!("/forgot/confirm") view={Lazy::<ForgotConfirmRoute>::new()} ssr=SsrMode::InOrder />
                    <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/users") view={Lazy::<AdminUsersRoute>::new()} ssr=SsrMode::Async />
                    <Route
                        path=path!("/admin/categories")
                        view={Lazy::<AdminCategoriesRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/admin/withdrawals")
                        view={Lazy::<AdminWithdrawalsRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/admin/disputes") view={Lazy::<AdminDisputesRoute>::new()} ssr=SsrMode::Async />
                    <Route
                        path=path!("/admin/disputes/:id")
                        view={Lazy::<AdminDisputeCaseRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/users/:id") view={Lazy::<UserProfileRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/wallet") view={Lazy::<WalletRoute>::new()} ssr=SsrMode::Async />
                    <Route
                        path=path!("/notifications")
                        view={Lazy::<NotificationsRoute>::new()}
                        ssr=SsrMode::Async
                    />
                </Routes>
            </main>
            <SiteFooter />
        </Router>
    }
}
