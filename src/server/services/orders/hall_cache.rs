//! Hall pages kept in memory for a moment: the hall is the site's first and
//! busiest page, it is the same for every visitor, and a popular filter is
//! asked for many times a second. One query per filter per `FRESH_FOR`
//! instead of one per visitor is what lets one instance serve thousands of
//! hall pages a second on either database.
//!
//! Invariants:
//! - A change is seen at once: every service that changes what a hall card
//!   shows (publishing, editing, deleting, taking, reopening and cancelling
//!   orders; categories; nicknames and avatars) calls
//!   `listings_sync::changed` after its commit, which retires every kept
//!   page here and announces the change to the other instances.
//! - A page read before such a commit is never kept past it: a page is
//!   tagged with the generation read *before* its query, so a commit that
//!   lands while the query runs makes the page stale on arrival.
//! - Should an announcement be lost, another instance's change is seen
//!   within `FRESH_FOR`.
//! - Only the public hall is kept, never a user's own lists.

use crate::domain::order::{HallFilter, HallPage};
use quick_cache::sync::Cache;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long a page is served from memory when nothing changed here.
pub const FRESH_FOR: Duration = Duration::from_secs(1);

/// Pages kept; a page is a dozen cards (a few KiB), so a full cache is a
/// few MiB. quick_cache evicts the least used beyond it, and a search typed
/// once does not push out the popular filters.
const CAPACITY: usize = 2_000;

#[derive(Clone)]
struct Kept {
    at: Instant,
    generation: u64,
    page: Arc<HallPage>,
}

/// The generation a page was read at, taken before its query (see the
/// invariants); hand it back to `put`.
#[derive(Debug, Clone, Copy)]
pub struct ReadTicket(u64);

#[derive(Clone)]
pub struct HallPageCache {
    pages: Arc<Cache<String, Kept>>,
    generation: Arc<AtomicU64>,
    fresh_for: Duration,
}

impl Default for HallPageCache {
    fn default() -> Self {
        HallPageCache::new(FRESH_FOR)
    }
}

impl std::fmt::Debug for HallPageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HallPageCache")
    }
}

/// The cache key: the filter in its URL form (which names every field,
/// the cursor included) and the day, since the deadline and publish-date
/// buckets move at midnight.
fn key(filter: &HallFilter, today: i64) -> String {
    let mut key = today.to_string();
    for (name, value) in filter.to_pairs() {
        key.push('&');
        key.push_str(name);
        key.push('=');
        key.push_str(&value);
    }
    key
}

impl HallPageCache {
    /// A cache that serves a page for `fresh_for`; `Duration::ZERO` keeps
    /// nothing (the benchmark measures the queries that way).
    pub fn new(fresh_for: Duration) -> Self {
        HallPageCache {
            pages: Arc::new(Cache::new(CAPACITY)),
            generation: Arc::new(AtomicU64::new(0)),
            fresh_for,
        }
    }

    /// The kept page for `filter` on `today` if it is fresh, or the ticket
    /// to keep the page about to be read.
    pub fn get(&self, filter: &HallFilter, today: i64) -> Result<Arc<HallPage>, ReadTicket> {
        let generation = self.generation.load(Ordering::Acquire);
        if self.fresh_for.is_zero() {
            return Err(ReadTicket(generation));
        }
        match self.pages.get(&key(filter, today)) {
            Some(kept) if kept.generation == generation && kept.at.elapsed() < self.fresh_for => {
                Ok(kept.page)
            }
            _ => Err(ReadTicket(generation)),
        }
    }

    /// Keeps `page`, read after `ticket` was issued.
    pub fn put(&self, filter: &HallFilter, today: i64, ticket: ReadTicket, page: Arc<HallPage>) {
        if self.fresh_for.is_zero() || ticket.0 != self.generation.load(Ordering::Acquire) {
            return;
        }
        let kept = Kept {
            at: Instant::now(),
            generation: ticket.0,
            page,
        };
        self.pages.insert(key(filter, today), kept);
    }

    /// Retires every kept page; call it after committing a change that a
    /// hall card shows.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::order::hall::HallSort;

    fn page(currency: &str) -> Arc<HallPage> {
        Arc::new(HallPage {
            cards: Vec::new(),
            next: None,
            currency: currency.to_owned(),
        })
    }

    #[test]
    fn a_kept_page_is_served_for_the_same_filter_and_day_only() {
        let cache = HallPageCache::default();
        let filter = HallFilter::default();
        let ticket = cache.get(&filter, 10).expect_err("nothing kept yet");
        cache.put(&filter, 10, ticket, page("CNY"));
        assert_eq!(cache.get(&filter, 10).expect("kept").currency, "CNY");
        assert!(cache.get(&filter, 11).is_err(), "another day");
        let by_reward = HallFilter {
            sort: HallSort::Reward,
            ..HallFilter::default()
        };
        assert!(cache.get(&by_reward, 10).is_err(), "another sort");
    }

    #[test]
    fn invalidating_retires_kept_pages() {
        let cache = HallPageCache::default();
        let filter = HallFilter::default();
        let ticket = cache.get(&filter, 10).expect_err("nothing kept yet");
        cache.put(&filter, 10, ticket, page("CNY"));
        cache.invalidate();
        assert!(cache.get(&filter, 10).is_err());
    }

    #[test]
    fn a_page_read_across_a_change_is_not_kept() {
        let cache = HallPageCache::default();
        let filter = HallFilter::default();
        let ticket = cache.get(&filter, 10).expect_err("nothing kept yet");
        // A commit lands while the query runs.
        cache.invalidate();
        cache.put(&filter, 10, ticket, page("CNY"));
        assert!(cache.get(&filter, 10).is_err());
    }

    #[test]
    fn a_page_goes_stale_after_its_time() {
        let cache = HallPageCache::new(Duration::from_millis(20));
        let filter = HallFilter::default();
        let ticket = cache.get(&filter, 10).expect_err("nothing kept yet");
        cache.put(&filter, 10, ticket, page("CNY"));
        std::thread::sleep(Duration::from_millis(30));
        assert!(cache.get(&filter, 10).is_err());
    }

    #[test]
    fn a_zero_time_keeps_nothing() {
        let cache = HallPageCache::new(Duration::ZERO);
        let filter = HallFilter::default();
        let ticket = cache.get(&filter, 10).expect_err("nothing kept yet");
        cache.put(&filter, 10, ticket, page("CNY"));
        assert!(cache.get(&filter, 10).is_err());
    }
}
