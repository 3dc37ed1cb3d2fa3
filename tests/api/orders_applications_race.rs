//! Picks race like takes, on both databases: of the publisher's concurrent
//! picks of different applicants exactly one wins and the order ends taken
//! by that one; a plain take racing a pick never wins.

use crate::support::applications::{applicants_order, order_state, pitch, status};
use crate::support::orders::user;
use crate::support::stacks::stacks;
use bounty::domain::AppError;
use bounty::server::services::orders::{applications, lifecycle, view};
use std::sync::Arc;
use tokio::sync::Barrier;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_concurrent_picks_of_different_applicants_exactly_one_wins() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Race Pick Publisher").await;
        let id = applicants_order(state, &publisher, false).await;
        let mut applicants = Vec::new();
        for n in 0..12 {
            let applicant = user(state, &format!("Race Applicant {n}")).await;
            applications::apply(state, &applicant, id, &pitch("Me"))
                .await
                .expect("apply");
            applicants.push(applicant.id);
        }
        let barrier = Arc::new(Barrier::new(applicants.len()));
        let picks = applicants.iter().map(|applicant| {
            let (state, publisher, barrier, applicant) = (
                state.clone(),
                publisher.clone(),
                barrier.clone(),
                *applicant,
            );
            tokio::spawn(async move {
                barrier.wait().await;
                (
                    applicant,
                    applications::pick(&state, &publisher, id, applicant).await,
                )
            })
        });
        let mut winners = Vec::new();
        for joined in futures::future::join_all(picks).await {
            let (applicant, result) = joined.expect("task");
            match result {
                Ok(()) => winners.push(applicant),
                Err(error) => assert_eq!(
                    error,
                    AppError::Conflict("already_taken".into()),
                    "{}",
                    stack.name
                ),
            }
        }
        assert_eq!(winners.len(), 1, "{}: winners {winners:?}", stack.name);
        let seen = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        assert_eq!(seen.taker.map(|t| t.id), Some(winners[0]), "{}", stack.name);
        for applicant in &applicants {
            let expected = if *applicant == winners[0] {
                "chosen"
            } else {
                "declined"
            };
            assert_eq!(
                status(state, id, *applicant).await.as_deref(),
                Some(expected),
                "{}",
                stack.name
            );
        }
        assert_eq!(order_state(state, id).await, ("taken".to_owned(), 0));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_take_racing_a_pick_never_wins() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Race Mix Publisher").await;
        let chosen = user(state, "Race Mix Chosen").await;
        let id = applicants_order(state, &publisher, false).await;
        applications::apply(state, &chosen, id, &pitch("Me"))
            .await
            .expect("apply");
        let mut takers = Vec::new();
        for n in 0..8 {
            takers.push(user(state, &format!("Race Mix Taker {n}")).await);
        }
        let barrier = Arc::new(Barrier::new(takers.len() + 1));
        let pick = {
            let (state, publisher, barrier) = (state.clone(), publisher.clone(), barrier.clone());
            let chosen = chosen.id;
            tokio::spawn(async move {
                barrier.wait().await;
                applications::pick(&state, &publisher, id, chosen).await
            })
        };
        let takes = takers.into_iter().map(|taker| {
            let (state, barrier) = (state.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                lifecycle::take(&state, &taker, id).await
            })
        });
        for joined in futures::future::join_all(takes).await {
            let refused = joined.expect("task").expect_err("a take never wins");
            assert!(
                refused == AppError::Conflict("applicants_only".into())
                    || refused == AppError::Conflict("already_taken".into()),
                "{}: {refused:?}",
                stack.name
            );
        }
        pick.await.expect("task").expect("the pick wins");
        let seen = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        assert_eq!(seen.taker.map(|t| t.id), Some(chosen.id), "{}", stack.name);
    }
}
