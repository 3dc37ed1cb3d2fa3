//! The race between an approval and a reconciliation pass, step by step:
//! an approval marks a withdrawal `sending` and commits before it calls the
//! provider; a pass (the periodic one on any instance, the CLI, or a Stripe
//! `charge.refunded` recheck) that asks about it in between hears "not
//! received" (Alipay `ORDER_NOT_EXIST`, refunds `not_received`). Believed,
//! that would return the hold and the provider would then pay as well: the
//! user paid twice (found by this test before `NOT_RECEIVED_GRACE_MS`).
//! What holds: so soon after the mark, "not received" leaves it `sending`;
//! once the send has had time to arrive, it returns the hold (the approver
//! crashed before sending).

use super::{Kind, cases, newest_withdrawal, withdrawal};
use crate::support::money::{admin_of, available, balance, key};
use crate::support::orders::user;
use bounty::domain::ledger::Account;
use bounty::domain::withdrawal::WithdrawalState;
use bounty::server::auth::now_millis;
use bounty::server::db::withdrawals;
use bounty::server::payments::{MoneyOut, MoneyOutResult};
use bounty::server::services::money::{payout, reconcile, withdraw};

#[tokio::test]
async fn a_check_before_the_provider_received_the_payout_does_not_return_the_hold() {
    for case in cases(Kind::Alipay).await {
        let (app, stand_in) = (&case.app, case.provider.alipay());
        let state = &app.state;
        let context = format!("alipay on {}", case.backend);
        let admin = admin_of(user(state, "Admin").await);
        let solver = user(state, "Solver").await;
        case.provider.pay_in(app, &solver, 10_000, None).await;
        withdraw::request_to(
            state,
            &solver,
            10_000,
            "solver@example.com",
            Some("张三"),
            &key(),
        )
        .await
        .expect("asked");
        let id = newest_withdrawal(state, &solver).await.id;

        // The approval's first step (`payout::send`): marked and committed.
        let row = {
            let mut connection = state.db.pool().acquire().await.expect("connection");
            assert!(
                withdrawals::mark_sending(&mut connection, id, admin.id, now_millis())
                    .await
                    .expect("mark")
            );
            withdrawals::find(&mut connection, id)
                .await
                .expect("find")
                .expect("row")
        };
        // A reconciliation pass before the transfer request reached Alipay.
        let changes = reconcile::run(state).await.expect("a pass");
        assert_eq!(
            withdrawal(state, &solver, id).await.state,
            WithdrawalState::Sending,
            "{context}: {changes:?}"
        );

        // The approval's second step: the transfer arrives and is paid.
        let destination = {
            let mut connection = state.db.pool().acquire().await.expect("connection");
            payout::destination_of(&mut connection, &row)
                .await
                .expect("destination")
        };
        let out = MoneyOut {
            key: MoneyOut::key_of(id),
            amount_minor: row.amount_minor,
            currency: state.settings.payments.currency.clone(),
            destination,
            title: format!("Bounty withdrawal #{id}"),
        };
        let answer = state.payments.send(&out).await.expect("sent");
        assert!(matches!(answer, MoneyOutResult::Succeeded { .. }));
        assert!(stand_in.transfer(&out.key).is_some(), "Alipay paid it");
        payout::settle(state, &row, answer).await.expect("settled");
        assert_eq!(
            withdrawal(state, &solver, id).await.state,
            WithdrawalState::Paid,
            "{context}"
        );
        assert_eq!(
            available(state, &solver).await,
            0,
            "{context}: paid out once"
        );
        assert_eq!(balance(state, Account::Held(solver.id)).await, 0);
        case.app.stop().await;
    }
}

#[tokio::test]
async fn a_payout_marked_but_never_sent_is_returned_once_the_send_had_time_to_arrive() {
    for case in cases(Kind::Alipay).await {
        let state = &case.app.state;
        let context = format!("alipay on {}", case.backend);
        let admin = admin_of(user(state, "Admin").await);
        let solver = user(state, "Solver").await;
        case.provider.pay_in(&case.app, &solver, 6_000, None).await;
        withdraw::request_to(
            state,
            &solver,
            6_000,
            "solver@example.com",
            Some("张三"),
            &key(),
        )
        .await
        .expect("asked");
        let id = newest_withdrawal(state, &solver).await.id;
        // The approver marked it and died before sending.
        let mut connection = state.db.pool().acquire().await.expect("connection");
        assert!(
            withdrawals::mark_sending(&mut connection, id, admin.id, now_millis())
                .await
                .expect("mark")
        );
        assert_eq!(
            reconcile::run(state).await.expect("a pass"),
            Vec::new(),
            "{context}: too soon"
        );
        // Later than the grace: the provider's "never received" is believed.
        sqlx::query("UPDATE withdrawals SET payout_sent_at = payout_sent_at - $1 WHERE id = $2")
            .bind(payout::NOT_RECEIVED_GRACE_MS + 1_000)
            .bind(id)
            .execute(&mut *connection)
            .await
            .expect("backdate the mark");
        drop(connection);
        let changes = reconcile::run(state).await.expect("a pass");
        assert_eq!(changes.len(), 1, "{context}: {changes:?}");
        let view = withdrawal(state, &solver, id).await;
        assert_eq!(view.state, WithdrawalState::Rejected, "{context}");
        assert!(
            view.note
                .as_deref()
                .unwrap_or_default()
                .contains("ORDER_NOT_EXIST")
        );
        assert_eq!(
            available(state, &solver).await,
            6_000,
            "{context}: the hold returned"
        );
        assert_eq!(balance(state, Account::Held(solver.id)).await, 0);
        crate::support::money::assert_ledger_consistent(state, &context).await;
        case.app.stop().await;
    }
}
