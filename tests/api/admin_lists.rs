//! The admin's dispute list on both backends: each line's escrow comes
//! from the one statement that reads the list (joined to the ledger
//! account), not from a balance query per line, and equals the ledger's
//! balance for that order, decided disputes included.

use crate::support::money::{REWARD, admin_of, balance, funded_submission, key};
use crate::support::orders::user;
use crate::support::stacks::stacks;
use bounty::domain::ledger::Account;
use bounty::domain::order::dispute::DisputeOutcome;
use bounty::server::db::disputes;
use bounty::server::services::money::dispute;
use bounty::server::services::orders::open;

#[tokio::test]
async fn the_dispute_list_reads_every_lines_escrow_in_the_same_query() {
    for stack in stacks().await {
        let state = &stack.state;
        let admin = admin_of(user(state, "List Arbiter").await);
        let mut orders = Vec::new();
        for n in 0..6 {
            let (publisher, _taker, id) = funded_submission(state, &format!("Listed {n}")).await;
            open::open_solution(state, &publisher, id)
                .await
                .expect("open solution");
            dispute::open(state, &publisher, id, "It does not work.")
                .await
                .expect("dispute");
            orders.push(id);
        }
        let decided = orders[0];
        dispute::decide(
            state,
            &admin,
            decided,
            DisputeOutcome::Split { to_solver: 70_000 },
            "Partly works.",
            &key(),
        )
        .await
        .expect("decide");

        // The repository's list statements carry the escrow themselves.
        let mut connection = state.db.pool().acquire().await.expect("connection");
        let open_rows = disputes::undecided(&mut connection, 100)
            .await
            .expect("open");
        let decided_rows = disputes::recently_decided(&mut connection, 100)
            .await
            .expect("decided");
        drop(connection);
        assert_eq!(open_rows.len(), 5, "{}", stack.name);
        assert!(open_rows.iter().all(|row| row.escrow_minor == REWARD));
        assert_eq!(decided_rows.len(), 1);
        assert_eq!(decided_rows[0].escrow_minor, 0);

        let list = dispute::list(state, &admin).await.expect("list");
        let mut open_ids: Vec<i64> = list.open.iter().map(|line| line.order_id).collect();
        open_ids.sort_unstable();
        assert_eq!(open_ids, orders[1..], "{}", stack.name);
        for line in list.open.iter().chain(&list.decided) {
            assert_eq!(
                line.escrow,
                balance(state, Account::Escrow(line.order_id)).await,
                "{} order {}",
                stack.name,
                line.order_id
            );
        }
        assert_eq!(list.decided.len(), 1);
        assert_eq!(list.decided[0].order_id, decided);
        assert_eq!(list.decided[0].escrow, 0);
    }
}
