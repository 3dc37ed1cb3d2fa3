//! What every page tells its visitor about the installation itself.
//!
//! Invariant: a development server and a play-money demo are always said to
//! be such, on every page, so nobody mistakes either for the real service.

/// The notices shown above every page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SiteNotice {
    /// Not in production mode: mailed codes may be shown, settings unchecked.
    pub development: bool,
    /// The sandbox provider runs as a public demo: balances are play money
    /// and withdrawals are refused.
    pub play_money: bool,
}
