//! Opening a sealed solution: the publisher's explicit request (a POST,
//! never a page view) that discloses the newest version to them, records
//! the reveal receipt with the commitment they were shown, and starts the
//! release countdown.
//!
//! Invariants: only the publisher of a funded, submitted, undisputed order
//! opens it (`domain::order::seal::may_open`); opening twice records once
//! and answers the same (the receipt's primary key and the countdown's
//! compare-and-set in `money::reveal`); a refused request writes nothing.

use super::{load, state_of};
use crate::domain::order::lifecycle::Relation;
use crate::domain::order::seal::{OpenFacts, may_open};
use crate::domain::{AppError, CurrentUser};
use crate::server::db::submissions;
use crate::server::services::money::reveal;
use crate::server::state::AppState;

/// Opens the newest version of `order_id`'s solution to its publisher;
/// returns when the escrow will be released by itself.
pub async fn open_solution(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
) -> Result<Option<i64>, AppError> {
    let mut connection = state.db.pool().acquire().await?;
    let row = load(&mut connection, order_id).await?;
    may_open(OpenFacts {
        relation: Relation::of(user.id, row.publisher_id, row.taker_id),
        state: state_of(&row)?,
        funded: row.funded_at.is_some(),
        disputed: row.disputed_at.is_some(),
    })?;
    let newest = submissions::of_order(&mut connection, order_id)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| AppError::Conflict("wrong_state".into()))?;
    drop(connection);
    // The receipt keeps what the publisher was shown before opening: the
    // commitment, or the plain digest of a version from before commitments.
    let shown = newest.commitment.as_deref().unwrap_or(&newest.digest);
    reveal::record(state, order_id, user.id, newest.version, shown).await
}
