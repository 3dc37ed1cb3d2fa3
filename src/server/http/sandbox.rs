//! The sandbox provider's checkout: `GET /sandbox/checkout/{intent}` shows
//! the payment with approve / decline / abandon; `POST` sends the matching
//! signed event to the webhook (as a real provider would, minus the
//! network hop) and returns the payer to the wallet or the order.
//!
//! Invariant: only the intent's own payer sees or decides it (a real
//! provider authenticates its payer; the sandbox uses our session), and a
//! decided intent only shows its outcome.

use crate::domain::money::{Currency, format_amount};
use crate::domain::{AppError, Locale};
use crate::server::auth::now_millis;
use crate::server::ctx::{locale_of, user_from_headers};
use crate::server::db::payments::{self, IntentRow};
use crate::server::payments::EventKind;
use crate::server::payments::sandbox::Sandbox;
use crate::server::services::money::{top_up, webhook};
use crate::server::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Decision {
    decision: String,
}

/// The intent, if the request's user is its payer.
async fn own_intent(
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
) -> Result<IntentRow, AppError> {
    let user = user_from_headers(state, headers)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let mut connection = state.db.pool().acquire().await?;
    match payments::find(&mut connection, id).await? {
        Some(intent) if intent.user_id == user.id => Ok(intent),
        _ => Err(AppError::NotFound),
    }
}

/// Where the payer goes back to.
fn return_url(intent: &IntentRow) -> String {
    top_up::return_path(intent.order_id, &intent.id)
}

pub async fn checkout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let intent = match own_intent(&state, &headers, &id).await {
        Ok(intent) => intent,
        Err(error) => return error.into_response(),
    };
    let zh = locale_of(&headers) == Locale::ZhHans;
    let text = |en: &'static str, cn: &'static str| if zh { cn } else { en };
    let amount = format_amount(
        intent.amount_minor,
        &Currency::new(&state.settings.payments.currency),
    );
    let body = if intent.state == "pending" {
        format!(
            "<p class=\"amount\">{amount}</p>\
             <form method=\"post\"><input type=\"hidden\" name=\"decision\" value=\"approve\">\
             <button class=\"pay\">{approve}</button></form>\
             <form method=\"post\"><input type=\"hidden\" name=\"decision\" value=\"decline\">\
             <button>{decline}</button></form>\
             <form method=\"post\"><input type=\"hidden\" name=\"decision\" value=\"abandon\">\
             <button>{abandon}</button></form>",
            approve = text("Approve payment", "批准付款"),
            decline = text("Decline", "拒绝"),
            abandon = text("Abandon", "放弃"),
        )
    } else {
        format!(
            "<p class=\"amount\">{amount}</p><p>{done}</p><p><a href=\"{back}\">{again}</a></p>",
            done = text("This payment is already decided.", "该付款已处理。"),
            back = return_url(&intent),
            again = text("Back to Bounty", "返回 Bounty"),
        )
    };
    Html(format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>\
         body{{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;color:#1f2937}}\
         .card{{border:1px solid #d1d5db;border-radius:12px;padding:1.5rem;background:#f9fafb}}\
         .amount{{font-size:2rem;font-weight:700;margin:.5rem 0 1rem}}\
         form{{margin:.5rem 0}} button{{width:100%;padding:.7rem;font-size:1rem;border-radius:8px;\
         border:1px solid #9ca3af;background:#fff;cursor:pointer}}\
         .pay{{background:#047857;color:#fff;border-color:#047857}}\
         .note{{color:#6b7280;font-size:.875rem}}</style></head><body><main class=\"card\">\
         <h1>{title}</h1><p class=\"note\">{note}</p>{body}</main></body></html>",
        lang = if zh { "zh-Hans" } else { "en" },
        title = text("Sandbox checkout", "沙盒收银台"),
        note = text(
            "Test payments only: no real money moves.",
            "仅用于测试：不会产生真实扣款。"
        ),
    ))
    .into_response()
}

pub async fn decide(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(decision): Form<Decision>,
) -> Response {
    let intent = match own_intent(&state, &headers, &id).await {
        Ok(intent) => intent,
        Err(error) => return error.into_response(),
    };
    let kind = match decision.decision.as_str() {
        "approve" => EventKind::Succeeded,
        "decline" => EventKind::Declined,
        "abandon" => EventKind::Abandoned,
        _ => return AppError::invalid("decision", "invalid").into_response(),
    };
    let Some(sandbox) = &state.sandbox else {
        return AppError::NotFound.into_response();
    };
    let (signature, body) = sandbox.event(
        kind,
        &intent.id,
        intent.amount_minor,
        &state.settings.payments.currency,
        now_millis() / 1000,
    );
    if let Err(error) = webhook::receive(&state, &Sandbox::headers(&signature), &body).await {
        return error.into_response();
    }
    Redirect::to(&return_url(&intent)).into_response()
}
