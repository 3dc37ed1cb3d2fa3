//! The hall's filters, search (with characters that mean something to SQL,
//! URLs and LIKE), sort and keyset pagination, on both databases.

use crate::support::orders::{draft, user};
use crate::support::stacks::stacks;
use bounty::domain::order::OrderDraft;
use bounty::domain::order::hall::{
    DeadlineBucket, HallFilter, HallSort, PAGE_SIZE, PublishedBucket, RewardBucket,
};
use bounty::server::services::orders::{hall, lifecycle, publish};
use bounty::server::state::AppState;

async fn titles(state: &AppState, filter: &HallFilter) -> Vec<String> {
    let page = hall::page(state, filter).await.expect("hall");
    let mut titles: Vec<String> = page.cards.into_iter().map(|card| card.title).collect();
    titles.sort();
    titles
}

fn order(
    title: &str,
    category: i64,
    reward: Option<&str>,
    deadline_days: Option<i64>,
) -> OrderDraft {
    let today = bounty::domain::calendar::day_of_millis(bounty::server::auth::now_millis());
    OrderDraft {
        category_id: category,
        reward: reward.unwrap_or_default().into(),
        reward_negotiable: reward.is_none(),
        deadline: deadline_days
            .map(|days| bounty::domain::calendar::format_date(today + days))
            .unwrap_or_default(),
        deadline_negotiable: deadline_days.is_none(),
        ..draft(title)
    }
}

#[tokio::test]
async fn filters_select_by_category_deadline_reward_and_publication() {
    for stack in stacks().await {
        let state = &stack.state;
        let alice = user(state, "Alice").await;
        let bob = user(state, "Bob").await;
        for new in [
            order("A cheap soon", 1, Some("500"), Some(3)),
            order("B mid month", 2, Some("2000"), Some(20)),
            order("C rich far", 1, Some("8000"), Some(60)),
            order("D negotiable", 3, None, None),
            order("E taken", 1, Some("100"), Some(3)),
        ] {
            publish::publish(state, &alice, &new)
                .await
                .expect("publish");
        }
        let taken = titles(state, &HallFilter::default()).await;
        assert_eq!(taken.len(), 5);
        let e = hall::page(state, &HallFilter::default())
            .await
            .expect("hall")
            .cards
            .into_iter()
            .find(|card| card.title == "E taken")
            .expect("E");
        lifecycle::take(state, &bob, e.id).await.expect("take");
        let only = |f: fn(&mut HallFilter)| {
            let mut filter = HallFilter::default();
            f(&mut filter);
            filter
        };
        assert_eq!(
            titles(state, &only(|f| f.categories = vec![1])).await,
            vec!["A cheap soon", "C rich far"],
            "{}: taken orders leave the hall",
            stack.name
        );
        assert_eq!(
            titles(state, &only(|f| f.categories = vec![2, 3])).await,
            vec!["B mid month", "D negotiable"]
        );
        assert_eq!(
            titles(state, &only(|f| f.deadline = vec![DeadlineBucket::Under7])).await,
            vec!["A cheap soon"]
        );
        assert_eq!(
            titles(
                state,
                &only(|f| f.deadline = vec![DeadlineBucket::Negotiable, DeadlineBucket::Over30])
            )
            .await,
            vec!["C rich far", "D negotiable"]
        );
        assert_eq!(
            titles(
                state,
                &only(|f| f.deadline = vec![DeadlineBucket::From15To30])
            )
            .await,
            vec!["B mid month"]
        );
        assert_eq!(
            titles(state, &only(|f| f.reward = vec![RewardBucket::Over5000])).await,
            vec!["C rich far"]
        );
        assert_eq!(
            titles(
                state,
                &only(|f| f.reward = vec![RewardBucket::Under1000, RewardBucket::Negotiable])
            )
            .await,
            vec!["A cheap soon", "D negotiable"]
        );
        assert_eq!(
            titles(
                state,
                &only(|f| f.reward = vec![RewardBucket::From1000To3000])
            )
            .await,
            vec!["B mid month"]
        );
        assert_eq!(
            titles(state, &only(|f| f.published = vec![PublishedBucket::Today]))
                .await
                .len(),
            4
        );
        assert!(
            titles(state, &only(|f| f.published = vec![PublishedBucket::Older]))
                .await
                .is_empty()
        );
        let mut combined = only(|f| f.categories = vec![1]);
        combined.reward = vec![RewardBucket::Over5000];
        assert_eq!(
            titles(state, &combined).await,
            vec!["C rich far"],
            "{}",
            stack.name
        );
    }
}

