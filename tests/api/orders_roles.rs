//! Every role x action pair on the services, allowed and forbidden, on
//! SQLite + in-process bus and on PostgreSQL + Redis.

use crate::support::orders::{draft, user};
use crate::support::stacks::stacks;
use bounty::domain::order::{OrderState, SubmissionDraft};
use bounty::domain::{AppError, CurrentUser};
use bounty::server::services::orders::{lifecycle, publish, submit, view};
use bounty::server::state::AppState;

fn conflict(code: &str) -> AppError {
    AppError::Conflict(code.into())
}

fn solution() -> SubmissionDraft {
    SubmissionDraft {
        blocks: vec!["The answer is 42.".into()],
        files: Vec::new(),
    }
}

async fn state_of(state: &AppState, id: i64) -> OrderState {
    view::order(state, None, id)
        .await
        .expect("order")
        .card
        .state
}

struct Cast {
    publisher: CurrentUser,
    taker: CurrentUser,
    other: CurrentUser,
}

async fn cast(state: &AppState) -> Cast {
    Cast {
        publisher: user(state, "Publisher").await,
        taker: user(state, "Taker").await,
        other: user(state, "Other").await,
    }
}

#[tokio::test]
async fn an_open_order_is_edited_and_deleted_only_by_its_publisher_and_taken_only_by_others() {
    for stack in stacks().await {
        let state = &stack.state;
        let c = cast(state).await;
        let id = publish::publish(state, &c.publisher, &draft("Open one"))
            .await
            .expect("publish");
        for who in [&c.taker, &c.other] {
            let edited = publish::edit(state, who, id, &draft("Hijack")).await;
            assert_eq!(edited, Err(AppError::Forbidden), "{}", stack.name);
            let deleted = publish::delete(state, who, id).await;
            assert_eq!(deleted, Err(AppError::Forbidden), "{}", stack.name);
            assert_eq!(
                submit::submit(state, who, id, &solution()).await,
                Err(AppError::Forbidden)
            );
            assert_eq!(
                lifecycle::give_back(state, who, id).await,
                Err(AppError::Forbidden)
            );
            assert_eq!(
                lifecycle::reopen(state, who, id).await,
                Err(AppError::Forbidden)
            );
        }
        assert_eq!(
            lifecycle::take(state, &c.publisher, id).await,
            Err(conflict("own_order"))
        );
        assert_eq!(
            lifecycle::reopen(state, &c.publisher, id).await,
            Err(conflict("wrong_state"))
        );
        publish::edit(state, &c.publisher, id, &draft("Edited"))
            .await
            .expect("edit");
        let page = view::order(state, Some(&c.publisher), id)
            .await
            .expect("view");
        assert_eq!((page.card.id, page.card.title.as_str()), (id, "Edited"));
        lifecycle::take(state, &c.taker, id).await.expect("take");
        assert_eq!(
            state_of(state, id).await,
            OrderState::Taken,
            "{}",
            stack.name
        );
        publish::delete(state, &c.publisher, id)
            .await
            .expect_err("taken orders cannot be deleted");
        let second = publish::publish(state, &c.publisher, &draft("Second"))
            .await
            .expect("publish");
        publish::delete(state, &c.publisher, second)
            .await
            .expect("delete");
        assert_eq!(
            view::order(state, None, second).await,
            Err(AppError::NotFound)
        );
    }
}

