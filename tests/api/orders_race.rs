//! Fifty users take one order at the same moment: exactly one wins and the
//! other forty-nine are told it is taken, on both databases.

use crate::support::orders::{draft, user};
use crate::support::stacks::stacks;
use bounty::domain::AppError;
use bounty::server::services::orders::{lifecycle, publish, view};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_fifty_concurrent_takers_exactly_one_wins() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Racer Publisher").await;
        let id = publish::publish(state, &publisher, &draft("Race"))
            .await
            .expect("publish");
        let mut takers = Vec::new();
        for n in 0..50 {
            takers.push(user(state, &format!("Racer {n}")).await);
        }
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(takers.len()));
        let attempts = takers.into_iter().map(|taker| {
            let state = state.clone();
            let barrier = barrier.clone();
            tokio::spawn(async move {
                barrier.wait().await;
                (taker.id, lifecycle::take(&state, &taker, id).await)
            })
        });
        let results = futures::future::join_all(attempts).await;
        let mut winners = Vec::new();
        for joined in results {
            let (taker, result) = joined.expect("task");
            match result {
                Ok(()) => winners.push(taker),
                Err(error) => assert_eq!(
                    error,
                    AppError::Conflict("already_taken".into()),
                    "{}",
                    stack.name
                ),
            }
        }
        assert_eq!(winners.len(), 1, "{}: winners {winners:?}", stack.name);
        let publisher_view = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        assert_eq!(
            publisher_view.taker.map(|taker| taker.id),
            Some(winners[0]),
            "{}",
            stack.name
        );
    }
}
