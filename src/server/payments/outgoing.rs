//! Money leaving through the provider: a payout to a solver's own account
//! (Alipay `alipay.fund.trans.uni.transfer`) or a refund of a payment back
//! to where it came from (Stripe refunds, `alipay.trade.refund`). Both start
//! from a withdrawal an admin approved and settle its hold.
//!
//! Invariants: `MoneyOut::key` is the withdrawal's and the provider's
//! idempotency key (Stripe's `Idempotency-Key`, Alipay's `out_biz_no` /
//! `out_request_no`), so sending one twice moves money once; an answer we
//! did not get is `InFlight`, never `Failed`: only the provider's own word
//! (an answer or a query) may return the hold, and a query is how a lost
//! answer is resolved, never a blind resend.

use serde::{Deserialize, Serialize};

/// Where a withdrawal's money goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Destination {
    /// To an account of the user's at the provider (Alipay: the login, a
    /// phone number or e-mail address, with the holder's real name).
    Account { account: String, holder: String },
    /// Back to the payment it came from.
    Refund(PaymentRef),
}

/// One of our payments as the provider knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRef {
    /// Our intent id (Stripe's `client_reference_id`, Alipay's `out_trade_no`).
    pub intent_id: String,
    /// The provider's id for it, when we have it (a Stripe Checkout Session).
    pub provider_ref: Option<String>,
    pub amount_minor: i64,
    /// Unix milliseconds at which the intent was made.
    pub created_at_ms: i64,
}

/// One payout or refund to send or to ask about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyOut {
    /// `wd_<withdrawal id>`: the idempotency key on the provider's side.
    pub key: String,
    pub amount_minor: i64,
    /// ISO 4217, upper case.
    pub currency: String,
    pub destination: Destination,
    /// What the receiver's statement says.
    pub title: String,
}

impl MoneyOut {
    /// The key of withdrawal `id`.
    pub fn key_of(withdrawal_id: i64) -> String {
        format!("wd_{withdrawal_id}")
    }

    /// The withdrawal a key names, if it is one of ours.
    pub fn withdrawal_of(key: &str) -> Option<i64> {
        key.strip_prefix("wd_")?.parse().ok()
    }
}

/// What the provider said about a payout or a refund.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyOutResult {
    /// The money left; `reference` is the provider's id for the transfer.
    Succeeded { reference: String },
    /// The provider refused it or it failed for good: the hold goes back.
    Failed { reason: String },
    /// Accepted but not finished, or no answer: ask again later.
    InFlight,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_withdrawal_key_names_its_withdrawal_and_nothing_else() {
        assert_eq!(MoneyOut::key_of(42), "wd_42");
        assert_eq!(MoneyOut::withdrawal_of("wd_42"), Some(42));
        assert_eq!(MoneyOut::withdrawal_of("wd_x"), None);
        assert_eq!(MoneyOut::withdrawal_of("pi_42"), None);
    }
}
