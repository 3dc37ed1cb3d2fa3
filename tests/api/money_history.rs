//! The wallet history's filters on both backends, and its CSV export over
//! HTTP: only for the signed-in owner, the same filters, formulas in
//! user-written titles defused.

use crate::support::money::{key, top_up};
use crate::support::orders::{draft, session_cookie, user};
use crate::support::stacks::stacks;
use crate::support::test_app::TestApp;
use bounty::domain::history_filter::{HistoryFilter, HistoryGroup};
use bounty::domain::ledger::MoveKind;
use bounty::server::services::money::{fund, wallet, withdraw};
use bounty::server::services::orders::publish;

fn only(group: HistoryGroup) -> HistoryFilter {
    HistoryFilter {
        group,
        ..HistoryFilter::default()
    }
}

#[tokio::test]
async fn the_history_shows_the_chosen_kinds_and_days() {
    for stack in stacks().await {
        let state = &stack.state;
        let owner = user(state, "Historian").await;
        top_up(state, &owner, 10_000).await;
        withdraw::request(state, &owner, 2_000, "Bank", &key())
            .await
            .expect("withdraw");
        top_up(state, &owner, 500).await;
        let all = wallet::wallet(state, &owner, HistoryFilter::default())
            .await
            .expect("wallet");
        assert_eq!(all.entries.len(), 3, "{}", stack.name);
        let withdrawals = wallet::wallet(state, &owner, only(HistoryGroup::Withdrawals))
            .await
            .expect("wallet");
        assert_eq!(withdrawals.entries.len(), 1);
        assert_eq!(withdrawals.entries[0].kind, MoveKind::WithdrawHold);
        assert_eq!(withdrawals.entries[0].amount, -2_000);
        let top_ups = wallet::wallet(state, &owner, only(HistoryGroup::TopUps))
            .await
            .expect("wallet");
        assert_eq!(top_ups.entries.len(), 2, "{}", stack.name);
        let future = HistoryFilter::from_pairs([("from", "2099-01-01")]);
        let none = wallet::wallet(state, &owner, future).await.expect("wallet");
        assert!(none.entries.is_empty(), "{}", stack.name);
        // The balances do not depend on the filter.
        assert_eq!(none.available, 8_500);
        assert_eq!(none.held, 2_000);
    }
}

#[tokio::test]
async fn the_csv_export_is_the_owners_filtered_history_with_formulas_defused() {
    let app = TestApp::spawn().await;
    let state = &app.state;
    let owner = user(state, "Exporter").await;
    top_up(state, &owner, 130_000).await;
    let id = publish::publish(state, &owner, &draft("=HYPERLINK(\"x\")"))
        .await
        .expect("publish");
    fund::fund(state, &owner, id, &key()).await.expect("fund");
    withdraw::request(state, &owner, 50, "Bank", &key())
        .await
        .expect("withdraw");
    let client = reqwest::Client::new();

    let anonymous = client
        .get(app.url("/wallet/export.csv"))
        .send()
        .await
        .expect("get");
    assert_eq!(anonymous.status(), 401);

    let cookie = session_cookie(state, &owner).await;
    let export = client
        .get(app.url("/wallet/export.csv?kind=all"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("get");
    assert_eq!(export.status(), 200);
    assert_eq!(export.headers()["content-type"], "text/csv; charset=utf-8");
    let body = export.text().await.expect("body");
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(
        lines[0],
        "date,kind,amount,currency,order_id,order_title,reference"
    );
    assert_eq!(lines.len(), 4, "{body}");
    assert!(lines[1].contains(",withdraw_hold,-0.50,CNY,"), "{body}");
    assert!(
        lines[2].contains(&format!(
            ",fund,-1200.00,CNY,{id},\"'=HYPERLINK(\"\"x\"\")\","
        )),
        "{body}"
    );
    assert!(lines[3].contains(",top_up,1300.00,CNY,,\"\","), "{body}");

    let filtered = client
        .get(app.url("/wallet/export.csv?kind=top_ups"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    assert_eq!(filtered.lines().count(), 2, "{filtered}");
    app.stop().await;
}
