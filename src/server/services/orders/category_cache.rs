//! The category list, kept in memory for a few seconds: every hall page
//! shows it and it changes only when an admin edits it.
//!
//! Invariant: an edit is seen at once: `listings_sync::changed` clears the
//! cache here in the same call and on the other instances when its
//! announcement arrives; should one be lost, they see it within `FRESH_FOR`.

use crate::domain::order::Category;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

const FRESH_FOR: Duration = Duration::from_secs(5);

/// When the list was read, and the list.
type Snapshot = Option<(Instant, Vec<Category>)>;

#[derive(Clone, Default)]
pub struct CategoryCache {
    inner: Arc<RwLock<Snapshot>>,
}

impl std::fmt::Debug for CategoryCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CategoryCache")
    }
}

impl CategoryCache {
    /// The cached list if it is fresh.
    pub fn get(&self) -> Option<Vec<Category>> {
        let guard = self.inner.read().ok()?;
        let (at, list) = guard.as_ref()?;
        (at.elapsed() < FRESH_FOR).then(|| list.clone())
    }

    pub fn put(&self, list: &[Category]) {
        if let Ok(mut guard) = self.inner.write() {
            *guard = Some((Instant::now(), list.to_vec()));
        }
    }

    pub fn clear(&self) {
        if let Ok(mut guard) = self.inner.write() {
            *guard = None;
        }
    }
}
