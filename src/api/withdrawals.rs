//! Withdrawal server functions: a user asks to be paid out; an admin lists
//! the queue and marks each request paid or rejected. Every call checks
//! the session (and the admin role, in the service) itself.

use crate::domain::AppError;
use crate::domain::withdrawal::AdminWithdrawals;
use leptos::prelude::*;

/// Holds `amount` (as typed, in major units) of the caller's available
/// balance for a payout to `payout_account` (whose holder is `holder`,
/// asked when the provider sends payouts and checks the name).
#[server(endpoint = "money/withdraw")]
pub async fn request_withdrawal(
    amount: String,
    payout_account: String,
    holder: Option<String>,
    key: String,
) -> Result<(), AppError> {
    use crate::domain::money::{Currency, parse_amount};
    use crate::server::services::money::withdraw;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    let currency = Currency::new(&state.settings.payments.currency);
    let minor = parse_amount("amount", &amount, &currency)
        .map_err(|error| respond(AppError::Invalid(vec![error])))?;
    withdraw::request_to(
        &state,
        &user,
        minor,
        &payout_account,
        holder.as_deref(),
        &key,
    )
    .await
    .map_err(respond)?;
    leptos_axum::redirect("/wallet?withdrawal=requested");
    Ok(())
}

/// Asks for one of the caller's paid payments (`intent`) to be refunded
/// to where it came from: its amount is held like a withdrawal's until the
/// provider has sent it back.
#[server(endpoint = "money/refund")]
pub async fn request_refund(intent: String, key: String) -> Result<(), AppError> {
    use crate::server::services::money::refund;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    refund::request(&state, &user, &intent, &key)
        .await
        .map_err(respond)?;
    leptos_axum::redirect("/wallet?refund=requested");
    Ok(())
}

/// The admin's withdrawal queue.
#[server(endpoint = "admin/withdrawals")]
pub async fn withdrawal_queue() -> Result<AdminWithdrawals, AppError> {
    use crate::server::services::money::withdraw;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let admin = ctx::require_user().await.map_err(respond)?;
    withdraw::queue(&state, &admin).await.map_err(respond)
}

/// Marks a pending withdrawal `paid` (note: the payout reference) or
/// `rejected` (note: the reason the user sees).
#[server(endpoint = "admin/withdrawals/decide")]
pub async fn decide_withdrawal(
    id: i64,
    decision: String,
    note: String,
    key: String,
) -> Result<(), AppError> {
    use crate::domain::withdrawal::WithdrawalDecision;
    use crate::server::services::money::withdraw;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let admin = ctx::require_user().await.map_err(respond)?;
    let decision = WithdrawalDecision::parse(&decision)
        .ok_or_else(|| respond(AppError::invalid("decision", "invalid")))?;
    withdraw::decide(&state, &admin, id, decision, &note, &key)
        .await
        .map_err(respond)?;
    leptos_axum::redirect("/admin/withdrawals");
    Ok(())
}
