//! Coarse ranges for the sealed preview: what a publisher may learn of a
//! solution's size before opening it.
//!
//! Invariant: a sealed preview never carries an exact count or size, only
//! the range it falls in. An exact word count (or byte size) of a short
//! answer would let a publisher test guesses ("is it `42`?") without
//! paying; a range of several values does not. The bounds grow roughly
//! five- to tenfold, so a range says "a line or two" versus "a long essay"
//! and nothing finer.

use serde::{Deserialize, Serialize};

/// A range of counts: at least `low`, and fewer than `high` (`None`: no
/// upper bound). Shown as "low–high", or "low+" without an upper bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountRange {
    pub low: i64,
    pub high: Option<i64>,
}

impl CountRange {
    /// Whether `value` lies in the range.
    pub fn contains(self, value: i64) -> bool {
        value >= self.low && self.high.is_none_or(|high| value < high)
    }
}

/// Words of a solution's text.
pub const WORD_BOUNDS: [i64; 9] = [0, 1, 10, 50, 100, 500, 1_000, 5_000, 10_000];
/// Lines of a text file.
pub const LINE_BOUNDS: [i64; 9] = [0, 1, 10, 50, 100, 500, 1_000, 5_000, 10_000];
/// Pages of a PDF.
pub const PAGE_BOUNDS: [i64; 6] = [0, 1, 5, 20, 100, 500];
/// Bytes of a file: under 1 KiB, 1–10 KiB, ..., 100 MiB and more.
pub const SIZE_BOUNDS: [i64; 7] = [
    0,
    1 << 10,
    10 << 10,
    100 << 10,
    1 << 20,
    10 << 20,
    100 << 20,
];

/// The range of `bounds` (ascending, starting at 0) that `value` falls in;
/// a negative value counts as 0.
pub fn range_of(value: i64, bounds: &[i64]) -> CountRange {
    let value = value.max(0);
    let index = bounds
        .iter()
        .rposition(|bound| *bound <= value)
        .unwrap_or(0);
    CountRange {
        low: bounds.get(index).copied().unwrap_or(0),
        high: bounds.get(index + 1).copied(),
    }
}

/// The range of a word count.
pub fn words(count: i64) -> CountRange {
    range_of(count, &WORD_BOUNDS)
}

/// The range of a line count.
pub fn lines(count: i64) -> CountRange {
    range_of(count, &LINE_BOUNDS)
}

/// The range of a page count.
pub fn pages(count: i64) -> CountRange {
    range_of(count, &PAGE_BOUNDS)
}

/// The range of a size in bytes.
pub fn size(bytes: i64) -> CountRange {
    range_of(bytes, &SIZE_BOUNDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(low: i64, high: Option<i64>) -> CountRange {
        CountRange { low, high }
    }

    #[test]
    fn a_count_falls_in_the_range_whose_bounds_surround_it() {
        assert_eq!(words(0), range(0, Some(1)));
        assert_eq!(words(1), range(1, Some(10)));
        assert_eq!(words(4), range(1, Some(10)));
        assert_eq!(words(10), range(10, Some(50)));
        assert_eq!(words(499), range(100, Some(500)));
        assert_eq!(words(500), range(500, Some(1_000)));
        assert_eq!(lines(42), range(10, Some(50)));
        assert_eq!(pages(3), range(1, Some(5)));
        assert_eq!(size(5_000), range(1 << 10, Some(10 << 10)));
    }

    #[test]
    fn counts_above_the_last_bound_have_no_upper_end() {
        assert_eq!(words(1_000_000), range(10_000, None));
        assert_eq!(pages(501), range(500, None));
        assert_eq!(size(i64::MAX), range(100 << 20, None));
    }

    #[test]
    fn a_negative_count_is_taken_as_zero() {
        assert_eq!(lines(-5), range(0, Some(1)));
    }

    #[test]
    fn every_value_lies_in_its_own_range_and_neighbours_share_it() {
        for value in 0..20_000 {
            assert!(words(value).contains(value), "{value}");
            assert!(size(value).contains(value), "{value}");
        }
        // A short answer is not told apart from its neighbours: every
        // count from 1 to 9 words looks the same.
        assert!((1..10).all(|n| words(n) == words(1)));
    }

    #[test]
    fn the_bounds_ascend_from_zero() {
        for bounds in [&WORD_BOUNDS[..], &LINE_BOUNDS, &PAGE_BOUNDS, &SIZE_BOUNDS] {
            assert_eq!(bounds[0], 0);
            assert!(bounds.windows(2).all(|pair| pair[0] < pair[1]));
        }
    }
}
