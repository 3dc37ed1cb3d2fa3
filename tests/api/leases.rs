//! Leases keep a periodic job (the upload sweep, payment reconciliation) to
//! one instance at a time, on SQLite and PostgreSQL: the first instance
//! takes the lease and keeps renewing it; another does not get it while it
//! is valid, and takes over once it has run out (its holder died); of many
//! racing for a free lease, exactly one gets it.

use crate::support::stacks::stacks;
use bounty::server::services::leases::run_here_as;
use std::time::Duration;

const EVERY: Duration = Duration::from_secs(3_600);

#[tokio::test]
async fn one_instance_holds_a_job_until_its_lease_runs_out() {
    for stack in stacks().await {
        let state = &stack.state;
        let name = "test-job";
        assert!(
            run_here_as(state, name, EVERY, "instance-a")
                .await
                .expect("take"),
            "{}",
            stack.name
        );
        assert!(
            run_here_as(state, name, EVERY, "instance-a")
                .await
                .expect("renew")
        );
        assert!(
            !run_here_as(state, name, EVERY, "instance-b")
                .await
                .expect("ask"),
            "{}: held by another",
            stack.name
        );
        // The holder died: its lease runs out as time would make it.
        sqlx::query("UPDATE leases SET until_ms = 1 WHERE name = $1")
            .bind(name)
            .execute(state.db.pool())
            .await
            .expect("run out");
        assert!(
            run_here_as(state, name, EVERY, "instance-b")
                .await
                .expect("take over"),
            "{}",
            stack.name
        );
        assert!(
            !run_here_as(state, name, EVERY, "instance-a")
                .await
                .expect("ask")
        );
    }
}

#[tokio::test]
async fn of_many_instances_racing_for_a_free_lease_exactly_one_gets_it() {
    for stack in stacks().await {
        let state = &stack.state;
        let holders: Vec<String> = (0..8).map(|n| format!("racer-{n}")).collect();
        let outcomes = futures::future::join_all(
            holders
                .iter()
                .map(|holder| run_here_as(state, "race", EVERY, holder)),
        )
        .await;
        let won = outcomes
            .into_iter()
            .map(|outcome| outcome.expect("asked"))
            .filter(|won| *won)
            .count();
        assert_eq!(won, 1, "{}", stack.name);
    }
}
