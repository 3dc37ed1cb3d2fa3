//! `[rates]`: how often one user or one client address may do each action
//! that costs the server CPU, storage or a database write, and how much
//! storage one user may fill (`services::limits` applies them).
//!
//! Invariant: every value is at least 1 (validated at start, naming the
//! key): a zero would lock the action for everyone.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RateSettings {
    /// Captcha pictures one client address may have drawn a minute.
    pub captchas_per_ip_per_minute: u64,
    /// Conversations one user may open an hour.
    pub chat_opens_per_user_per_hour: u64,
    /// Orders one user may publish a day.
    pub orders_per_user_per_day: u64,
    /// Payments (top-ups, funding) one user may start an hour.
    pub payments_per_user_per_hour: u64,
    /// Files one user may upload an hour (orders, solutions, chat).
    pub uploads_per_user_per_hour: u64,
    /// Avatars one user may set an hour.
    pub avatars_per_user_per_hour: u64,
    /// WebSocket frames one connection may send a minute (counted in the
    /// connection's memory: a Redis round trip per frame would cost more
    /// than the frame; `sockets_per_user` bounds a user's total).
    pub socket_frames_per_connection_per_minute: u64,
    /// Sockets one user may hold open (on each instance, and over all
    /// instances by their presence in Redis).
    pub sockets_per_user: u64,
    /// Sockets one client address may hold open on one instance.
    pub sockets_per_ip: u64,
    /// Questions one user may ask an hour, over all orders.
    pub questions_per_user_per_hour: u64,
    /// Bytes of files one user may keep (order files, solutions, chat
    /// files and the avatar).
    pub storage_quota_bytes: u64,
    /// Saved searches one user may keep (each is matched against every new
    /// order, so they cost every publish a little).
    pub saved_searches_per_user: u64,
    /// Saves, renames and deletions of saved searches one user may make an
    /// hour.
    pub saved_search_changes_per_user_per_hour: u64,
    /// Applications one user may send or edit a day (over all orders).
    pub applications_per_user_per_day: u64,
}

impl Default for RateSettings {
    fn default() -> Self {
        Self {
            // A person solving captchas needs a few; a script drawing them
            // to fill the store needs thousands.
            captchas_per_ip_per_minute: 20,
            chat_opens_per_user_per_hour: 60,
            orders_per_user_per_day: 30,
            payments_per_user_per_hour: 20,
            uploads_per_user_per_hour: 200,
            avatars_per_user_per_hour: 10,
            // Ten a second on average: typing notices and reads included.
            socket_frames_per_connection_per_minute: 600,
            sockets_per_user: 16,
            // Many users can share an address (an office, a carrier's NAT).
            sockets_per_ip: 200,
            storage_quota_bytes: 1024 * 1024 * 1024,
            saved_searches_per_user: 20,
            saved_search_changes_per_user_per_hour: 60,
            applications_per_user_per_day: 50,
            // A curious solver asks a few; a spammer asks hundreds.
            questions_per_user_per_hour: 20,
        }
    }
}

impl RateSettings {
    /// The first key whose value is 0, if any.
    pub fn zero_key(&self) -> Option<&'static str> {
        [
            (
                "rates.captchas_per_ip_per_minute",
                self.captchas_per_ip_per_minute,
            ),
            (
                "rates.chat_opens_per_user_per_hour",
                self.chat_opens_per_user_per_hour,
            ),
            (
                "rates.orders_per_user_per_day",
                self.orders_per_user_per_day,
            ),
            (
                "rates.payments_per_user_per_hour",
                self.payments_per_user_per_hour,
            ),
            (
                "rates.uploads_per_user_per_hour",
                self.uploads_per_user_per_hour,
            ),
            (
                "rates.avatars_per_user_per_hour",
                self.avatars_per_user_per_hour,
            ),
            (
                "rates.socket_frames_per_connection_per_minute",
                self.socket_frames_per_connection_per_minute,
            ),
            ("rates.sockets_per_user", self.sockets_per_user),
            ("rates.sockets_per_ip", self.sockets_per_ip),
            ("rates.storage_quota_bytes", self.storage_quota_bytes),
            (
                "rates.saved_searches_per_user",
                self.saved_searches_per_user,
            ),
            (
                "rates.saved_search_changes_per_user_per_hour",
                self.saved_search_changes_per_user_per_hour,
            ),
            (
                "rates.applications_per_user_per_day",
                self.applications_per_user_per_day,
            ),
            (
                "rates.questions_per_user_per_hour",
                self.questions_per_user_per_hour,
            ),
        ]
        .into_iter()
        .find_map(|(key, value)| (value == 0).then_some(key))
    }
}

#[cfg(test)]
#[expect(
    clippy::result_large_err,
    reason = "figment::Jail closures must return figment::Error"
)]
mod tests {
    use crate::server::config::Settings;
    use figment::Jail;

    #[test]
    fn a_zero_rate_is_refused_at_start_naming_its_key() {
        Jail::expect_with(|jail| {
            jail.set_env("APP__RATES__SOCKETS_PER_IP", "0");
            let error = Settings::load().expect_err("refused");
            assert!(
                error.to_string().contains("rates.sockets_per_ip"),
                "{error}"
            );
            Ok(())
        });
    }

    #[test]
    fn the_defaults_are_valid_and_every_key_can_be_set() {
        Jail::expect_with(|jail| {
            jail.set_env("APP__RATES__UPLOADS_PER_USER_PER_HOUR", "7");
            let settings = Settings::load().expect("valid");
            assert_eq!(settings.rates.uploads_per_user_per_hour, 7);
            assert!(settings.rates.zero_key().is_none());
            Ok(())
        });
    }
}
