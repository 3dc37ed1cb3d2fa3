//! A conversation opened from an order carries that order's title and
//! state; only an order one of the two published or took can be its context.

use crate::support::orders::{draft, user};
use crate::support::stacks::stacks;
use bounty::domain::order::OrderState;
use bounty::domain::{AppError, FieldError};
use bounty::server::services::chat::conversations;
use bounty::server::services::orders::{lifecycle, publish};

#[tokio::test]
async fn a_chat_opened_from_an_order_shows_its_title_and_state() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Publisher").await;
        let solver = user(state, "Solver").await;
        let stranger = user(state, "Stranger").await;
        let order = publish::publish(state, &publisher, &draft("Parse dates"))
            .await
            .expect("publish");
        // Anyone may write to the publisher about an open order.
        let id = conversations::open(state, &solver, publisher.id, Some(order))
            .await
            .expect("open");
        lifecycle::take(state, &solver, order).await.expect("take");
        let summary = conversations::one(state, &publisher, id)
            .await
            .expect("one");
        let context = summary.order.expect("order context");
        assert_eq!(
            (context.id, context.title.as_str(), context.state),
            (order, "Parse dates", OrderState::Taken),
            "{}",
            stack.name
        );
        // The same pair opening again finds the same conversation.
        assert_eq!(
            conversations::open(state, &publisher, solver.id, Some(order)).await,
            Ok(id)
        );
        // An order neither of two strangers has to do with is refused.
        let other = user(state, "Other").await;
        assert_eq!(
            conversations::open(state, &stranger, other.id, Some(order)).await,
            Err(AppError::Invalid(vec![FieldError::new(
                "order_id",
                "unrelated"
            )]))
        );
        assert_eq!(
            conversations::open(state, &stranger, publisher.id, Some(987_654)).await,
            Err(AppError::NotFound)
        );
    }
}
