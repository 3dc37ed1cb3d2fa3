//! Marks `<html data-hydrated>` once the page's islands are interactive.
//!
//! Invariant: this is the last island in the document. The island script
//! hydrates islands in document order, so when this one runs every island
//! before it has its event handlers; the style sheet then reveals the
//! JavaScript-only controls and the end-to-end tests start clicking.

use crate::platform;
use leptos::prelude::*;

#[island]
pub fn HydrationMark() -> impl IntoView {
    // Effects run only in the browser, after this island is hydrated.
    Effect::new(|_| platform::mark_hydrated());
}
