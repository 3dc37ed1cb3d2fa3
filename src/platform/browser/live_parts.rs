//! Pages that update themselves: after a push about what a page shows, the
//! page is fetched again as the server renders it now, and each element
//! marked `data-live-part="<name>"` is swapped for its namesake in the fresh
//! copy. The browser carries no code to draw a balance, an order or a
//! notification: what appears is the server's own HTML, the same a reload
//! (or a browser without JavaScript) shows.
//!
//! Invariants: either every marked part is swapped or none is (`false`:
//! the caller offers a reload instead). None is when a part holds the focus
//! or an edited field (the user's typing is never thrown away), holds an
//! island (its hydrated code would be cut off), or the fresh page does not
//! have the same parts (the page changed shape: a reload shows it). Of two
//! refreshes in flight only the later one applies, so an older answer never
//! replaces a newer one.

use super::fetched_page::fetch_page;
use std::cell::Cell;
use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

const PART: &str = "data-live-part";

thread_local! {
    /// Counts refreshes started; a refresh applies only if it is the last.
    static STARTED: Cell<u64> = const { Cell::new(0) };
}

/// Refreshes the marked parts of the page shown; `false` if it could not.
pub async fn refresh_live_parts() -> bool {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return false;
    };
    let mine = STARTED.with(|started| {
        started.set(started.get() + 1);
        started.get()
    });
    let Ok(href) = document
        .location()
        .ok_or(())
        .and_then(|at| at.href().map_err(|_| ()))
    else {
        return false;
    };
    if marked(&document).is_empty() {
        return false;
    }
    let Ok(fresh) = fetch_page(&href).await else {
        return false;
    };
    if STARTED.with(Cell::get) != mine {
        // A later refresh is on its way and will show the newer state.
        return true;
    }
    swap_all(&document, &fresh)
}

/// Swaps every part, after checking that each may go and has a namesake.
fn swap_all(document: &Document, fresh: &Document) -> bool {
    let shown = marked(document);
    if shown.len() != marked(fresh).len() {
        return false;
    }
    let mut pairs = Vec::with_capacity(shown.len());
    for part in shown {
        let name = part.get_attribute(PART).unwrap_or_default();
        let selector = format!("[{PART}=\"{name}\"]");
        let Some(replacement) = fresh.query_selector(&selector).ok().flatten() else {
            return false;
        };
        if !may_replace(document, &part) {
            return false;
        }
        pairs.push((part, replacement));
    }
    // Nodes of the parsed document are adopted into this one as they move.
    pairs
        .into_iter()
        .all(|(part, replacement)| part.replace_with_with_node_1(&replacement).is_ok())
}

fn marked(document: &Document) -> Vec<Element> {
    let Ok(found) = document.query_selector_all(&format!("[{PART}]")) else {
        return Vec::new();
    };
    (0..found.length())
        .filter_map(|index| found.item(index))
        .filter_map(|node| wasm_bindgen::JsCast::dyn_into::<Element>(node).ok())
        .collect()
}

/// Whether swapping `part` loses nothing: no focus, no edit, no island.
fn may_replace(document: &Document, part: &Element) -> bool {
    let focused = document
        .active_element()
        .is_some_and(|active| part.contains(Some(active.as_ref())));
    let island = part
        .query_selector("leptos-island")
        .ok()
        .flatten()
        .is_some();
    !focused && !island && !edited(part)
}

/// Whether a field in `part` holds something other than what the server
/// rendered (read through `value`/`defaultValue` and `checked`/
/// `defaultChecked`, which inputs and text areas share).
fn edited(part: &Element) -> bool {
    let Ok(fields) = part.query_selector_all("input, textarea") else {
        return true;
    };
    let read = |field: &JsValue, key: &str| js_sys::Reflect::get(field, &key.into()).ok();
    (0..fields.length())
        .filter_map(|index| fields.item(index))
        .any(|field| {
            let field: &JsValue = field.as_ref();
            read(field, "value") != read(field, "defaultValue")
                || read(field, "checked") != read(field, "defaultChecked")
        })
}
