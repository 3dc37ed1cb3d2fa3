//! "My published" and "my tasks": the caller's own orders, with the hall's
//! filters plus a status filter, in the URL like the hall's.

use super::hall::HallFilter;
use super::lifecycle::OrderState;
use serde::{Deserialize, Serialize};

/// Which side of the orders the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MySide {
    /// Orders I published.
    Published,
    /// Orders I took.
    Taken,
}

impl MySide {
    pub fn key(self) -> &'static str {
        match self {
            MySide::Published => "published",
            MySide::Taken => "taken",
        }
    }
}

/// The list's filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyOrdersFilter {
    pub side: MySide,
    pub states: Vec<OrderState>,
    pub hall: HallFilter,
}

impl MyOrdersFilter {
    /// Reads the list's filter from URL query pairs, ignoring what it does
    /// not know.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)> + Clone) -> Self {
        let mut side = MySide::Published;
        let mut states = Vec::new();
        for (name, value) in pairs.clone() {
            match name {
                "side" if value == "taken" => side = MySide::Taken,
                "s" => {
                    if let Some(state) = OrderState::parse(value)
                        && !states.contains(&state)
                    {
                        states.push(state);
                    }
                }
                _ => {}
            }
        }
        MyOrdersFilter {
            side,
            states,
            hall: HallFilter::from_pairs(pairs),
        }
    }

    /// The filter as a URL query, `?side=...&s=...&...`.
    pub fn to_query(&self) -> String {
        let mut query = format!("?side={}", self.side.key());
        for state in &self.states {
            query.push_str("&s=");
            query.push_str(state.as_str());
        }
        let hall = self.hall.to_query();
        if let Some(rest) = hall.strip_prefix('?') {
            query.push('&');
            query.push_str(rest);
        }
        query
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_side_and_states_ride_along_with_the_hall_filter() {
        let pairs = [
            ("side", "taken"),
            ("s", "submitted"),
            ("s", "bogus"),
            ("q", "x y"),
        ];
        let filter = MyOrdersFilter::from_pairs(pairs);
        assert_eq!(filter.side, MySide::Taken);
        assert_eq!(filter.states, vec![OrderState::Submitted]);
        assert_eq!(filter.hall.search, "x y");
        assert_eq!(filter.to_query(), "?side=taken&s=submitted&q=x%20y");
        let plain = MyOrdersFilter::from_pairs([]);
        assert_eq!(plain.side, MySide::Published);
        assert_eq!(plain.to_query(), "?side=published");
    }
}
