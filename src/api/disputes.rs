//! Dispute server functions: either party opens one; an admin lists them,
//! reads a case and decides it. Every call checks the session (and the
//! admin role, in the service) itself.

use crate::domain::AppError;
use crate::domain::order::dispute::{DisputeCase, DisputeList};
use leptos::prelude::*;

/// Opens a dispute on order `id`, freezing it until an admin decides.
#[server(endpoint = "money/dispute")]
pub async fn open_dispute(id: i64, reason: String) -> Result<(), AppError> {
    use crate::server::services::money::dispute;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    dispute::open(&state, &user, id, &reason)
        .await
        .map_err(respond)?;
    leptos_axum::redirect(&format!("/orders/{id}"));
    Ok(())
}

/// Undecided disputes and recent decisions.
#[server(endpoint = "admin/disputes")]
pub async fn admin_disputes() -> Result<DisputeList, AppError> {
    use crate::server::services::money::dispute;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let admin = ctx::require_user().await.map_err(respond)?;
    dispute::list(&state, &admin).await.map_err(respond)
}

/// The whole case of the dispute on order `id`.
#[server(endpoint = "admin/disputes/case")]
pub async fn load_dispute_case(id: i64) -> Result<DisputeCase, AppError> {
    use crate::server::services::money::dispute;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let admin = ctx::require_user().await.map_err(respond)?;
    dispute::case(&state, &admin, id).await.map_err(respond)
}

/// Decides the dispute on order `id`: `release`, `refund`, or `split` with
/// `to_solver` (as typed, in major units) going to the solver.
#[server(endpoint = "admin/disputes/decide")]
pub async fn decide_dispute(
    id: i64,
    outcome: String,
    to_solver: Option<String>,
    reason: String,
    key: String,
) -> Result<(), AppError> {
    use crate::domain::money::{Currency, parse_amount};
    use crate::domain::order::dispute::DisputeOutcome;
    use crate::server::services::money::dispute;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let admin = ctx::require_user().await.map_err(respond)?;
    let outcome = match outcome.as_str() {
        "release" => DisputeOutcome::Release,
        "refund" => DisputeOutcome::Refund,
        "split" => {
            let currency = Currency::new(&state.settings.payments.currency);
            let to_solver =
                parse_amount("to_solver", to_solver.as_deref().unwrap_or(""), &currency)
                    .map_err(|error| respond(AppError::Invalid(vec![error])))?;
            DisputeOutcome::Split { to_solver }
        }
        _ => return Err(respond(AppError::invalid("outcome", "invalid"))),
    };
    dispute::decide(&state, &admin, id, outcome, &reason, &key)
        .await
        .map_err(respond)?;
    leptos_axum::redirect(&format!("/admin/disputes/{id}"));
    Ok(())
}
