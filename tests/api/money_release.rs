//! Reveal receipts, the release countdown and changes, on SQLite and on
//! PostgreSQL: the first opening of a funded solution is recorded and
//! starts the countdown; when it ends the solver is paid exactly once, even
//! with several instances (here: concurrent passes) releasing at once;
//! asking for changes stops it, at most three times; an opened version is
//! fixed.

use crate::support::money::{
    REWARD, answer, assert_ledger_consistent, available, balance, conflict, funded_submission, key,
};
use crate::support::stacks::stacks;
use bounty::domain::ledger::Account;
use bounty::domain::order::OrderState;
use bounty::server::auth::now_millis;
use bounty::server::services::money::{changes, confirm, release};
use bounty::server::services::orders::{lifecycle, open, submit, view};
use bounty::server::state::AppState;

async fn receipts(state: &AppState, id: i64) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM reveals WHERE order_id = $1")
        .bind(id)
        .fetch_one(state.db.pool())
        .await
        .expect("count")
}

async fn due_at(state: &AppState, id: i64) -> Option<i64> {
    sqlx::query_scalar("SELECT release_due_at FROM orders WHERE id = $1")
        .bind(id)
        .fetch_one(state.db.pool())
        .await
        .expect("due")
}

#[tokio::test]
async fn the_first_opening_starts_the_countdown_and_its_end_pays_the_solver_once() {
    for stack in stacks().await {
        let state = &stack.state;
        let (publisher, taker, id) = funded_submission(state, "Countdown").await;
        assert_eq!(
            due_at(state, id).await,
            None,
            "funding alone starts nothing"
        );
        let before = now_millis();
        open::open_solution(state, &publisher, id)
            .await
            .expect("open");
        open::open_solution(state, &publisher, id)
            .await
            .expect("open again");
        assert_eq!(receipts(state, id).await, 1, "{}", stack.name);
        let due = due_at(state, id).await.expect("countdown runs");
        let week = 7 * 24 * 3600 * 1000;
        assert!(
            due >= before + week && due <= now_millis() + week,
            "{}",
            stack.name
        );

        assert_eq!(
            release::release_due(state, due - 1)
                .await
                .expect("early pass"),
            0
        );
        // Several instances' passes at the same moment: one release.
        let passes = (0..4).map(|_| {
            let state = state.clone();
            tokio::spawn(async move { release::release_due(&state, due).await })
        });
        let released: usize = futures::future::join_all(passes)
            .await
            .into_iter()
            .map(|pass| pass.expect("joined").expect("pass"))
            .sum();
        assert_eq!(released, 1, "{}", stack.name);
        assert_eq!(available(state, &taker).await, REWARD, "{}", stack.name);
        assert_eq!(balance(state, Account::Escrow(id)).await, 0);
        let done = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        assert_eq!(done.card.state, OrderState::Done);
        assert_eq!(
            confirm::confirm(state, &publisher, id, &key()).await,
            Err(conflict("wrong_state"))
        );
        assert_ledger_consistent(state, stack.name).await;
    }
}

#[tokio::test]
async fn an_opened_version_is_fixed_until_changes_are_asked_for_at_most_three_times() {
    for stack in stacks().await {
        let state = &stack.state;
        let (publisher, taker, id) = funded_submission(state, "Countdown").await;
        assert_eq!(
            changes::request_changes(state, &publisher, id).await,
            Err(conflict("not_revealed")),
            "{}",
            stack.name
        );
        for round in 1..=3 {
            open::open_solution(state, &publisher, id)
                .await
                .expect("open");
            assert!(due_at(state, id).await.is_some());
            assert_eq!(
                submit::submit(state, &taker, id, &answer("Sneaky edit")).await,
                Err(conflict("revealed")),
                "{} round {round}",
                stack.name
            );
            assert_eq!(
                lifecycle::give_back(state, &taker, id).await,
                Err(conflict("revealed"))
            );
            assert!(changes::request_changes(state, &taker, id).await.is_err());
            changes::request_changes(state, &publisher, id)
                .await
                .expect("ask for changes");
            assert_eq!(due_at(state, id).await, None, "the countdown stops");
            let again = view::order(state, Some(&taker), id).await.expect("view");
            assert_eq!(again.card.state, OrderState::Taken);
            submit::submit(
                state,
                &taker,
                id,
                &answer(&format!("Version {}", round + 1)),
            )
            .await
            .expect("a new version");
        }
        open::open_solution(state, &publisher, id)
            .await
            .expect("open the fourth");
        assert_eq!(receipts(state, id).await, 4, "{}", stack.name);
        assert_eq!(
            changes::request_changes(state, &publisher, id).await,
            Err(conflict("no_rounds_left"))
        );
        confirm::confirm(state, &publisher, id, &key())
            .await
            .expect("confirm");
        assert_eq!(available(state, &taker).await, REWARD, "{}", stack.name);
        let later = now_millis() + 365 * 24 * 3600 * 1000;
        assert_eq!(release::release_due(state, later).await.expect("pass"), 0);
        assert_eq!(available(state, &taker).await, REWARD, "paid once");
        assert_ledger_consistent(state, stack.name).await;
    }
}
