//! The hall's filters, as the old system bucketed them, and their URL form so
//! a filtered hall can be shared.
//!
//! Invariants: several values of one filter widen it (OR), different filters
//! narrow it (AND); the reward and deadline buckets are disjoint and cover
//! every order; `from_pairs(to_pairs(f)) == f` for every filter.

use super::super::calendar::DAY_MS;
use super::views::OrderCard;
use serde::{Deserialize, Serialize};

pub mod matching;

/// Orders per hall page.
pub const PAGE_SIZE: u32 = 12;
/// Longest search text kept.
pub const SEARCH_MAX: usize = 100;
/// Most categories one filter may name.
pub const CATEGORIES_MAX: usize = 50;

macro_rules! buckets {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $key:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value used in URLs.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            pub fn parse(value: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|bucket| bucket.key() == value)
            }
        }
    };
}

buckets! {
    /// Days left until the deadline.
    DeadlineBucket {
        Negotiable = "negotiable",
        Over30 = "over30",
        From15To30 = "15-30",
        From7To15 = "7-15",
        Under7 = "under7",
    }
}

buckets! {
    /// How long ago the order was published (each includes the shorter ones).
    PublishedBucket { Today = "today", Week = "7d", Month = "30d", Older = "older" }
}

buckets! {
    /// The reward in major units.
    RewardBucket {
        Negotiable = "negotiable",
        Over5000 = "over5000",
        From3000To5000 = "3000-5000",
        From1000To3000 = "1000-3000",
        Under1000 = "under1000",
    }
}

buckets! {
    /// The hall's order.
    HallSort { Newest = "newest", Reward = "reward" }
}

/// An inclusive range; `None` ends are open.
pub type Range = (Option<i64>, Option<i64>);

impl DeadlineBucket {
    /// The deadline day range, `None` for "negotiable" (no deadline).
    pub fn days(self, today: i64) -> Option<Range> {
        match self {
            DeadlineBucket::Negotiable => None,
            DeadlineBucket::Over30 => Some((Some(today + 31), None)),
            DeadlineBucket::From15To30 => Some((Some(today + 16), Some(today + 30))),
            DeadlineBucket::From7To15 => Some((Some(today + 8), Some(today + 15))),
            DeadlineBucket::Under7 => Some((None, Some(today + 7))),
        }
    }
}

impl PublishedBucket {
    /// The publication time range in Unix milliseconds.
    pub fn millis(self, today: i64) -> Range {
        let start = |days_back: i64| Some((today - days_back) * DAY_MS);
        match self {
            PublishedBucket::Today => (start(0), None),
            PublishedBucket::Week => (start(6), None),
            PublishedBucket::Month => (start(29), None),
            PublishedBucket::Older => (None, start(29).map(|ms| ms - 1)),
        }
    }
}

impl RewardBucket {
    /// The reward range in minor units, `None` for "negotiable".
    pub fn minor(self, scale: i64) -> Option<Range> {
        let at = |major: i64| Some(major * scale);
        match self {
            RewardBucket::Negotiable => None,
            RewardBucket::Over5000 => Some((at(5000), None)),
            RewardBucket::From3000To5000 => Some((at(3000), at(5000).map(|m| m - 1))),
            RewardBucket::From1000To3000 => Some((at(1000), at(3000).map(|m| m - 1))),
            RewardBucket::Under1000 => Some((None, at(1000).map(|m| m - 1))),
        }
    }
}

/// Where the next page starts: the last card's search rank (0 for a title
/// match or no search, 1 for a match in the text or nickname only), sort
/// key and id. Written `key_id`, or `rank_key_id` when the rank is not 0, so
/// links from before ranks existed still read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallCursor {
    #[serde(default)]
    pub rank: i64,
    pub key: i64,
    pub id: i64,
}

/// The largest search rank.
pub const RANK_MAX: i64 = 1;

impl HallCursor {
    pub fn encode(self) -> String {
        if self.rank == 0 {
            format!("{}_{}", self.key, self.id)
        } else {
            format!("{}_{}_{}", self.rank, self.key, self.id)
        }
    }