#[tokio::test]
async fn search_finds_titles_and_publishers_with_any_characters() {
    let specials = [
        "50% off_now",
        "a-b/c+d;e",
        "it's @home",
        "back\\slash",
        "中文标题",
    ];
    for stack in stacks().await {
        let state = &stack.state;
        let odd = user(state, "O'Brien-100%").await;
        for title in specials {
            publish::publish(state, &odd, &draft(title))
                .await
                .expect("publish");
        }
        publish::publish(state, &odd, &draft("50 percent off now"))
            .await
            .expect("publish");
        for title in specials {
            let filter = HallFilter {
                search: title.to_owned(),
                ..HallFilter::default()
            };
            assert_eq!(
                titles(state, &filter).await,
                vec![title],
                "{}: {title}",
                stack.name
            );
        }
        let by_fragment = HallFilter {
            search: "% OFF_".into(),
            ..HallFilter::default()
        };
        assert_eq!(
            titles(state, &by_fragment).await,
            vec!["50% off_now"],
            "case-insensitive"
        );
        let by_publisher = HallFilter {
            search: "o'brien-100%".into(),
            ..HallFilter::default()
        };
        assert_eq!(
            titles(state, &by_publisher).await.len(),
            6,
            "{}",
            stack.name
        );
        let nothing = HallFilter {
            search: "'; DROP TABLE orders; --".into(),
            ..HallFilter::default()
        };
        assert!(titles(state, &nothing).await.is_empty());
    }
}

#[tokio::test]
async fn pages_follow_each_other_without_gaps_or_repeats_in_both_sorts() {
    for stack in stacks().await {
        let state = &stack.state;
        let alice = user(state, "Alice").await;
        let total = PAGE_SIZE as usize * 2 + 3;
        for n in 0..total {
            // Equal rewards in pairs, so the id breaks ties across pages.
            let reward = format!("{}", 100 + (n / 2) * 10);
            publish::publish(
                state,
                &alice,
                &order(&format!("Order {n:02}"), 1, Some(&reward), None),
            )
            .await
            .expect("publish");
        }
        for sort in [HallSort::Newest, HallSort::Reward] {
            let mut filter = HallFilter {
                sort,
                ..HallFilter::default()
            };
            let mut seen = Vec::new();
            let mut last_reward = i64::MAX;
            loop {
                let page = hall::page(state, &filter).await.expect("page");
                for card in &page.cards {
                    if sort == HallSort::Reward {
                        let reward = card.reward_minor.expect("reward");
                        assert!(reward <= last_reward, "{}: rewards descend", stack.name);
                        last_reward = reward;
                    }
                    seen.push(card.id);
                }
                match page.next {
                    Some(next) => filter.after = Some(next),
                    None => break,
                }
            }
            let mut unique = seen.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(seen.len(), total, "{}: {sort:?}", stack.name);
            assert_eq!(unique.len(), total, "{}: {sort:?} no repeats", stack.name);
        }
    }
}

#[tokio::test]
async fn my_lists_show_my_published_and_taken_orders_by_status() {
    use bounty::domain::order::{MyOrdersFilter, MySide, OrderState};
    for stack in stacks().await {
        let state = &stack.state;
        let alice = user(state, "Alice").await;
        let bob = user(state, "Bob").await;
        let open = publish::publish(state, &alice, &draft("Alice open"))
            .await
            .expect("publish");
        let taken = publish::publish(state, &alice, &draft("Alice taken"))
            .await
            .expect("publish");
        publish::publish(state, &bob, &draft("Bob's own"))
            .await
            .expect("publish");
        lifecycle::take(state, &bob, taken).await.expect("take");
        let list = |side, states: Vec<OrderState>| MyOrdersFilter {
            side,
            states,
            hall: HallFilter::default(),
        };
        let ids = |page: bounty::domain::order::HallPage| {
            page.cards
                .into_iter()
                .map(|card| card.id)
                .collect::<Vec<_>>()
        };
        let published = hall::mine(state, alice.id, &list(MySide::Published, vec![]))
            .await
            .expect("mine");
        assert_eq!(
            ids(published),
            vec![taken, open],
            "{}: newest first",
            stack.name
        );
        let only_taken = hall::mine(
            state,
            alice.id,
            &list(MySide::Published, vec![OrderState::Taken]),
        )
        .await
        .expect("mine");
        assert_eq!(ids(only_taken), vec![taken]);
        let tasks = hall::mine(state, bob.id, &list(MySide::Taken, vec![]))
            .await
            .expect("tasks");
        assert_eq!(ids(tasks), vec![taken], "{}", stack.name);
        let none = hall::mine(state, alice.id, &list(MySide::Taken, vec![]))
            .await
            .expect("none");
        assert!(none.cards.is_empty());
    }
}

