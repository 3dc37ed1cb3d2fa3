//! Notifications on both backends: every transition tells the other party
//! in the app, the important ones are also mailed (unless switched off),
//! marking read clears the count, and a connected tab hears of a new one
//! live over the realtime connection.

use crate::support::money::{REWARD, admin_of, answer, conflict, funded_submission, key, top_up};
use crate::support::orders::{draft, user};
use crate::support::stacks::stacks;
use crate::support::ws::{WsClient, chat_apps};
use bounty::domain::chat::ServerFrame;
use bounty::domain::history_filter::HistoryFilter;
use bounty::domain::notification::NotificationKind as K;
use bounty::domain::order::dispute::DisputeOutcome;
use bounty::domain::withdrawal::WithdrawalDecision;
use bounty::domain::{CurrentUser, Locale};
use bounty::server::services::money::{changes, confirm, dispute, fund, wallet, withdraw};
use bounty::server::services::notifications;
use bounty::server::services::orders::{lifecycle, open, publish, submit};
use bounty::server::state::AppState;

async fn kinds(state: &AppState, who: &CurrentUser) -> Vec<K> {
    let page = notifications::page(state, who, None).await.expect("page");
    // Oldest first reads more naturally in assertions.
    page.items.iter().rev().map(|item| item.kind).collect()
}

fn email_of(who: &CurrentUser) -> String {
    format!(
        "{}@example.com",
        who.nickname.to_lowercase().replace(' ', ".")
    )
}

#[tokio::test]
async fn each_step_tells_the_other_party_and_the_important_ones_are_mailed() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Noted Publisher").await;
        let taker = user(state, "Noted Taker").await;
        let id = publish::publish(state, &publisher, &draft("Noted"))
            .await
            .expect("publish");
        lifecycle::take(state, &taker, id).await.expect("take");
        submit::submit(state, &taker, id, &answer("v1"))
            .await
            .expect("submit");
        top_up(state, &publisher, REWARD).await;
        fund::fund(state, &publisher, id, &key())
            .await
            .expect("fund");
        open::open_solution(state, &publisher, id)
            .await
            .expect("the publisher opens it");
        changes::request_changes(state, &publisher, id)
            .await
            .expect("changes");
        submit::submit(state, &taker, id, &answer("v2"))
            .await
            .expect("submit again");
        open::open_solution(state, &publisher, id)
            .await
            .expect("opens again");
        confirm::confirm(state, &publisher, id, &key())
            .await
            .expect("confirm");

        assert_eq!(
            kinds(state, &publisher).await,
            vec![K::Taken, K::Submitted, K::Submitted],
            "{}",
            stack.name
        );
        assert_eq!(
            kinds(state, &taker).await,
            vec![
                K::Funded,
                K::Revealed,
                K::ChangesAsked,
                K::Revealed,
                K::Confirmed
            ],
            "{}",
            stack.name
        );
        let page = notifications::page(state, &taker, None)
            .await
            .expect("page");
        assert_eq!(page.unread, 5);
        assert!(page.mail, "mail is on by default");
        assert_eq!(page.items[0].order_title.as_deref(), Some("Noted"));
        assert_eq!(page.items[0].actor.as_deref(), Some("Noted Publisher"));
        // Mailed: the two submissions to the publisher, the confirmation to
        // the solver; routine steps are not.
        assert_eq!(
            stack.messages_to(&email_of(&publisher)).await,
            2,
            "{}",
            stack.name
        );
        assert_eq!(
            stack.messages_to(&email_of(&taker)).await,
            1,
            "{}",
            stack.name
        );

        notifications::mark_all_read(state, &taker)
            .await
            .expect("read");
        let page = notifications::page(state, &taker, None)
            .await
            .expect("page");
        assert_eq!(page.unread, 0);
        assert!(page.items.iter().all(|item| item.read));
        assert_eq!(
            notifications::page(state, &publisher, None)
                .await
                .expect("page")
                .unread,
            3,
            "the other user's stay unread"
        );
    }
}

#[tokio::test]
async fn disputes_and_withdrawals_notify_and_mail_can_be_switched_off() {
    for stack in stacks().await {
        let state = &stack.state;
        let admin = admin_of(user(state, "Noted Admin").await);
        let (publisher, taker, id) = funded_submission(state, "Quarrel").await;
        notifications::set_mail(state, &publisher, false, Locale::ZhHans)
            .await
            .expect("mail off");
        let mailed_before = stack.messages_to(&email_of(&publisher)).await;
        dispute::open(state, &taker, id, "Unpaid")
            .await
            .expect("open");
        dispute::decide(state, &admin, id, DisputeOutcome::Release, "Fine", &key())
            .await
            .expect("decide");
        assert_eq!(
            kinds(state, &publisher).await,
            vec![K::Taken, K::Submitted, K::DisputeOpened, K::DisputeDecided],
            "{}",
            stack.name
        );
        assert!(
            !notifications::page(state, &publisher, None)
                .await
                .expect("page")
                .mail
        );
        assert_eq!(
            stack.messages_to(&email_of(&publisher)).await,
            mailed_before,
            "{}: no mail once switched off",
            stack.name
        );

        withdraw::request(state, &taker, REWARD, "Bank", &key())
            .await
            .expect("withdraw");
        let withdrawal = wallet::wallet(state, &taker, HistoryFilter::default())
            .await
            .expect("wallet")
            .withdrawals[0]
            .id;
        withdraw::decide(
            state,
            &admin,
            withdrawal,
            WithdrawalDecision::Paid,
            "P-1",
            &key(),
        )
        .await
        .expect("paid");
        let taker_kinds = kinds(state, &taker).await;
        assert_eq!(
            &taker_kinds[taker_kinds.len() - 2..],
            &[K::DisputeDecided, K::WithdrawalPaid],
            "{}",
            stack.name
        );
        let mails = stack.messages_to(&email_of(&taker)).await;
        assert_eq!(
            mails, 2,
            "{}: funded is not mailed; decided and paid are",
            stack.name
        );
        // A refused step notifies nobody.
        assert_eq!(
            confirm::confirm(state, &publisher, id, &key()).await,
            Err(conflict("disputed"))
        );
        assert_eq!(kinds(state, &taker).await.len(), taker_kinds.len());
    }
}

#[tokio::test]
async fn a_connected_tab_hears_of_a_new_notification_at_once() {
    for (app, _cleanup) in chat_apps().await {
        let state = &app.state;
        let publisher = user(state, "Live Publisher").await;
        let taker = user(state, "Live Taker").await;
        let id = publish::publish(state, &publisher, &draft("Live"))
            .await
            .expect("publish");
        let mut tab = WsClient::connect(&app, &publisher).await;
        lifecycle::take(state, &taker, id).await.expect("take");
        let frame = tab
            .until(|frame| matches!(frame, ServerFrame::Notified { .. }))
            .await;
        assert_eq!(frame, ServerFrame::Notified { unread: 1 });
        notifications::mark_all_read(state, &publisher)
            .await
            .expect("read");
        let frame = tab
            .until(|frame| matches!(frame, ServerFrame::Notified { .. }))
            .await;
        assert_eq!(frame, ServerFrame::Notified { unread: 0 });
        tab.close().await;
        // A new connection starts with the count in its hello.
        submit::submit(state, &taker, id, &answer("done"))
            .await
            .expect("submit");
        let again = WsClient::connect(&app, &publisher).await;
        assert!(
            matches!(
                again.hello,
                ServerFrame::Hello {
                    notifications_unread: 1,
                    ..
                }
            ),
            "{:?}",
            again.hello
        );
        again.close().await;
        app.stop().await;
    }
}