    pub fn decode(value: &str) -> Option<HallCursor> {
        let parts: Vec<&str> = value.split('_').collect();
        let (rank, key, id) = match parts.as_slice() {
            [key, id] => ("0", *key, *id),
            [rank, key, id] => (*rank, *key, *id),
            _ => return None,
        };
        let rank: i64 = rank.parse().ok()?;
        if !(0..=RANK_MAX).contains(&rank) {
            return None;
        }
        Some(HallCursor {
            rank,
            key: key.parse().ok()?,
            id: id.parse().ok()?,
        })
    }
}

/// Everything that selects and orders the hall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallFilter {
    pub categories: Vec<i64>,
    pub deadline: Vec<DeadlineBucket>,
    pub published: Vec<PublishedBucket>,
    pub reward: Vec<RewardBucket>,
    /// Whitespace-separated terms, each found in the title, the text or
    /// the publisher's nickname (`search.rs`), as typed.
    pub search: String,
    pub sort: HallSort,
    pub after: Option<HallCursor>,
}

impl Default for HallFilter {
    fn default() -> Self {
        Self {
            categories: Vec::new(),
            deadline: Vec::new(),
            published: Vec::new(),
            reward: Vec::new(),
            search: String::new(),
            sort: HallSort::Newest,
            after: None,
        }
    }
}

fn push_unique<T: PartialEq>(list: &mut Vec<T>, value: T) {
    if !list.contains(&value) {
        list.push(value);
    }
}

impl HallFilter {
    /// Reads a filter from URL query pairs; unknown or repeated values are
    /// ignored, so any link yields a valid hall.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> HallFilter {
        let mut filter = HallFilter::default();
        for (name, value) in pairs {
            match name {
                "c" => {
                    if let Ok(id) = value.parse::<i64>()
                        && id > 0
                        && filter.categories.len() < CATEGORIES_MAX
                    {
                        push_unique(&mut filter.categories, id);
                    }
                }
                "d" => DeadlineBucket::parse(value)
                    .into_iter()
                    .for_each(|b| push_unique(&mut filter.deadline, b)),
                "p" => PublishedBucket::parse(value)
                    .into_iter()
                    .for_each(|b| push_unique(&mut filter.published, b)),
                "r" => RewardBucket::parse(value)
                    .into_iter()
                    .for_each(|b| push_unique(&mut filter.reward, b)),
                "q" => filter.search = value.trim().chars().take(SEARCH_MAX).collect(),
                "sort" => filter.sort = HallSort::parse(value).unwrap_or(HallSort::Newest),
                "after" => filter.after = HallCursor::decode(value),
                _ => {}
            }
        }
        filter
    }

    /// The filter as URL query pairs (without the cursor unless set).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        pairs.extend(self.categories.iter().map(|id| ("c", id.to_string())));
        pairs.extend(self.deadline.iter().map(|b| ("d", b.key().to_owned())));
        pairs.extend(self.published.iter().map(|b| ("p", b.key().to_owned())));
        pairs.extend(self.reward.iter().map(|b| ("r", b.key().to_owned())));
        if !self.search.is_empty() {
            pairs.push(("q", self.search.clone()));
        }
        if self.sort != HallSort::Newest {
            pairs.push(("sort", self.sort.key().to_owned()));
        }
        if let Some(after) = self.after {
            pairs.push(("after", after.encode()));
        }
        pairs
    }

    /// `?a=b&...` (empty for the plain hall), percent-encoded.
    pub fn to_query(&self) -> String {
        let pairs = self.to_pairs();
        if pairs.is_empty() {
            return String::new();
        }
        let encoded: Vec<String> = pairs
            .iter()
            .map(|(name, value)| {
                format!("{name}={}", super::super::navigation::query_escape(value))
            })
            .collect();
        format!("?{}", encoded.join("&"))
    }

    /// The same filter from its first page.
    pub fn first_page(&self) -> HallFilter {
        HallFilter {
            after: None,
            ..self.clone()
        }
    }

    /// Whether anything narrows the hall.
    pub fn is_filtered(&self) -> bool {
        !(self.categories.is_empty()
            && self.deadline.is_empty()
            && self.published.is_empty()
            && self.reward.is_empty()
            && self.search.is_empty())
    }
}

/// One page of the hall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallPage {
    pub cards: Vec<OrderCard>,
    /// The cursor of the next page, if there is one.
    pub next: Option<HallCursor>,
    /// The currency rewards are in (ISO 4217).
    pub currency: String,
}

#[cfg(test)]
mod tests;
