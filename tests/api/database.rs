//! The database layer on SQLite and PostgreSQL.

use crate::support::databases;
use bounty::server::db::app_info;

#[tokio::test]
async fn migrations_are_applied_at_connect_on_every_backend() {
    for test_db in databases().await {
        let applied: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
                .fetch_one(test_db.db.pool())
                .await
                .unwrap_or_else(|error| panic!("{}: {error}", test_db.name));
        assert!(applied >= 1, "{}", test_db.name);
        test_db.db.ping().await.expect("ping");
    }
}

#[tokio::test]
async fn the_installation_id_is_created_once_and_then_kept() {
    for test_db in databases().await {
        let mut connection = test_db.db.pool().acquire().await.expect("connection");
        let first = app_info::installation_id(&mut connection, "first", 1)
            .await
            .expect("insert");
        let second = app_info::installation_id(&mut connection, "second", 2)
            .await
            .expect("read");
        assert_eq!(first, "first", "{}", test_db.name);
        assert_eq!(second, "first", "{}: the first id stays", test_db.name);
    }
}

#[tokio::test]
async fn concurrent_write_transactions_all_commit() {
    for test_db in databases().await {
        let writers = (0..16).map(|n| {
            let db = test_db.db.clone();
            tokio::spawn(async move {
                let mut tx = db.begin_write().await?;
                // Read then write: the pattern that fails with SQLITE_BUSY
                // under deferred transactions.
                let _: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM app_info")
                    .fetch_one(&mut *tx)
                    .await?;
                sqlx::query("INSERT INTO app_info (key, value, created_at) VALUES ($1, 'x', 0)")
                    .bind(format!("writer-{n}"))
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await
            })
        });
        for writer in writers.collect::<Vec<_>>() {
            writer
                .await
                .expect("task")
                .unwrap_or_else(|error| panic!("{}: {error}", test_db.name));
        }
        let rows: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM app_info WHERE key LIKE 'writer-%'")
                .fetch_one(test_db.db.pool())
                .await
                .expect("count");
        assert_eq!(rows, 16, "{}", test_db.name);
    }
}

#[tokio::test]
async fn a_unique_violation_is_recognised_by_constraint_not_by_message() {
    use bounty::server::error::violated_constraint;
    for test_db in databases().await {
        let insert = || {
            sqlx::query("INSERT INTO app_info (key, value, created_at) VALUES ('dup', 'x', 0)")
                .execute(test_db.db.pool())
        };
        insert().await.expect("first insert");
        let error = insert().await.expect_err("duplicate");
        let is_unique = matches!(&error, sqlx::Error::Database(db) if db.is_unique_violation());
        assert!(is_unique, "{}: {error}", test_db.name);
        if test_db.name == "postgres" {
            assert_eq!(violated_constraint(&error), Some("app_info_pkey"));
        }
    }
}
