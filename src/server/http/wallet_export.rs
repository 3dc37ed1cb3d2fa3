//! `GET /wallet/export.csv`: the signed-in user's wallet history as CSV,
//! narrowed by the same `kind`, `from` and `to` as the wallet page.
//!
//! Invariants: only the caller's own entries (401 without a session); each
//! text cell is quoted, and one a spreadsheet would read as a formula
//! (starting with `= + - @`, tab or CR) is prefixed with `'`, since order
//! titles are user-written.

use crate::domain::AppError;
use crate::domain::calendar::{day_of_millis, format_date};
use crate::domain::history_filter::HistoryFilter;
use crate::domain::money::{Currency, plain_amount};
use crate::server::ctx::user_from_headers;
use crate::server::services::money::wallet::history;
use crate::server::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

/// Most rows one export holds.
const EXPORT_ROWS: i64 = 100_000;

/// A CSV cell: quoted, quotes doubled, formulas defused.
pub fn cell(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", defused.replace('"', "\"\""))
}

pub async fn export(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    match csv(&state, &headers, query.as_deref().unwrap_or("")).await {
        Ok(body) => (
            [
                (CONTENT_TYPE, "text/csv; charset=utf-8"),
                (CONTENT_DISPOSITION, "attachment; filename=\"wallet.csv\""),
                (CACHE_CONTROL, "no-store"),
            ],
            body,
        )
            .into_response(),
        Err(error) => error.into_response(),
    }
}

async fn csv(state: &AppState, headers: &HeaderMap, query: &str) -> Result<String, AppError> {
    let user = user_from_headers(state, headers)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let filter = HistoryFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let mut connection = state.db.pool().acquire().await?;
    let entries = history(&mut connection, user.id, filter, None, EXPORT_ROWS).await?;
    let currency = Currency::new(&state.settings.payments.currency);
    let mut out = String::from("date,kind,amount,currency,order_id,order_title,reference\r\n");
    for entry in entries {
        let line = [
            format_date(day_of_millis(entry.at_ms)),
            entry.kind.as_str().to_owned(),
            plain_amount(entry.amount, &currency),
            state.settings.payments.currency.clone(),
            entry.order_id.map(|id| id.to_string()).unwrap_or_default(),
            cell(entry.order_title.as_deref().unwrap_or("")),
            entry.transaction_id.to_string(),
        ];
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("plain"), "\"plain\"");
        assert_eq!(cell("say \"hi\", ok"), "\"say \"\"hi\"\", ok\"");
        assert_eq!(cell("=HYPERLINK(1)"), "\"'=HYPERLINK(1)\"");
        assert_eq!(cell("+1"), "\"'+1\"");
        assert_eq!(cell(""), "\"\"");
    }
}
