//! Money server functions: the wallet, top-ups, and an order's escrow
//! (fund, confirm, cancel). Each checks the session itself and hands the
//! rule to one service; every command carries the form's idempotency key,
//! so a double click or a retried request moves money once.

use crate::domain::AppError;
use crate::domain::wallet::{OrderMoneyView, WalletView};
use leptos::prelude::*;

/// The caller's balances, history (of `kind` between the days `from` and
/// `to`, each optional; one page, older than the entry `before` if given)
/// and payments.
#[server(endpoint = "money/wallet")]
pub async fn wallet(
    kind: Option<String>,
    from: Option<String>,
    to: Option<String>,
    before: Option<String>,
) -> Result<WalletView, AppError> {
    use crate::domain::history_filter::HistoryFilter;
    use crate::domain::paging;
    use crate::server::services::money::wallet;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    let before = paging::parse_id(before.as_deref()).map_err(respond)?;
    let pairs = [("kind", kind), ("from", from), ("to", to)];
    let filter = HistoryFilter::from_pairs(
        pairs
            .iter()
            .filter_map(|(name, value)| value.as_deref().map(|value| (*name, value))),
    );
    wallet::wallet_page(&state, &user, filter, before)
        .await
        .map_err(respond)
}

/// The money panel of an order; `None` for anyone but its two parties.
#[server(endpoint = "money/order")]
pub async fn order_money(id: i64) -> Result<Option<OrderMoneyView>, AppError> {
    use crate::server::services::money::order_money;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    order_money::order_money(&state, &user, id)
        .await
        .map_err(respond)
}

/// Starts paying in `amount` (as typed, in major units); answers the
/// provider's checkout URL, where the browser goes next (a plain form post
/// is redirected there). With `order_id`, the payment then secures that
/// order's reward.
#[server(endpoint = "money/top_up")]
pub async fn start_top_up(
    amount: String,
    order_id: Option<i64>,
    key: String,
) -> Result<String, AppError> {
    use crate::domain::money::{Currency, parse_amount};
    use crate::server::services::money::top_up;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    let currency = Currency::new(&state.settings.payments.currency);
    let minor = parse_amount("amount", &amount, &currency)
        .map_err(|error| respond(AppError::Invalid(vec![error])))?;
    let checkout = top_up::start_on(&state, &user, minor, order_id, &key, ctx::on_phone())
        .await
        .map_err(respond)?;
    if ctx::is_plain_form_post() {
        leptos_axum::redirect(&checkout);
    }
    Ok(checkout)
}

/// Moves the order's reward from the caller's wallet into escrow.
#[server(endpoint = "money/fund")]
pub async fn fund_order(id: i64, key: String) -> Result<(), AppError> {
    use crate::server::services::money::fund;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    fund::fund(&state, &user, id, &key).await.map_err(respond)?;
    leptos_axum::redirect(&format!("/orders/{id}"));
    Ok(())
}

/// Accepts the solution: the escrow goes to the solver.
#[server(endpoint = "money/confirm")]
pub async fn confirm_order(id: i64, key: String) -> Result<(), AppError> {
    use crate::server::services::money::confirm;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    confirm::confirm(&state, &user, id, &key)
        .await
        .map_err(respond)?;
    leptos_axum::redirect(&format!("/orders/{id}"));
    Ok(())
}

/// Sends an opened solution back to the solver for a new version.
#[server(endpoint = "money/request_changes")]
pub async fn request_changes(id: i64) -> Result<(), AppError> {
    use crate::server::services::money::changes;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    changes::request_changes(&state, &user, id)
        .await
        .map_err(respond)?;
    leptos_axum::redirect(&format!("/orders/{id}"));
    Ok(())
}

/// Cancels an untaken order; a secured reward is refunded.
#[server(endpoint = "money/cancel")]
pub async fn cancel_order(id: i64, key: String) -> Result<(), AppError> {
    use crate::server::services::money::cancel;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    cancel::cancel(&state, &user, id, &key)
        .await
        .map_err(respond)?;
    leptos_axum::redirect(&format!("/orders/{id}"));
    Ok(())
}
