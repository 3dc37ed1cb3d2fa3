//! The ledger's invariants as queries: each returns the rows that break one
//! (an empty result means it holds). Used by `bounty ledger check` and the
//! tests after every money scenario.

use sqlx::AnyConnection;

/// One broken invariant, described for an operator.
pub type Violation = String;

/// Every violation found, in a stable order.
pub async fn violations(connection: &mut AnyConnection) -> Result<Vec<Violation>, sqlx::Error> {
    let mut found = Vec::new();
    let unbalanced: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT t.id, CAST(COALESCE(SUM(e.amount_minor), 0) AS BIGINT), COUNT(e.id) \
         FROM ledger_transactions t LEFT JOIN ledger_entries e ON e.transaction_id = t.id \
         GROUP BY t.id HAVING COALESCE(SUM(e.amount_minor), 0) <> 0 OR COUNT(e.id) < 2 \
         ORDER BY t.id",
    )
    .fetch_all(&mut *connection)
    .await?;
    for (id, sum, count) in unbalanced {
        found.push(format!(
            "transaction {id} is unbalanced: {count} entries summing to {sum}"
        ));
    }
    let drifted: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT a.account_key, a.balance_minor, CAST(COALESCE(SUM(e.amount_minor), 0) AS BIGINT) \
         FROM ledger_accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id \
         GROUP BY a.id, a.account_key, a.balance_minor \
         HAVING a.balance_minor <> COALESCE(SUM(e.amount_minor), 0) ORDER BY a.account_key",
    )
    .fetch_all(&mut *connection)
    .await?;
    for (key, cached, sum) in drifted {
        found.push(format!(
            "account {key} caches {cached} but its entries sum to {sum}"
        ));
    }
    let negative: Vec<(String, i64)> = sqlx::query_as(
        "SELECT account_key, balance_minor FROM ledger_accounts \
         WHERE kind <> 'clearing' AND balance_minor < 0 ORDER BY account_key",
    )
    .fetch_all(&mut *connection)
    .await?;
    for (key, balance) in negative {
        found.push(format!("account {key} is negative: {balance}"));
    }
    let total: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM ledger_entries",
    )
    .fetch_one(&mut *connection)
    .await?;
    if total != 0 {
        found.push(format!("all entries sum to {total}, not 0"));
    }
    // A secured reward stays in escrow while the order is live, and none is
    // left once it is done or cancelled.
    let escrow: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT o.id, o.state, COALESCE(a.balance_minor, 0) FROM orders o \
         LEFT JOIN ledger_accounts a ON a.order_id = o.id AND a.kind = 'escrow' \
         WHERE (o.funded_at IS NOT NULL AND o.state NOT IN ('done', 'cancelled') \
                AND COALESCE(a.balance_minor, 0) <= 0) \
            OR (o.state IN ('done', 'cancelled') AND COALESCE(a.balance_minor, 0) <> 0) \
            OR (o.funded_at IS NULL AND COALESCE(a.balance_minor, 0) <> 0) \
         ORDER BY o.id",
    )
    .fetch_all(&mut *connection)
    .await?;
    for (id, state, balance) in escrow {
        found.push(format!("order {id} ({state}) holds {balance} in escrow"));
    }
    // Each succeeded payment was credited exactly once, and only those.
    let credits: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT p.id, p.state, COUNT(t.id) FROM payment_intents p \
         LEFT JOIN ledger_transactions t ON t.kind = 'top_up' AND t.reference = p.id \
         GROUP BY p.id, p.state \
         HAVING (p.state = 'succeeded' AND COUNT(t.id) <> 1) \
             OR (p.state <> 'succeeded' AND COUNT(t.id) <> 0) ORDER BY p.id",
    )
    .fetch_all(&mut *connection)
    .await?;
    for (id, state, count) in credits {
        found.push(format!("payment {id} ({state}) was credited {count} times"));
    }
    found.extend(withdrawal_violations(connection).await?);
    Ok(found)
}

/// A user's held balance is exactly their pending withdrawals, and each
/// withdrawal moved money once when asked and once more when decided.
async fn withdrawal_violations(
    connection: &mut AnyConnection,
) -> Result<Vec<Violation>, sqlx::Error> {
    let mut found = Vec::new();
    let held: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT u.id, COALESCE(MAX(a.balance_minor), 0), \
         CAST(COALESCE(SUM(w.amount_minor), 0) AS BIGINT) FROM users u \
         LEFT JOIN ledger_accounts a ON a.user_id = u.id AND a.kind = 'held' \
         LEFT JOIN withdrawals w ON w.user_id = u.id AND w.state = 'pending' \
         GROUP BY u.id \
         HAVING COALESCE(MAX(a.balance_minor), 0) <> COALESCE(SUM(w.amount_minor), 0) \
         ORDER BY u.id",
    )
    .fetch_all(&mut *connection)
    .await?;
    for (user, balance, pending) in held {
        found.push(format!(
            "user {user} holds {balance} but has {pending} in pending withdrawals"
        ));
    }
    let moves: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT w.id, w.state, COUNT(t.id) FROM withdrawals w \
         LEFT JOIN ledger_transactions t \
           ON t.reference = 'withdrawal:' || CAST(w.id AS TEXT) \
         GROUP BY w.id, w.state \
         HAVING COUNT(t.id) <> CASE WHEN w.state = 'pending' THEN 1 ELSE 2 END ORDER BY w.id",
    )
    .fetch_all(&mut *connection)
    .await?;
    for (id, state, count) in moves {
        found.push(format!(
            "withdrawal {id} ({state}) has {count} ledger transactions"
        ));
    }
    Ok(found)
}
