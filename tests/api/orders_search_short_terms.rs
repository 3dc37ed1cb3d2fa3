//! Search terms of one or two characters, which no trigram holds, on both
//! databases: looked up in the gram index (`db::order_grams`), they are
//! found in title and text, rank a title match first, fold case in any
//! script, follow edits, deletes and rows written by other paths (the
//! backlog), and a short term the index leaves out (a quote) still finds
//! its order.

use crate::support::orders::user;
use crate::support::search::{described, found, search_stacks};
use bounty::server::db::order_grams;
use bounty::server::services::orders::publish;

#[tokio::test]
async fn one_and_two_character_terms_are_found_in_title_and_text_title_first() {
    for stack in search_stacks().await {
        let state = &stack.state;
        let name = stack.name;
        let alice = user(state, "Alice").await;
        publish::publish(
            state,
            &alice,
            &described("设计 a logo", &["A cat (猫) on a mug."]),
        )
        .await
        .expect("publish");
        // Newer, so first without the rank.
        publish::publish(
            state,
            &alice,
            &described(
                "Port a page",
                &["请重新设计页面，用 C# 写后端。Яблоко on the Ёлка."],
            ),
        )
        .await
        .expect("publish");

        assert_eq!(
            found(state, "设计").await,
            vec!["设计 a logo", "Port a page"],
            "{name}: the title match ranks first"
        );
        assert_eq!(found(state, "猫").await, vec!["设计 a logo"], "{name}");
        assert_eq!(found(state, "c#").await, vec!["Port a page"], "{name}");
        assert!(found(state, "c+").await.is_empty(), "{name}");
        assert_eq!(
            found(state, "яБ").await,
            vec!["Port a page"],
            "{name}: case folds in Cyrillic too"
        );
        assert_eq!(found(state, "ёл").await, vec!["Port a page"], "{name}");
        assert_eq!(
            found(state, "页面 后端").await,
            vec!["Port a page"],
            "{name}: every term"
        );
        assert!(
            found(state, "页面 猫").await.is_empty(),
            "{name}: every term must occur"
        );
        assert!(found(state, "鲸鱼").await.is_empty(), "{name}: in no order");
        assert!(
            found(state, "计a").await.is_empty(),
            "{name}: a space between is not a piece"
        );
    }
}

#[tokio::test]
async fn the_gram_index_follows_edits_deletes_and_other_writers() {
    for stack in search_stacks().await {
        let state = &stack.state;
        let name = stack.name;
        let alice = user(state, "Alice").await;
        let order = publish::publish(state, &alice, &described("Draw", &["画一只熊。"]))
            .await
            .expect("publish");
        let other = publish::publish(state, &alice, &described("Sing", &["唱一首歌。"]))
            .await
            .expect("publish");
        assert_eq!(found(state, "熊").await, vec!["Draw"], "{name}");

        publish::edit(state, &alice, order, &described("Draw", &["画一只狗。"]))
            .await
            .expect("edit");
        assert!(found(state, "熊").await.is_empty(), "{name}: edited away");
        assert_eq!(found(state, "狗").await, vec!["Draw"], "{name}");

        publish::delete(state, &alice, other).await.expect("delete");
        assert!(found(state, "首歌").await.is_empty(), "{name}: deleted");

        // A row written by another path (a bulk load, an operator's SQL)
        // is found once the backlog is drained, as at start-up.
        sqlx::query("UPDATE orders SET search_text = $1 WHERE id = $2")
            .bind("画一匹马。")
            .bind(order)
            .execute(state.db.pool())
            .await
            .expect("update");
        order_grams::drain(&state.db).await.expect("drain");
        assert_eq!(found(state, "匹马").await, vec!["Draw"], "{name}");
        assert!(found(state, "狗").await.is_empty(), "{name}");
    }
}

#[tokio::test]
async fn a_short_term_the_gram_index_leaves_out_is_still_found() {
    for stack in search_stacks().await {
        let state = &stack.state;
        let name = stack.name;
        let alice = user(state, "Alice").await;
        publish::publish(
            state,
            &alice,
            &described("Rock'n'roll poster", &["Say \"hi\" in it."]),
        )
        .await
        .expect("publish");
        publish::publish(state, &alice, &described("Plain", &["Nothing."]))
            .await
            .expect("publish");
        for query in ["k'", "'n", "\"h", "i\""] {
            assert_eq!(
                found(state, query).await,
                vec!["Rock'n'roll poster"],
                "{name}: {query}"
            );
        }
        assert!(found(state, "x'").await.is_empty(), "{name}");
    }
}
