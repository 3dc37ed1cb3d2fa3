//! Saved searches with alerts on both backends: a new order notifies exactly
//! the users whose saved searches match it, once (a second matching, a
//! retry after a crash or an edit notifies nobody again); the daily digest
//! mails each user who allowed it one message listing every match; a user
//! reaches only their own saved searches; the limits hold.

use crate::support::orders::{draft, user};
use crate::support::stacks::stacks;
use bounty::domain::notification::NotificationKind as K;
use bounty::domain::order::OrderDraft;
use bounty::domain::{AppError, CurrentUser};
use bounty::server::auth::now_millis;
use bounty::server::mail::Outbox;
use bounty::server::services::alerts::{self, digest};
use bounty::server::services::orders::publish;
use bounty::server::services::{notifications, saved_searches};
use bounty::server::state::AppState;

async fn kinds(state: &AppState, who: &CurrentUser) -> Vec<K> {
    let page = notifications::page(state, who, None).await.expect("page");
    page.items.iter().map(|item| item.kind).collect()
}

async fn alerted(state: &AppState, who: &CurrentUser) -> usize {
    kinds(state, who)
        .await
        .into_iter()
        .filter(|kind| *kind == K::SearchMatched)
        .count()
}

async fn queued(state: &AppState) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM search_match_queue")
        .fetch_one(state.db.pool())
        .await
        .expect("count")
}

