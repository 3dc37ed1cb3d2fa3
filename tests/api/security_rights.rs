//! Rights the services hold on their own, on both backends: no admin
//! decides a case they are a party to (a dispute on their order, their own
//! withdrawal), one pair of users has one conversation however many open it
//! at once, and the database itself refuses a reward that is not positive.

use crate::support::money::{
    admin_of, available, balance, funded_submission, key, top_up, transactions,
};
use crate::support::orders::user;
use crate::support::stacks::stacks;
use bounty::domain::AppError;
use bounty::domain::history_filter::HistoryFilter;
use bounty::domain::ledger::Account;
use bounty::domain::order::dispute::DisputeOutcome;
use bounty::domain::withdrawal::{WithdrawalDecision, WithdrawalState};
use bounty::server::db::orders::{self, OrderContent};
use bounty::server::services::chat::conversations;
use bounty::server::services::money::{dispute, wallet, withdraw};

#[tokio::test]
async fn an_admin_cannot_decide_a_dispute_on_their_own_order() {
    for stack in stacks().await {
        let state = &stack.state;
        let (publisher, taker, id) = funded_submission(state, "Own case").await;
        dispute::open(state, &taker, id, "It was solved.")
            .await
            .expect("open");
        let escrow = balance(state, Account::Escrow(id)).await;
        let written = transactions(state).await;
        for party in [admin_of(publisher.clone()), admin_of(taker.clone())] {
            for outcome in [DisputeOutcome::Release, DisputeOutcome::Refund] {
                assert_eq!(
                    dispute::decide(state, &party, id, outcome, "Mine to decide", &key()).await,
                    Err(AppError::Forbidden),
                    "{}: {} decides {outcome:?}",
                    stack.name,
                    party.nickname
                );
            }
        }
        let undecided: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM disputes WHERE order_id = $1 AND decided_at IS NULL",
        )
        .bind(id)
        .fetch_one(state.db.pool())
        .await
        .expect("count");
        assert_eq!(undecided, 1, "{}", stack.name);
        assert_eq!(balance(state, Account::Escrow(id)).await, escrow);
        assert_eq!(transactions(state).await, written, "{}", stack.name);

        // Another admin may.
        let arbiter = admin_of(user(state, "Arbiter").await);
        dispute::decide(state, &arbiter, id, DisputeOutcome::Refund, "Fair", &key())
            .await
            .expect("an admin who is no party decides");
    }
}

#[tokio::test]
async fn an_admin_cannot_decide_their_own_withdrawal() {
    for stack in stacks().await {
        let state = &stack.state;
        let payee = admin_of(user(state, "Admin payee").await);
        top_up(state, &payee, 10_000).await;
        withdraw::request(state, &payee, 4_000, "Bank 6222 0001", &key())
            .await
            .expect("request");
        let mine = wallet::wallet(state, &payee, HistoryFilter::default())
            .await
            .expect("wallet");
        let withdrawal = mine.withdrawals[0].id;
        let written = transactions(state).await;
        for decision in [WithdrawalDecision::Paid, WithdrawalDecision::Rejected] {
            assert_eq!(
                withdraw::decide(state, &payee, withdrawal, decision, "TX-1", &key()).await,
                Err(AppError::Forbidden),
                "{}: {decision:?}",
                stack.name
            );
        }
        assert_eq!(transactions(state).await, written, "{}", stack.name);
        assert_eq!(balance(state, Account::Held(payee.id)).await, 4_000);
        assert_eq!(available(state, &payee).await, 6_000);
        let mine = wallet::wallet(state, &payee, HistoryFilter::default())
            .await
            .expect("wallet");
        assert_eq!(mine.withdrawals[0].state, WithdrawalState::Pending);

        let other_admin = admin_of(user(state, "Other admin").await);
        withdraw::decide(
            state,
            &other_admin,
            withdrawal,
            WithdrawalDecision::Paid,
            "TX-2",
            &key(),
        )
        .await
        .expect("another admin pays it out");
    }
}

