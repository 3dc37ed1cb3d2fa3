//! Pages that follow pushes: when a push says that what the page shows is
//! out of date, the page updates itself in place from a fresh server render
//! (`platform::refresh_live_parts`: the elements it marks `data-live-part`),
//! and only where that is impossible (the user is typing in a part, the
//! page changed shape, the fetch failed) shows "This page has changed" with
//! a reload link. Each page marks what it shows with a `data-live`
//! attribute: `money` (the wallet), `order:<id>` (an order: its state and
//! money panel), `notifications` (the list).
//!
//! A page showing a payment that waits for the provider's confirmation
//! (`data-awaiting-payment`) reloads itself instead, so the payer sees the
//! result appear.
//!
//! Invariant: the notice appears only for a push about what the page marks,
//! received after the page loaded; a page without a marker never shows it.

use super::Chat;
use crate::domain::chat::client::ChatState;
use crate::platform;
use crate::ui::i18n::use_texts;
use leptos::prelude::*;

/// The push counters of the chat state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pushes {
    pub money: u64,
    pub money_order: Option<i64>,
    pub notifications: u64,
}

impl Pushes {
    pub fn of(state: &ChatState) -> Pushes {
        Pushes {
            money: state.money_moves,
            money_order: state.money_order,
            notifications: state.notification_pushes,
        }
    }
}

/// Whether the pushes between `before` and `after` concern a page marked
/// `marker`. An order's other changes (taken, submitted, opened...) reach
/// its parties as notifications, which carry no order: any new one makes an
/// order page look again (a refresh that finds nothing new changes nothing).
pub fn concerns(marker: &str, before: Pushes, after: Pushes) -> bool {
    let money_moved = after.money > before.money;
    let notified = after.notifications > before.notifications;
    match marker {
        "money" => money_moved,
        "notifications" => notified,
        other => other
            .strip_prefix("order:")
            .and_then(|id| id.parse::<i64>().ok())
            .is_some_and(|id| notified || (money_moved && after.money_order == Some(id))),
    }
}

/// Applies pushes to the page; the notice only when it could not.
#[component]
pub fn PageChangedNotice(chat: Chat) -> impl IntoView {
    let texts = use_texts();
    let changed = RwSignal::new(false);
    // Browser only (effects do not run on the server).
    Effect::new(move |before: Option<Pushes>| {
        let after = chat.state.with(Pushes::of);
        if let (Some(before), Some(marker)) = (before, platform::live_marker())
            && concerns(&marker, before, after)
        {
            if platform::awaits_payment() {
                // "Waiting for confirmation" turns into the result by itself.
                platform::reload_page();
            } else {
                leptos::task::spawn_local(async move {
                    if !platform::refresh_live_parts().await {
                        changed.set(true);
                    }
                });
            }
        }
        after
    });
    move || {
        changed.get().then(|| {
            view! {
                <p class="page-changed" role="status">
                    {texts.page_changed} " " <a href="">{texts.reload}</a>
                </p>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: Pushes = Pushes {
        money: 0,
        money_order: None,
        notifications: 0,
    };

    #[test]
    fn a_push_concerns_only_the_pages_marked_for_it() {
        let order_7 = Pushes {
            money: 1,
            money_order: Some(7),
            ..NONE
        };
        assert!(concerns("money", NONE, order_7));
        assert!(concerns("order:7", NONE, order_7));
        assert!(!concerns("order:8", NONE, order_7));
        assert!(!concerns("notifications", NONE, order_7));

        let top_up = Pushes {
            money: 1,
            money_order: None,
            ..NONE
        };
        assert!(concerns("money", NONE, top_up));
        assert!(!concerns("order:7", NONE, top_up));

        let notified = Pushes {
            notifications: 1,
            ..NONE
        };
        assert!(concerns("notifications", NONE, notified));
        assert!(!concerns("money", NONE, notified));
        // A notification may be about the order shown: it looks again.
        assert!(concerns("order:7", NONE, notified));
        assert!(!concerns("order:x", NONE, order_7));
    }

    #[test]
    fn nothing_new_concerns_no_page() {
        let seen = Pushes {
            money: 2,
            money_order: Some(7),
            notifications: 3,
        };
        for marker in ["money", "order:7", "notifications"] {
            assert!(!concerns(marker, seen, seen), "{marker}");
        }
    }
}
