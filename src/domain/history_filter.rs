//! The wallet history's filter: which movements (all, top-ups, order
//! rewards and refunds, withdrawals) between which days. It lives in the
//! address (`?kind=&from=&to=`), so a filtered history, and its CSV export,
//! is a link.
//!
//! Invariants: parsing never fails (an unknown value means "no filter" for
//! that part); the bounds are half-open Unix-millisecond ranges in UTC,
//! `from` inclusive, `to` the whole day inclusive.

use super::calendar::{format_date, parse_date};
use super::ledger::MoveKind;
use serde::{Deserialize, Serialize};

const DAY_MS: i64 = 24 * 3600 * 1000;

/// A group of movements to show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum HistoryGroup {
    #[default]
    All,
    TopUps,
    Orders,
    Withdrawals,
}

impl HistoryGroup {
    pub const ALL: [HistoryGroup; 4] = [
        HistoryGroup::All,
        HistoryGroup::TopUps,
        HistoryGroup::Orders,
        HistoryGroup::Withdrawals,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HistoryGroup::All => "all",
            HistoryGroup::TopUps => "top_ups",
            HistoryGroup::Orders => "orders",
            HistoryGroup::Withdrawals => "withdrawals",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether a movement of `kind` belongs to the group.
    pub fn contains(self, kind: MoveKind) -> bool {
        match self {
            HistoryGroup::All => true,
            HistoryGroup::TopUps => kind == MoveKind::TopUp,
            HistoryGroup::Orders => {
                matches!(kind, MoveKind::Fund | MoveKind::Release | MoveKind::Refund)
            }
            HistoryGroup::Withdrawals => matches!(
                kind,
                MoveKind::WithdrawHold | MoveKind::WithdrawPaid | MoveKind::WithdrawReturn
            ),
        }
    }

    /// The stored kinds of the group's movements.
    pub fn kinds(self) -> Vec<&'static str> {
        MoveKind::ALL
            .into_iter()
            .filter(|kind| self.contains(*kind))
            .map(MoveKind::as_str)
            .collect()
    }
}

/// What the wallet history shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryFilter {
    pub group: HistoryGroup,
    /// First day shown (days since 1970-01-01, UTC).
    pub from_day: Option<i64>,
    /// Last day shown.
    pub to_day: Option<i64>,
}

impl HistoryFilter {
    /// Reads `kind`, `from` and `to` from query pairs.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> HistoryFilter {
        let mut filter = HistoryFilter::default();
        for (name, value) in pairs {
            match name {
                "kind" => {
                    filter.group = HistoryGroup::ALL
                        .into_iter()
                        .find(|group| group.as_str() == value)
                        .unwrap_or_default();
                }
                "from" => filter.from_day = parse_date(value),
                "to" => filter.to_day = parse_date(value),
                _ => {}
            }
        }
        filter
    }

    /// The query string (without `?`) that reads back as this filter.
    pub fn to_query(self) -> String {
        let mut parts = vec![format!("kind={}", self.group.as_str())];
        if let Some(day) = self.from_day {
            parts.push(format!("from={}", format_date(day)));
        }
        if let Some(day) = self.to_day {
            parts.push(format!("to={}", format_date(day)));
        }
        parts.join("&")
    }

    /// `[from, to)` in Unix milliseconds.
    pub fn bounds_ms(self) -> (i64, i64) {
        let from = self
            .from_day
            .map_or(i64::MIN, |day| day.saturating_mul(DAY_MS));
        let to = self
            .to_day
            .map_or(i64::MAX, |day| day.saturating_add(1).saturating_mul(DAY_MS));
        (from, to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_round_trips_through_its_query() {
        let filter = HistoryFilter::from_pairs([
            ("kind", "withdrawals"),
            ("from", "2026-12-01"),
            ("to", "2026-12-02"),
        ]);
        assert_eq!(filter.group, HistoryGroup::Withdrawals);
        assert_eq!(
            HistoryFilter::from_pairs(
                filter
                    .to_query()
                    .split('&')
                    .filter_map(|pair| pair.split_once('='))
            ),
            filter
        );
    }

    #[test]
    fn unknown_values_mean_no_filter() {
        let filter = HistoryFilter::from_pairs([("kind", "x"), ("from", "yesterday"), ("to", "")]);
        assert_eq!(filter, HistoryFilter::default());
        assert_eq!(filter.bounds_ms(), (i64::MIN, i64::MAX));
    }

    #[test]
    fn the_last_day_is_included_whole() {
        let filter = HistoryFilter::from_pairs([("from", "1970-01-02"), ("to", "1970-01-02")]);
        assert_eq!(filter.bounds_ms(), (DAY_MS, 2 * DAY_MS));
    }

    #[test]
    fn groups_split_every_kind_once() {
        for kind in MoveKind::ALL {
            let groups = HistoryGroup::ALL[1..]
                .iter()
                .filter(|group| group.contains(kind))
                .count();
            assert_eq!(groups, 1, "{kind:?}");
            assert!(HistoryGroup::All.contains(kind));
        }
    }
}