/// Runs the matcher until nothing is queued (the publish's own matching
/// runs in a spawned task and may hold an order for a moment).
async fn drain(state: &AppState) {
    for _ in 0..500 {
        alerts::match_pending(state).await.expect("match");
        if queued(state).await == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("orders stayed queued");
}

async fn save(state: &AppState, who: &CurrentUser, query: &str, digest: bool) -> i64 {
    saved_searches::save(state, who, "mine", query, digest)
        .await
        .expect("save")
}

/// An order in `category` with `reward` whose text is `text`.
fn order(title: &str, category: i64, reward: &str, text: &str) -> OrderDraft {
    OrderDraft {
        category_id: category,
        reward: reward.into(),
        blocks: vec!["Intro".into(), text.into()],
        ..draft(title)
    }
}

#[tokio::test]
async fn a_new_order_notifies_exactly_the_users_whose_saved_searches_match_it_once() {
    for stack in stacks().await {
        let state = &stack.state;
        let name = stack.name;
        let publisher = user(state, "Tea House").await;
        let english = user(state, "Logo Fan").await;
        let chinese = user(state, "Cha Fan").await;
        let by_category = user(state, "Design Fan").await;
        let by_reward = user(state, "Mid Reward Fan").await;
        let twice = user(state, "Two Searches").await;
        let rich_only = user(state, "Rich Only").await;
        let wrong_category = user(state, "Writing Fan").await;
        let wrong_text = user(state, "Coffee Fan").await;
        let banned = user(state, "Banned Fan").await;
        save(state, &english, "?q=LOGO%20dragon", false).await;
        save(state, &chinese, "?q=%E8%8C%B6%E9%A6%86", false).await; // 茶馆
        save(state, &by_category, "?c=2", false).await;
        save(state, &by_reward, "?r=1000-3000&c=2", false).await;
        save(state, &twice, "?q=logo", false).await;
        save(state, &twice, "?q=tea%20house", false).await; // the nickname
        save(state, &rich_only, "?r=over5000", false).await;
        save(state, &wrong_category, "?c=3&q=logo", false).await;
        save(state, &wrong_text, "?q=%E5%92%96%E5%95%A1", false).await; // 咖啡
        save(state, &banned, "?q=logo", false).await;
        save(state, &publisher, "?q=logo", false).await;
        let mut tx = state.db.begin_write().await.expect("begin");
        bounty::server::db::users::set_ban(&mut tx, banned.id, Some("spam"), now_millis())
            .await
            .expect("ban");
        tx.commit().await.expect("commit");

        let id = publish::publish(
            state,
            &publisher,
            &order(
                "Logo for a shop",
                2,
                "1500",
                "需要一个**茶馆**的标志, with a *dragon*",
            ),
        )
        .await
        .expect("publish");
        drain(state).await;

        for (who, expected) in [
            (&english, 1),
            (&chinese, 1),
            (&by_category, 1),
            (&by_reward, 1),
            (&twice, 1),
            (&rich_only, 0),
            (&wrong_category, 0),
            (&wrong_text, 0),
            (&banned, 0),
            (&publisher, 0),
        ] {
            assert_eq!(
                alerted(state, who).await,
                expected,
                "{name}: {}",
                who.nickname
            );
        }
        let page = notifications::page(state, &english, None)
            .await
            .expect("page");
        assert_eq!(page.items[0].order_id, Some(id));
        assert_eq!(page.items[0].actor.as_deref(), Some("Tea House"));

        // A second run, a retry of the same order after a crash (queued
        // again) and an edit notify nobody again.
        alerts::match_pending(state).await.expect("again");
        sqlx::query("INSERT INTO search_match_queue (order_id, queued_ms) VALUES ($1, $2)")
            .bind(id)
            .bind(now_millis())
            .execute(state.db.pool())
            .await
            .expect("queued again");
        drain(state).await;
        publish::edit(
            state,
            &publisher,
            id,
            &order("Logo for a shop, v2", 2, "1500", "茶馆"),
        )
        .await
        .expect("edit");
        drain(state).await;
        for who in [&english, &chinese, &by_category, &by_reward, &twice] {
            assert_eq!(alerted(state, who).await, 1, "{name}: {}", who.nickname);
        }
        // Not mailed one by one.
        assert_eq!(stack.messages_to("logo.fan@example.com").await, 0, "{name}");
    }
}

#[tokio::test]
async fn a_claimed_order_is_matched_by_nobody_else_until_its_claim_runs_out() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Claim Publisher").await;
        let fan = user(state, "Claim Fan").await;
        save(state, &fan, "?q=claimed", false).await;
        // A matcher that claimed the order and died: the claim still runs.
        let id = {
            let mut tx = state.db.begin_write().await.expect("begin");
            let id = bounty::server::db::orders::insert(
                &mut tx,
                publisher.id,
                &bounty::server::db::orders::OrderContent {
                    category_id: 1,
                    title: "Claimed order",
                    title_folded: "claimed order",
                    excerpt: "",
                    blocks_json: "[]",
                    search_text: "",
                    reward_minor: Some(100),
                    deadline_day: None,
                    attachment_count: 0,
                    choose_applicants: false,
                },
                now_millis(),
            )
            .await
            .expect("order");
            sqlx::query(
                "INSERT INTO search_match_queue (order_id, queued_ms, claimed_by, claimed_until_ms) \
                 VALUES ($1, $2, 'dead', $3)",
            )
            .bind(id)
            .bind(now_millis())
            .bind(now_millis() + 60_000)
            .execute(&mut *tx)
            .await
            .expect("claimed");
            tx.commit().await.expect("commit");
            id
        };
        alerts::match_pending(state).await.expect("match");
        assert_eq!(alerted(state, &fan).await, 0, "{}", stack.name);
        // The claim ran out: the next matcher takes the order.
        sqlx::query("UPDATE search_match_queue SET claimed_until_ms = 1 WHERE order_id = $1")
            .bind(id)
            .execute(state.db.pool())
            .await
            .expect("expire");
        drain(state).await;
        assert_eq!(alerted(state, &fan).await, 1, "{}", stack.name);
    }
}