#[tokio::test]
async fn a_taken_order_is_worked_on_only_by_its_taker() {
    for stack in stacks().await {
        let state = &stack.state;
        let c = cast(state).await;
        let id = publish::publish(state, &c.publisher, &draft("Work"))
            .await
            .expect("publish");
        lifecycle::take(state, &c.taker, id).await.expect("take");
        assert_eq!(
            lifecycle::take(state, &c.other, id).await,
            Err(conflict("already_taken"))
        );
        assert_eq!(
            publish::edit(state, &c.publisher, id, &draft("Late edit")).await,
            Err(conflict("wrong_state"))
        );
        for who in [&c.publisher, &c.other] {
            assert_eq!(
                submit::submit(state, who, id, &solution()).await,
                Err(AppError::Forbidden),
                "{}",
                stack.name
            );
            assert_eq!(
                lifecycle::give_back(state, who, id).await,
                Err(AppError::Forbidden)
            );
        }
        assert_eq!(
            lifecycle::reopen(state, &c.publisher, id).await,
            Err(conflict("deadline_not_passed"))
        );
        let first = submit::submit(state, &c.taker, id, &solution()).await;
        assert_eq!(first, Ok(1), "{}", stack.name);
        let second = submit::submit(state, &c.taker, id, &solution()).await;
        assert_eq!(second, Ok(2), "versions are numbered");
        assert_eq!(state_of(state, id).await, OrderState::Submitted);
        assert_eq!(
            lifecycle::reopen(state, &c.publisher, id).await,
            Err(conflict("wrong_state"))
        );
        lifecycle::give_back(state, &c.taker, id)
            .await
            .expect("give back");
        assert_eq!(state_of(state, id).await, OrderState::Open);
        let page = view::order(state, Some(&c.taker), id).await.expect("view");
        assert!(page.taker.is_none(), "{}: the taker is gone", stack.name);
        assert_eq!(
            submit::submit(state, &c.taker, id, &solution()).await,
            Err(AppError::Forbidden),
            "a former taker cannot submit"
        );
        lifecycle::take(state, &c.other, id)
            .await
            .expect("it can be taken again");
    }
}

#[tokio::test]
async fn the_publisher_reopens_an_overdue_order_that_has_no_submission() {
    for stack in stacks().await {
        let state = &stack.state;
        let c = cast(state).await;
        let id = publish::publish(state, &c.publisher, &draft("Overdue"))
            .await
            .expect("publish");
        lifecycle::take(state, &c.taker, id).await.expect("take");
        // The deadline passes: set it into the past as time would.
        sqlx::query("UPDATE orders SET deadline_day = 1 WHERE id = $1")
            .bind(id)
            .execute(state.db.pool())
            .await
            .expect("age");
        let page = view::order(state, Some(&c.publisher), id)
            .await
            .expect("view");
        assert!(page.deadline_passed, "{}", stack.name);
        assert_eq!(
            lifecycle::reopen(state, &c.taker, id).await,
            Err(AppError::Forbidden)
        );
        lifecycle::reopen(state, &c.publisher, id)
            .await
            .expect("reopen");
        assert_eq!(state_of(state, id).await, OrderState::Open);
    }
}

#[tokio::test]
async fn actions_on_unknown_orders_are_not_found() {
    for stack in stacks().await {
        let state = &stack.state;
        let c = cast(state).await;
        for result in [
            lifecycle::take(state, &c.taker, 999_999).await,
            lifecycle::give_back(state, &c.taker, 999_999).await,
            lifecycle::reopen(state, &c.publisher, 999_999).await,
            publish::delete(state, &c.publisher, 999_999).await,
            publish::edit(state, &c.publisher, 999_999, &draft("x")).await,
        ] {
            assert_eq!(result, Err(AppError::NotFound), "{}", stack.name);
        }
    }
}

#[tokio::test]
async fn a_banned_user_cannot_take_an_order() {
    for stack in stacks().await {
        let state = &stack.state;
        let c = cast(state).await;
        let id = publish::publish(state, &c.publisher, &draft("Ban"))
            .await
            .expect("publish");
        sqlx::query("UPDATE users SET banned_reason = 'spam' WHERE id = $1")
            .bind(c.other.id)
            .execute(state.db.pool())
            .await
            .expect("ban");
        assert_eq!(
            lifecycle::take(state, &c.other, id).await,
            Err(AppError::Forbidden),
            "{}",
            stack.name
        );
        assert_eq!(state_of(state, id).await, OrderState::Open);
    }
}