/// The hall keeps pages for a moment (`hall_cache.rs`); every change a
/// card shows, made on this instance, must be in the very next page.
#[tokio::test]
async fn the_kept_hall_shows_each_change_at_once() {
    use bounty::server::services::{orders::categories, profile};
    for stack in stacks().await {
        let state = &stack.state;
        let name = stack.name;
        let alice = user(state, "Alice").await;
        let bob = user(state, "Bob").await;
        let admin = crate::support::money::admin_of(user(state, "Admin").await);
        let all = HallFilter::default();
        let first = || async { hall::page(state, &all).await.expect("hall").cards };
        assert!(first().await.is_empty(), "{name}: an empty hall, now kept");

        let id = publish::publish(state, &alice, &order("Fresh order", 2, Some("100"), None))
            .await
            .expect("publish");
        assert_eq!(first().await.len(), 1, "{name}: a published order at once");

        let edited = order("Edited order", 2, Some("100"), None);
        publish::edit(state, &alice, id, &edited)
            .await
            .expect("edit");
        assert_eq!(
            first().await[0].title,
            "Edited order",
            "{name}: an edit at once"
        );

        profile::update(state, alice.id, "Alice Renamed", "", "")
            .await
            .expect("nickname");
        assert_eq!(
            first().await[0].publisher.nickname,
            "Alice Renamed",
            "{name}: a nickname at once"
        );

        categories::rename(state, &admin, 2, "Renamed category", "改名的类别")
            .await
            .expect("rename");
        assert_eq!(
            first().await[0].category_en,
            "Renamed category",
            "{name}: a category's name at once"
        );

        lifecycle::take(state, &bob, id).await.expect("take");
        assert!(
            first().await.is_empty(),
            "{name}: a taken order leaves at once"
        );
        lifecycle::give_back(state, &bob, id)
            .await
            .expect("give back");
        assert_eq!(
            first().await.len(),
            1,
            "{name}: a returned order comes back at once"
        );

        publish::delete(state, &alice, id).await.expect("delete");
        assert!(
            first().await.is_empty(),
            "{name}: a deleted order leaves at once"
        );
    }
}

/// Behind a load balancer, a change made through one instance retires the
/// kept hall pages and category list of the others on the bus's
/// announcement (`listings_sync.rs`), not when their copies expire: the
/// second instance here keeps hall pages for an hour, so only the
/// announcement can make it show the change.
#[tokio::test]
async fn a_change_through_one_instance_reaches_the_kept_hall_of_another() {
    use bounty::server::services::orders::{categories, hall_cache::HallPageCache, listings_sync};
    use std::time::{Duration, Instant};
    let Some((first, mut second)) = crate::support::stacks::instance_pair().await else {
        return;
    };
    second.state.hall_pages = HallPageCache::new(Duration::from_secs(3600));
    let listener = tokio::spawn(listings_sync::listen(second.state.clone()));
    let (one, two) = (&first.state, &second.state);
    let all = HallFilter::default();
    let today = bounty::domain::calendar::day_of_millis(bounty::server::auth::now_millis());
    let kept_on_two = || two.hall_pages.get(&all, today).is_ok();
    // Announces from the first until the second's listener, subscribing in
    // the background, retires its kept page: from then on it hears them.
    let started = Instant::now();
    loop {
        hall::page(two, &all).await.expect("hall on two");
        assert!(kept_on_two(), "the second instance keeps its page");
        listings_sync::changed(one);
        tokio::time::sleep(Duration::from_millis(50)).await;
        if !kept_on_two() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the second never heard"
        );
    }

    let alice = user(one, "Alice").await;
    let seen = |title: &'static str| async move {
        let started = Instant::now();
        loop {
            let cards = hall::page(two, &HallFilter::default())
                .await
                .expect("hall")
                .cards;
            if cards.iter().any(|card| card.title == title) {
                return cards;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{title} never reached the second instance"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    assert!(hall::page(two, &all).await.expect("hall").cards.is_empty());
    let id = publish::publish(
        one,
        &alice,
        &order("Published on one", 2, Some("100"), None),
    )
    .await
    .expect("publish");
    assert_eq!(seen("Published on one").await.len(), 1);

    let admin = crate::support::money::admin_of(user(one, "Admin").await);
    categories::rename(one, &admin, 2, "Renamed on one", "在一号改名")
        .await
        .expect("rename");
    let started = Instant::now();
    while two.categories.get().is_some() || kept_on_two() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the rename never reached two"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let cards = hall::page(two, &all).await.expect("hall").cards;
    assert_eq!(cards[0].category_en, "Renamed on one");
    assert_eq!(cards[0].id, id);
    listener.abort();
}

/// The announcement is best effort: with Redis gone, publishing still
/// succeeds at once and this instance's hall shows the order.
#[tokio::test]
async fn with_the_bus_gone_a_change_still_lands_and_shows_here() {
    use std::time::{Duration, Instant};
    for stack in stacks().await {
        let state = &stack.state;
        let alice = user(state, "Alice").await;
        let all = HallFilter::default();
        assert!(
            hall::page(state, &all)
                .await
                .expect("hall")
                .cards
                .is_empty()
        );
        state.bus.close().await;
        let started = Instant::now();
        publish::publish(
            state,
            &alice,
            &order("Published offline", 2, Some("100"), None),
        )
        .await
        .expect("publish without the bus");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{}: the change waited on the bus",
            stack.name
        );
        let cards = hall::page(state, &all).await.expect("hall").cards;
        assert_eq!(cards.len(), 1, "{}", stack.name);
    }
}