#[tokio::test]
async fn the_digest_mails_each_user_who_allowed_it_once_listing_every_match() {
    for stack in stacks().await {
        let state = &stack.state;
        let name = stack.name;
        let publisher = user(state, "Digest Publisher").await;
        let wants = user(state, "Wants Digest").await;
        let quiet = user(state, "No Digest").await;
        save(state, &wants, "?q=translate", true).await;
        save(state, &wants, "?q=%E7%BF%BB%E8%AF%91", true).await; // 翻译
        save(state, &quiet, "?q=translate", false).await;
        let banned = user(state, "Banned Digest").await;
        save(state, &banned, "?q=menu", true).await;
        for title in ["Translate a contract", "Translate a menu", "翻译一份合同"] {
            publish::publish(state, &publisher, &draft(title))
                .await
                .expect("publish");
        }
        drain(state).await;
        assert_eq!(alerted(state, &wants).await, 3, "{name}");
        assert_eq!(alerted(state, &quiet).await, 2, "{name}");
        assert_eq!(alerted(state, &banned).await, 1, "{name}");
        // Banned after the match: no digest for them.
        let mut tx = state.db.begin_write().await.expect("begin");
        bounty::server::db::users::set_ban(&mut tx, banned.id, Some("spam"), now_millis())
            .await
            .expect("ban");
        tx.commit().await.expect("commit");

        // Matches of today wait for tomorrow's digest.
        let today = digest::today_start(now_millis());
        assert_eq!(
            digest::send_due(state, today).await.expect("digest"),
            0,
            "{name}"
        );
        let tomorrow = now_millis() + 1;
        assert_eq!(
            digest::send_due(state, tomorrow).await.expect("digest"),
            1,
            "{name}"
        );
        assert_eq!(
            digest::send_due(state, tomorrow).await.expect("again"),
            0,
            "{name}"
        );
        assert_eq!(
            stack.messages_to("wants.digest@example.com").await,
            1,
            "{name}"
        );
        assert_eq!(
            stack.messages_to("no.digest@example.com").await,
            0,
            "{name}"
        );
        assert_eq!(
            stack.messages_to("banned.digest@example.com").await,
            0,
            "{name}"
        );
        let outbox = Outbox::new(state.settings.server.data_dir.join("outbox"));
        let messages = outbox.list().await.expect("outbox");
        let mail = &messages
            .iter()
            .find(|stored| stored.message.to == "wants.digest@example.com")
            .expect("the digest")
            .message;
        for title in ["Translate a contract", "Translate a menu", "翻译一份合同"] {
            assert!(
                mail.text.contains(title),
                "{name}: {title} in {}",
                mail.text
            );
        }

        // A month on, the alerts no digest waits for are pruned.
        sqlx::query("UPDATE search_alerts SET created_ms = 1")
            .execute(state.db.pool())
            .await
            .expect("age");
        assert_eq!(digest::prune(state).await.expect("prune"), 6, "{name}");
    }
}

#[tokio::test]
async fn a_user_reads_renames_and_deletes_only_their_own_saved_searches() {
    for stack in stacks().await {
        let state = &stack.state;
        let owner = user(state, "Search Owner").await;
        let other = user(state, "Search Other").await;
        let id = save(state, &owner, "?c=1&q=x", false).await;
        assert!(
            saved_searches::list(state, &other)
                .await
                .expect("list")
                .items
                .is_empty()
        );
        assert_eq!(
            saved_searches::update(state, &other, id, "taken over", true).await,
            Err(AppError::NotFound)
        );
        assert_eq!(
            saved_searches::delete(state, &other, id).await,
            Err(AppError::NotFound)
        );
        saved_searches::update(state, &owner, id, "  Renamed  ", true)
            .await
            .expect("rename");
        let list = saved_searches::list(state, &owner).await.expect("list");
        assert_eq!(list.items.len(), 1);
        assert_eq!(list.items[0].name, "Renamed");
        assert!(list.items[0].digest);
        assert_eq!(list.items[0].query, "?c=1&q=x");
        saved_searches::delete(state, &owner, id)
            .await
            .expect("delete");
        assert!(
            saved_searches::list(state, &owner)
                .await
                .expect("list")
                .items
                .is_empty()
        );
    }
}

#[tokio::test]
async fn saving_over_the_limit_or_an_invalid_search_is_refused_and_writes_nothing() {
    for stack in stacks().await {
        let state = &stack.state;
        let who = user(state, "Limit Searcher").await;
        let limit = state.settings.rates.saved_searches_per_user;
        for index in 0..limit {
            save(state, &who, &format!("?q=term{index}"), false).await;
        }
        assert_eq!(
            saved_searches::save(state, &who, "one more", "?q=more", false).await,
            Err(AppError::Conflict("too_many".into()))
        );
        let other = user(state, "Invalid Searcher").await;
        for (name, query) in [
            ("", "?q=x"),
            (&*"n".repeat(61), "?q=x"),
            ("no filter", ""),
            ("only a sort", "?sort=reward"),
        ] {
            assert!(
                matches!(
                    saved_searches::save(state, &other, name, query, false).await,
                    Err(AppError::Invalid(_))
                ),
                "{name:?} {query:?}"
            );
        }
        let count = saved_searches::list(state, &other)
            .await
            .expect("list")
            .items
            .len();
        assert_eq!(count, 0);
        let listed = saved_searches::list(state, &who).await.expect("list");
        assert_eq!(listed.items.len() as u64, limit);
    }
}
