//! Rate limits on the actions that cost the server CPU, storage or a write
//! (`[rates]` settings): each action is counted per user or per client
//! address in a fixed window, on the bus's counters, so the counts are
//! Redis keys shared by every instance when Redis is configured and live
//! in memory otherwise. Over the limit, the action is refused with
//! `RateLimited` (429 and `Retry-After`, shown translated by the UI)
//! before any of its work is done.
//!
//! Why the bus's counters rather than a crate such as `governor`: its
//! limiters live in one process's memory, and these limits must hold
//! across instances; the counter is one `INCR` (and `PEXPIRE` on the first
//! hit) in Redis, already used by the sign-in and mailed-code limits.
//!
//! With the shared counters unreachable (Redis down), each instance counts
//! in its own memory until they return: the limits then hold per instance,
//! and the action is not refused for a fault of the bus.
//!
//! Invariant: a refused action has written nothing; the count is taken
//! first, so a refused attempt still counts (a client hammering a refusal
//! keeps being refused until the window closes).

use super::retry_after;
use crate::domain::AppError;
use crate::server::bus::{MemoryBus, RateCounter, WindowCount};
use crate::server::state::AppState;
use std::fmt::Display;
use std::net::IpAddr;
use std::sync::LazyLock;
use std::time::Duration;

/// This instance's counters, for while the shared ones cannot be reached.
static LOCAL: LazyLock<MemoryBus> = LazyLock::new(MemoryBus::default);

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(60 * 60);
const DAY: Duration = Duration::from_secs(24 * 60 * 60);

/// An action with a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Drawing a captcha picture (per client address).
    Captcha,
    /// Opening a conversation (per user).
    ChatOpen,
    /// Publishing an order (per user).
    Publish,
    /// Starting a payment with the provider (per user).
    Payment,
    /// Uploading a file (per user).
    Upload,
    /// Setting an avatar (per user).
    Avatar,
    /// Saving, renaming or deleting a saved search (per user).
    SavedSearch,
    /// Sending or editing an application (per user).
    Apply,
    /// Asking a question under an order (per user).
    Question,
}

impl Action {
    fn name(self) -> &'static str {
        match self {
            Action::Captcha => "captcha",
            Action::ChatOpen => "chat-open",
            Action::Publish => "publish",
            Action::Payment => "payment",
            Action::Upload => "upload",
            Action::Avatar => "avatar",
            Action::SavedSearch => "saved-search",
            Action::Apply => "apply",
            Action::Question => "question",
        }
    }

    /// The window and how many fit in it.
    fn budget(self, state: &AppState) -> (Duration, u64) {
        let rates = &state.settings.rates;
        match self {
            Action::Captcha => (MINUTE, rates.captchas_per_ip_per_minute),
            Action::ChatOpen => (HOUR, rates.chat_opens_per_user_per_hour),
            Action::Publish => (DAY, rates.orders_per_user_per_day),
            Action::Payment => (HOUR, rates.payments_per_user_per_hour),
            Action::Upload => (HOUR, rates.uploads_per_user_per_hour),
            Action::Avatar => (HOUR, rates.avatars_per_user_per_hour),
            Action::SavedSearch => (HOUR, rates.saved_search_changes_per_user_per_hour),
            Action::Apply => (DAY, rates.applications_per_user_per_day),
            Action::Question => (HOUR, rates.questions_per_user_per_hour),
        }
    }
}

/// Counts one `action` by `who` (a user id or an address); `RateLimited`
/// when it is over the action's budget.
pub async fn spend(state: &AppState, action: Action, who: impl Display) -> Result<(), AppError> {
    let (window, budget) = action.budget(state);
    let key = format!("rate:{}:{who}", action.name());
    let count = count(state, &key, window).await?;
    if count.count > budget {
        return Err(retry_after(count.resets_in));
    }
    Ok(())
}

/// One hit on the shared counter `key`, or on this instance's own while
/// the shared counters cannot be reached (Redis down): the limit then holds
/// per instance rather than refusing the action for a fault of the bus.
pub async fn count(state: &AppState, key: &str, window: Duration) -> Result<WindowCount, AppError> {
    match state.bus.counters.hit(key, window).await {
        Ok(count) => Ok(count),
        Err(error) => {
            tracing::warn!(%error, "rate counters unreachable; counting on this instance");
            Ok(LOCAL.hit(key, window).await?)
        }
    }
}

/// `spend` for a user.
pub async fn spend_user(state: &AppState, action: Action, user_id: i64) -> Result<(), AppError> {
    spend(state, action, format!("u{user_id}")).await
}

/// `spend` for a client address; callers without one (a direct call, a
/// test) share the budget of "unknown".
pub async fn spend_address(
    state: &AppState,
    action: Action,
    address: Option<IpAddr>,
) -> Result<(), AppError> {
    match address {
        Some(address) => spend(state, action, budget_holder(address)).await,
        None => spend(state, action, "unknown").await,
    }
}

/// Who an address's budget belongs to: an IPv4 address, or an IPv6
/// address's /64 (one subscriber commonly holds a whole /64, so counting
/// single IPv6 addresses would give an attacker billions of budgets).
pub fn budget_holder(address: IpAddr) -> String {
    match address {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let segments = v6.segments();
                format!(
                    "{:x}:{:x}:{:x}:{:x}::/64",
                    segments[0], segments[1], segments[2], segments[3]
                )
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ipv6_budget_covers_its_64_and_a_mapped_ipv4_is_itself() {
        let one: IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("ip");
        let other: IpAddr = "2001:db8:1:2:bbbb::9".parse().expect("ip");
        assert_eq!(budget_holder(one), budget_holder(other));
        assert_eq!(budget_holder(one), "2001:db8:1:2::/64");
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().expect("ip");
        assert_eq!(budget_holder(mapped), "192.0.2.7");
    }
}
