//! The agreement server function: a step of cancelling a taken order
//! together or fixing a negotiable reward. The session is checked here,
//! every rule in the service.

use crate::domain::AppError;
use leptos::prelude::*;

/// Takes `step` (`propose_cancel`, `withdraw_cancel`, `accept_cancel`,
/// `propose_reward`, `accept_reward`) on order `id`; `amount` (as typed, in
/// major units) is the reward proposed or accepted.
#[server(endpoint = "money/agree")]
pub async fn agree_on_order(
    id: i64,
    step: String,
    amount: Option<String>,
    key: String,
) -> Result<(), AppError> {
    use crate::domain::money::{Currency, parse_amount};
    use crate::domain::order::agreement::AgreementStep;
    use crate::server::services::money::agreement;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    let step =
        AgreementStep::parse(&step).ok_or_else(|| respond(AppError::invalid("step", "invalid")))?;
    let currency = Currency::new(&state.settings.payments.currency);
    let amount = match amount.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Some(
            parse_amount("amount", text, &currency)
                .map_err(|error| respond(AppError::Invalid(vec![error])))?,
        ),
        _ => None,
    };
    agreement::agree(&state, &user, id, step, amount, &key)
        .await
        .map_err(respond)?;
    leptos_axum::redirect(&format!("/orders/{id}"));
    Ok(())
}
