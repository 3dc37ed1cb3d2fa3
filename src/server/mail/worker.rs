//! The outbox worker: sends queued mail (`mail::queue`) in the background,
//! on every instance, woken at once by a queuing on its own instance and
//! polling for the others'.
//!
//! Invariants:
//! - at least once: a row is marked sent only after the transport accepted
//!   it; a failure (or a crash) leaves it to be tried again, after a
//!   backoff that doubles from `mail.retry_first_secs` up to an hour, until
//!   `MAX_ATTEMPTS` claims or a permanent refusal give it up (logged);
//! - not twice in normal operation: a worker sends only rows it claimed,
//!   and a claim outlasts the sending of a whole batch (`CLAIM`), so
//!   another instance takes a row only once its claimer is gone;
//! - the worker never holds a database connection while it talks to the
//!   mail server (claim, send, record are separate statements).

use super::queue::{Mail, message_id_header};
use crate::domain::AppError;
use crate::server::auth::now_millis;
use crate::server::db::mail_outbox::{self, Claimed};
use crate::server::metrics;
use crate::server::services::leases::this_instance;
use crate::server::state::AppState;
use std::time::Duration;
use tokio::sync::watch;

/// Rows claimed per pass.
pub const BATCH: i64 = 10;
/// How long one message may take to send, whatever the transport.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a claim lasts: the sending of a whole batch and a margin.
pub const CLAIM: Duration = Duration::from_secs(BATCH as u64 * 30 + 60);
/// Claims before a mail is given up: with a first wait of 30 s, the last
/// attempt comes about eight hours after the first.
pub const MAX_ATTEMPTS: i64 = 14;
/// How often an idle worker looks for mail queued by other instances.
const POLL: Duration = Duration::from_secs(5);
/// The longest wait between two attempts.
const MAX_WAIT: Duration = Duration::from_secs(60 * 60);

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub retried: usize,
    pub given_up: usize,
}

impl Pass {
    fn claimed(&self) -> usize {
        self.sent + self.retried + self.given_up
    }
}

/// The wait before the attempt after `attempts` failed ones.
pub fn backoff(first: Duration, attempts: i64) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
    first
        .saturating_mul(2u32.saturating_pow(doublings))
        .min(MAX_WAIT)
}

/// Claims the due rows (up to `BATCH`) and sends them.
pub async fn send_due(state: &AppState) -> Result<Pass, AppError> {
    let (_keep, never) = watch::channel(false);
    send_batch(state, &never).await
}

/// As `send_due`; once `stop` turns true, the rows not yet sent are
/// released for the next worker (this or another instance) at once.
async fn send_batch(state: &AppState, stop: &watch::Receiver<bool>) -> Result<Pass, AppError> {
    let now = now_millis();
    let until = now.saturating_add(i64::try_from(CLAIM.as_millis()).unwrap_or(i64::MAX / 2));
    let claimed = {
        let mut connection = state.db.acquire_writer().await?;
        mail_outbox::claim(&mut connection, this_instance(), now, until, BATCH).await?
    };
    let mut pass = Pass::default();
    for row in claimed {
        if *stop.borrow() {
            let mut connection = state.db.acquire_writer().await?;
            mail_outbox::retry(&mut connection, row.id, now, "released at shutdown").await?;
            continue;
        }
        let outcome = attempt(state, &row).await;
        let mut connection = state.db.acquire_writer().await?;
        match outcome {
            Ok(()) => {
                mail_outbox::sent(&mut connection, row.id, now_millis()).await?;
                pass.sent += 1;
            }
            Err((reason, permanent)) if permanent || row.attempts >= MAX_ATTEMPTS => {
                tracing::error!(message_id = %row.message_id, attempts = row.attempts, %reason, "mail given up");
                mail_outbox::give_up(&mut connection, row.id, now_millis(), &reason).await?;
                pass.given_up += 1;
            }
            Err((reason, _)) => {
                let wait = backoff(state.settings.mail.retry_first(), row.attempts);
                let due = now_millis()
                    .saturating_add(i64::try_from(wait.as_millis()).unwrap_or(i64::MAX / 2));
                tracing::warn!(message_id = %row.message_id, attempts = row.attempts, %reason, "mail not sent; will retry");
                mail_outbox::retry(&mut connection, row.id, due, &reason).await?;
                pass.retried += 1;
            }
        }
    }
    for (outcome, count) in [
        ("sent", pass.sent),
        ("retried", pass.retried),
        ("given_up", pass.given_up),
    ] {
        if count > 0 {
            ::metrics::counter!(metrics::MAIL, "outcome" => outcome).increment(count as u64);
        }
    }
    Ok(pass)
}

/// Renders and sends one row; the error says whether retrying may help.
async fn attempt(state: &AppState, row: &Claimed) -> Result<(), (String, bool)> {
    let mail: Mail = serde_json::from_str(&row.content)
        .map_err(|error| (format!("unreadable outbox row: {error}"), true))?;
    let message = mail
        .render(&state.settings.server.public_url)
        .map_err(|reason| (reason, true))?;
    let message_id = message_id_header(&row.message_id, &state.settings.mail.from);
    match tokio::time::timeout(SEND_TIMEOUT, state.mailer.send(&message, &message_id)).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => Err((error.reason, error.permanent)),
        Err(_) => Err((format!("no answer in {SEND_TIMEOUT:?}"), false)),
    }
}

/// How long sent and given-up rows are kept (an operator reading
/// `last_error` of a failed mail has a week).
pub const KEEP_DONE_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// Deletes rows sent or given up more than `KEEP_DONE_MS` ago (run by the
/// hourly sweep); returns how many.
pub async fn prune(state: &AppState) -> Result<u64, AppError> {
    let mut connection = state.db.acquire_writer().await?;
    Ok(mail_outbox::prune(&mut connection, now_millis() - KEEP_DONE_MS).await?)
}

/// Sends queued mail until `stop` turns true, then returns once the
/// message being sent is done (so a restart neither cuts a mail in half
/// nor leaves rows claimed by a worker that is gone).
pub async fn run(state: AppState, mut stop: watch::Receiver<bool>) {
    while !*stop.borrow() {
        let pass = match send_batch(&state, &stop).await {
            Ok(pass) => pass,
            Err(error) => {
                tracing::warn!(?error, "the mail outbox could not be read");
                Pass::default()
            }
        };
        if pass.claimed() < BATCH as usize {
            // Woken by a queuing on this instance, or polling for others'.
            tokio::select! {
                _ = state.mail_queued.notified() => {}
                _ = stop.changed() => {}
                _ = tokio::time::sleep(POLL) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_from_the_first_up_to_an_hour() {
        let first = Duration::from_secs(30);
        assert_eq!(backoff(first, 1), Duration::from_secs(30));
        assert_eq!(backoff(first, 2), Duration::from_secs(60));
        assert_eq!(backoff(first, 4), Duration::from_secs(240));
        assert_eq!(backoff(first, 9), MAX_WAIT);
        assert_eq!(backoff(first, i64::MAX), MAX_WAIT);
        assert_eq!(backoff(first, 0), first);
    }

    #[test]
    fn a_claim_outlasts_a_batch_of_timed_out_sends() {
        assert!(CLAIM > SEND_TIMEOUT * BATCH as u32);
    }
}
