//! The chat's escrow notice: the member who is not the publisher of an
//! order whose reward is not secured sees it, with a link to where a
//! solution is protected; dismissing it lasts for that order; nobody else
//! sees it and only members may dismiss it.

use crate::support::money::{REWARD, key, top_up};
use crate::support::orders::{draft, user};
use crate::support::stacks::stacks;
use bounty::domain::{AppError, CurrentUser};
use bounty::server::services::chat::{conversations, escrow_notice};
use bounty::server::services::money::fund;
use bounty::server::services::orders::{lifecycle, publish};
use bounty::server::state::AppState;

/// A publisher, a would-be solver, an unsecured order of the publisher's and
/// the solver's conversation with them about it.
async fn unsecured_chat(state: &AppState, title: &str) -> (CurrentUser, CurrentUser, i64, i64) {
    let publisher = user(state, "Publisher").await;
    let solver = user(state, "Solver").await;
    let order = publish::publish(state, &publisher, &draft(title))
        .await
        .expect("publish");
    let chat = conversations::open(state, &solver, publisher.id, Some(order))
        .await
        .expect("open");
    (publisher, solver, order, chat)
}

#[tokio::test]
async fn the_solver_sees_the_notice_until_the_reward_is_secured_and_the_publisher_never() {
    for stack in stacks().await {
        let state = &stack.state;
        let (publisher, solver, order, chat) = unsecured_chat(state, "Unsecured").await;
        // Before taking: the order's page is where to go.
        assert_eq!(
            escrow_notice::link(state, &solver, chat).await,
            Ok(Some(format!("/orders/{order}"))),
            "{}",
            stack.name
        );
        assert_eq!(escrow_notice::link(state, &publisher, chat).await, Ok(None));
        // After taking: the sealed submission.
        lifecycle::take(state, &solver, order).await.expect("take");
        assert_eq!(
            escrow_notice::link(state, &solver, chat).await,
            Ok(Some(format!("/orders/{order}/submit")))
        );
        // Secured: the escrow protects the work, no notice.
        top_up(state, &publisher, REWARD).await;
        fund::fund(state, &publisher, order, &key())
            .await
            .expect("fund");
        assert_eq!(escrow_notice::link(state, &solver, chat).await, Ok(None));
    }
}

#[tokio::test]
async fn a_dismissed_notice_stays_dismissed_for_that_order_and_returns_for_another() {
    for stack in stacks().await {
        let state = &stack.state;
        let (publisher, solver, _first, chat) = unsecured_chat(state, "First").await;
        escrow_notice::dismiss(state, &solver, chat)
            .await
            .expect("dismiss");
        // Twice is fine and changes nothing.
        escrow_notice::dismiss(state, &solver, chat)
            .await
            .expect("dismiss again");
        assert_eq!(
            escrow_notice::link(state, &solver, chat).await,
            Ok(None),
            "{}",
            stack.name
        );
        // The same pair talking about another unsecured order: shown again.
        let second = publish::publish(state, &publisher, &draft("Second"))
            .await
            .expect("publish");
        let same = conversations::open(state, &solver, publisher.id, Some(second))
            .await
            .expect("open again");
        assert_eq!(same, chat);
        assert_eq!(
            escrow_notice::link(state, &solver, chat).await,
            Ok(Some(format!("/orders/{second}")))
        );
    }
}

#[tokio::test]
async fn a_stranger_can_neither_read_nor_dismiss_the_notice_of_a_conversation() {
    for stack in stacks().await {
        let state = &stack.state;
        let (_publisher, solver, _order, chat) = unsecured_chat(state, "Private").await;
        let stranger = user(state, "Stranger").await;
        assert_eq!(
            escrow_notice::dismiss(state, &stranger, chat).await,
            Err(AppError::NotFound),
            "{}",
            stack.name
        );
        assert_eq!(escrow_notice::link(state, &stranger, chat).await, Ok(None));
        // The solver's notice is untouched by the stranger's attempt.
        assert!(matches!(
            escrow_notice::link(state, &solver, chat).await,
            Ok(Some(_))
        ));
        assert_eq!(
            escrow_notice::dismiss(state, &solver, 987_654).await,
            Err(AppError::NotFound)
        );
    }
}
