//! Agreements on both backends: a taken order cancelled by both parties
//! (refunded once), or by the publisher alone once overdue with nothing
//! submitted; never after a solution came in; a negotiable reward fixed by
//! the publisher and accepted by the solver before it can be secured.

use crate::support::money::{
    REWARD, assert_ledger_consistent, available, balance, conflict, funded_submission, key, top_up,
};
use crate::support::orders::{draft, user};
use crate::support::stacks::stacks;
use bounty::domain::AppError;
use bounty::domain::ledger::Account;
use bounty::domain::notification::NotificationKind;
use bounty::domain::order::OrderState;
use bounty::domain::order::agreement::AgreementStep as Step;
use bounty::server::services::money::{agreement, cancel, fund};
use bounty::server::services::notifications;
use bounty::server::services::orders::{lifecycle, publish, view};

#[tokio::test]
async fn both_parties_cancel_a_taken_order_and_the_publisher_is_refunded_once() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Agreeing Publisher").await;
        let taker = user(state, "Agreeing Taker").await;
        let stranger = user(state, "Agreeing Stranger").await;
        let id = publish::publish(state, &publisher, &draft("Agreed"))
            .await
            .expect("publish");
        lifecycle::take(state, &taker, id).await.expect("take");
        top_up(state, &publisher, REWARD).await;
        fund::fund(state, &publisher, id, &key())
            .await
            .expect("fund");

        assert_eq!(
            agreement::agree(state, &stranger, id, Step::ProposeCancel, None, &key()).await,
            Err(AppError::Forbidden)
        );
        agreement::agree(state, &taker, id, Step::ProposeCancel, None, &key())
            .await
            .expect("the solver proposes");
        assert_eq!(
            agreement::agree(state, &taker, id, Step::AcceptCancel, None, &key()).await,
            Err(conflict("not_proposed")),
            "{}: nobody accepts their own proposal",
            stack.name
        );
        let accept = key();
        agreement::agree(state, &publisher, id, Step::AcceptCancel, None, &accept)
            .await
            .expect("the publisher accepts");
        agreement::agree(state, &publisher, id, Step::AcceptCancel, None, &accept)
            .await
            .expect("a retry returns the first result");
        assert_eq!(available(state, &publisher).await, REWARD, "{}", stack.name);
        assert_eq!(balance(state, Account::Escrow(id)).await, 0);
        let order = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        assert_eq!(order.card.state, OrderState::Cancelled);
        let told = notifications::page(state, &taker, None)
            .await
            .expect("page");
        assert_eq!(told.items[0].kind, NotificationKind::Cancelled);
        let told = notifications::page(state, &publisher, None)
            .await
            .expect("page");
        assert_eq!(told.items[0].kind, NotificationKind::CancelProposed);
        assert_ledger_consistent(state, stack.name).await;
    }
}

#[tokio::test]
async fn nothing_is_cancelled_once_a_solution_came_in_and_late_ones_by_the_publisher_alone() {
    for stack in stacks().await {
        let state = &stack.state;
        let (publisher, taker, submitted) = funded_submission(state, "Delivered").await;
        assert_eq!(
            agreement::agree(state, &taker, submitted, Step::ProposeCancel, None, &key()).await,
            Err(conflict("wrong_state")),
            "{}",
            stack.name
        );
        assert_eq!(
            cancel::cancel(state, &publisher, submitted, &key()).await,
            Err(conflict("wrong_state"))
        );

        let late = publish::publish(state, &publisher, &draft("Late"))
            .await
            .expect("publish");
        lifecycle::take(state, &taker, late).await.expect("take");
        top_up(state, &publisher, REWARD).await;
        fund::fund(state, &publisher, late, &key())
            .await
            .expect("fund");
        assert_eq!(
            cancel::cancel(state, &publisher, late, &key()).await,
            Err(conflict("wrong_state")),
            "{}: not before the deadline",
            stack.name
        );
        // The deadline passes (days since 1970; yesterday is long past).
        sqlx::query("UPDATE orders SET deadline_day = 1 WHERE id = $1")
            .bind(late)
            .execute(state.db.pool())
            .await
            .expect("deadline");
        assert_eq!(
            cancel::cancel(state, &taker, late, &key()).await,
            Err(AppError::Forbidden)
        );
        cancel::cancel(state, &publisher, late, &key())
            .await
            .expect("the publisher cancels an overdue order");
        assert_eq!(available(state, &publisher).await, REWARD, "{}", stack.name);
        assert_eq!(balance(state, Account::Escrow(late)).await, 0);
        assert_ledger_consistent(state, stack.name).await;
    }
}

#[tokio::test]
async fn a_negotiable_reward_is_fixed_by_the_publisher_and_accepted_by_the_solver() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Haggling Publisher").await;
        let taker = user(state, "Haggling Taker").await;
        let mut negotiable = draft("Haggle");
        negotiable.reward = String::new();
        negotiable.reward_negotiable = true;
        let id = publish::publish(state, &publisher, &negotiable)
            .await
            .expect("publish");
        lifecycle::take(state, &taker, id).await.expect("take");
        top_up(state, &publisher, 80_000).await;
        assert_eq!(
            fund::fund(state, &publisher, id, &key()).await,
            Err(conflict("reward_negotiable")),
            "{}",
            stack.name
        );
        assert_eq!(
            agreement::agree(state, &taker, id, Step::ProposeReward, Some(1), &key()).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            agreement::agree(state, &publisher, id, Step::ProposeReward, Some(0), &key()).await,
            Err(AppError::invalid("amount", "not_positive"))
        );
        agreement::agree(
            state,
            &publisher,
            id,
            Step::ProposeReward,
            Some(50_000),
            &key(),
        )
        .await
        .expect("propose");
        assert_eq!(
            agreement::agree(state, &taker, id, Step::AcceptReward, Some(40_000), &key()).await,
            Err(conflict("wrong_state")),
            "{}: only the amount shown is accepted",
            stack.name
        );
        agreement::agree(state, &taker, id, Step::AcceptReward, Some(50_000), &key())
            .await
            .expect("accept");
        let order = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        assert_eq!(order.card.reward_minor, Some(50_000), "{}", stack.name);
        fund::fund(state, &publisher, id, &key())
            .await
            .expect("a fixed reward can be secured");
        assert_eq!(balance(state, Account::Escrow(id)).await, 50_000);
        assert_eq!(
            agreement::agree(state, &publisher, id, Step::ProposeReward, Some(9), &key()).await,
            Err(conflict("reward_fixed"))
        );
        assert_ledger_consistent(state, stack.name).await;
    }
}
