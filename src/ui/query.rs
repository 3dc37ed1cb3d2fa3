//! The page's query parameters, decoded exactly once.
//!
//! Why not `leptos_router::hooks::use_query_map`: leptos_router 0.8.17 takes
//! the already-decoded pairs from `Url::query_pairs()` and decodes each value
//! again in `ParamsMap::insert`, so `?q=50%2541` read as `50A` and `%2500`
//! as a NUL byte (fixed upstream for 0.9, leptos-rs/leptos#4731 and #4800).
//! Here the raw query string is decoded once (`domain::navigation`), and each
//! value is handed to `ParamsMap` with its `%` escaped, so the router's own
//! second decode gives back exactly that value.

use crate::domain::navigation::query_pairs_once;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use leptos_router::params::ParamsMap;

/// The query of the current page, each value decoded once.
pub fn use_query_map() -> Memo<ParamsMap> {
    let location = use_location();
    Memo::new(move |_| location.search.with(|raw| params_once(raw)))
}

fn params_once(raw: &str) -> ParamsMap {
    let mut params = ParamsMap::new();
    for (name, value) in query_pairs_once(raw) {
        // `insert` percent-decodes what it is given: escape the one
        // character that decoding reacts to, so it is undone exactly.
        params.insert(name, value.replace('%', "%25"));
    }
    params
}

#[cfg(test)]
mod tests {
    use super::params_once;

    #[test]
    fn the_params_hold_each_value_decoded_once() {
        let params = params_once("q=50%2541&sort=reward&x=%2500");
        assert_eq!(params.get("q").as_deref(), Some("50%41"));
        assert_eq!(params.get("sort").as_deref(), Some("reward"));
        assert_eq!(params.get("x").as_deref(), Some("%00"));
    }
}
