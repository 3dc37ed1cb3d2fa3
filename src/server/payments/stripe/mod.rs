//! Stripe, the card provider (issue 24). Only the webhook signature scheme
//! lives here so far; checkout, refunds and payouts join it as their own files.

pub mod signature;
