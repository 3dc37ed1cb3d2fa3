//! The HTTP surface: Leptos pages and server functions, plain routes, and
//! the middleware around all of them.
//!
//! Invariant: every route, including static files and the 404 fallback,
//! passes through the same layers, outermost first: security headers,
//! request id, trace, compression, timeout, client address, browser
//! binding, cross-site refusal, the page nonce (inside compression, so it
//! reads the page uncompressed), then each group's body limit.

mod avatar;
pub mod browser_binding;
mod captcha;
pub mod client_address;
pub mod cross_site;
mod files;
mod health;
mod lang;
mod layers;
mod mailbox;
mod metrics;
mod page_nonce;
mod payments;
mod sandbox;
pub mod security_headers;
mod server_fn_status;
mod wallet_export;

use super::state::AppState;
use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use leptos::prelude::*;
use leptos_axum::{
    AxumRouteListing, LeptosRoutes, file_and_error_handler_with_context, generate_route_list,
};
use std::sync::{Arc, OnceLock};

/// The page routes, generated once per process.
///
/// Why once: generating them sets a process-global flag in Leptos that
/// suppresses resource loading while it runs, so a page rendered meanwhile by
/// another router in the same process waits forever for its data
/// (leptos-rs/leptos#4773). A server builds one router, but the tests and
/// benchmarks start many in one process. There is one `App`, so the first
/// caller's list is every caller's.
fn page_routes<A, AV>(app: A) -> Vec<AxumRouteListing>
where
    A: Fn() -> AV + Clone + Send + Sync + 'static,
    AV: IntoView + 'static,
{
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app)).clone()
}

/// The whole application router.
pub fn router<S, SV, A, AV>(state: AppState, shell: S, app: A) -> Router
where
    S: Fn(LeptosOptions) -> SV + Clone + Send + Sync + 'static,
    SV: IntoView + 'static,
    A: Fn() -> AV + Clone + Send + Sync + 'static,
    AV: IntoView + 'static,
{
    let routes = page_routes(app);
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let page = {
        let options = state.leptos_options.clone();
        let shell = shell.clone();
        move || shell(options.clone())
    };
    // Installed before the first request, so nothing counted is lost.
    crate::server::metrics::handle();
    let mut router = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::scrape))
        .route("/lang", post(lang::switch_language))
        .route("/captcha/{file}", get(captcha::picture));
    let server = &state.settings.server;
    if server.test_reveal_captcha {
        router = router.route("/test/captcha/{id}", get(captcha::reveal));
    }
    if server.dev_mode && state.settings.mail.smtp_url.is_empty() {
        router = router.route("/dev/mailbox", get(mailbox::mailbox));
    }
    router = router
        .route("/avatars/{file}", get(avatar::serve))
        .route("/files/{id}", get(files::download))
        .route("/files/{id}/thumb", get(files::thumbnail))
        .route("/wallet/export.csv", get(wallet_export::export))
        .route("/ws", get(super::realtime::upgrade))
        .route("/payments/webhook/{provider}", post(payments::webhook));
    if state.sandbox.is_some() {
        router = router.route(
            "/sandbox/checkout/{id}",
            get(sandbox::checkout).post(sandbox::decide),
        );
    }
    let limits = &state.settings.limits;
    let pages = layers::body_limit(
        router.leptos_routes_with_context(&state, routes, context.clone(), page),
        limits.body_bytes,
    );
    let uploads = layers::body_limit(
        Router::new().route("/account/avatar", post(avatar::upload)),
        avatar::UPLOAD_LIMIT,
    )
    .merge(layers::body_limit(
        Router::new().route("/uploads", post(files::upload)),
        files::upload_limit(&state),
    ));
    let pages = pages.layer(axum::middleware::map_response(
        server_fn_status::correct_status,
    ));
    let router = pages
        .merge(uploads)
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .layer(from_fn_with_state(
            state.payments.checkout_origin().map(Arc::<str>::from),
            page_nonce::name_the_nonce,
        ))
        .layer(from_fn_with_state(
            state.clone(),
            cross_site::refuse_cross_site,
        ))
        .layer(from_fn_with_state(
            browser_binding::Https(server.is_https()),
            browser_binding::bind,
        ))
        .layer(from_fn_with_state(
            client_address::TrustedProxies::new(&server.trusted_proxies),
            client_address::resolve,
        ))
        .layer(axum::middleware::from_fn(metrics::track))
        .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
            INSTANCE_HEADER,
            instance_id(),
        ));
    let router = layers::apply(router, limits);
    security_headers::apply(router, server, state.payments.checkout_origin()).with_state(state)
}

/// Names the instance that answered (`x-bounty-instance`), so an operator
/// (and the multi-instance tests) can tell which of several behind a proxy
/// served a request. Random per router: it identifies, it means nothing.
pub const INSTANCE_HEADER: http::HeaderName = http::HeaderName::from_static("x-bounty-instance");

fn instance_id() -> http::HeaderValue {
    let id = crate::server::auth::random_id(8);
    http::HeaderValue::from_str(&id).unwrap_or_else(|_| http::HeaderValue::from_static("unknown"))
}