#[tokio::test]
async fn concurrent_chat_open_for_one_pair_gives_one_conversation() {
    const PAIRS: usize = 4;
    const OPENS: usize = 12;
    for stack in stacks().await {
        let state = &stack.state;
        for pair in 0..PAIRS {
            let first = user(state, &format!("First {pair}")).await;
            let second = user(state, &format!("Second {pair}")).await;
            // Both members open it at once, several times over (two tabs,
            // a double click).
            let opens = (0..OPENS).map(|n| {
                let (me, other) = if n % 2 == 0 {
                    (&first, &second)
                } else {
                    (&second, &first)
                };
                conversations::open(state, me, other.id, None)
            });
            let ids: Vec<i64> = futures::future::join_all(opens)
                .await
                .into_iter()
                .map(|opened| opened.expect("every open succeeds"))
                .collect();
            assert!(
                ids.iter().all(|id| *id == ids[0]),
                "{}: {ids:?}",
                stack.name
            );
            let low = first.id.min(second.id);
            let high = first.id.max(second.id);
            let stored: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM conversations WHERE user_low = $1 AND user_high = $2",
            )
            .bind(low)
            .bind(high)
            .fetch_one(state.db.pool())
            .await
            .expect("count");
            assert_eq!(stored, 1, "{}", stack.name);
            let members: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM conversation_members WHERE conversation_id = $1",
            )
            .bind(ids[0])
            .fetch_one(state.db.pool())
            .await
            .expect("count");
            assert_eq!(members, 2, "{}", stack.name);
        }
    }
}

#[tokio::test]
async fn the_database_refuses_a_reward_that_is_not_positive() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Publisher").await;
        let content = |reward_minor| OrderContent {
            category_id: 1,
            title: "Zero",
            title_folded: "zero",
            excerpt: "",
            blocks_json: "[]",
            search_text: "",
            reward_minor,
            deadline_day: None,
            attachment_count: 0,
            choose_applicants: false,
        };
        let refused = AppError::invalid("reward", "not_positive");
        for reward in [0, -100] {
            // A failed statement spoils a PostgreSQL transaction: one each.
            let mut tx = state.db.begin_write().await.expect("begin");
            let error = orders::insert(&mut tx, publisher.id, &content(Some(reward)), 1)
                .await
                .expect_err("a reward that is not positive is refused");
            assert_eq!(AppError::from(error), refused, "{}: {reward}", stack.name);
        }
        // A negotiable reward (none yet) and a positive one are stored.
        let mut tx = state.db.begin_write().await.expect("begin");
        orders::insert(&mut tx, publisher.id, &content(None), 1)
            .await
            .expect("negotiable");
        let id = orders::insert(&mut tx, publisher.id, &content(Some(100)), 1)
            .await
            .expect("positive");
        tx.commit().await.expect("commit");
        for reward in [0, -1] {
            let error = sqlx::query("UPDATE orders SET reward_minor = $2 WHERE id = $1")
                .bind(id)
                .bind(reward)
                .execute(state.db.pool())
                .await
                .expect_err("an update to a reward that is not positive is refused");
            let error = AppError::from(error);
            assert_eq!(error, refused, "{}: {reward}", stack.name);
            assert_eq!(error.status_code(), 422);
        }
        let stored: Option<i64> =
            sqlx::query_scalar("SELECT reward_minor FROM orders WHERE id = $1")
                .bind(id)
                .fetch_one(state.db.pool())
                .await
                .expect("reward");
        assert_eq!(stored, Some(100), "{}", stack.name);

        // A dispute decision's shares are never negative either.
        let (_publisher, taker, disputed) = funded_submission(state, "Shares").await;
        dispute::open(state, &taker, disputed, "Unpaid")
            .await
            .expect("open");
        let error = sqlx::query("UPDATE disputes SET to_solver_minor = -1 WHERE order_id = $1")
            .bind(disputed)
            .execute(state.db.pool())
            .await
            .expect_err("a negative share is refused");
        assert_eq!(
            AppError::from(error),
            AppError::invalid("to_solver", "not_positive"),
            "{}",
            stack.name
        );
    }
}
