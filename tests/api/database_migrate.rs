//! `bounty migrate` and `database.migrate_at_start` on SQLite and
//! PostgreSQL, through the real binary: migrate applies every migration
//! once and then nothing; a server told not to migrate refuses a database
//! that lacks migrations (naming the command to run) and starts on a
//! migrated one. This is the rolling upgrade: migrate once, then start the
//! instances with migrations off.

use crate::support::backends::{Cleanup, postgres_database};
use std::process::{Command, Output};

/// The binary pointed at `database_url`, with nothing else configured.
fn bounty(data_dir: &std::path::Path, database_url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_bounty"));
    command
        .env_remove("DATABASE_URL")
        .env_remove("REDIS_URL")
        .env("APP_CONFIG_FILE", "/nonexistent/Leptos.toml")
        .env("APP__SERVER__DATA_DIR", data_dir)
        .env("APP__SERVER__ADDR", "127.0.0.1:0")
        .env("APP__DATABASE__URL", database_url);
    command
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Both databases, each new and empty.
async fn empty_databases(dir: &std::path::Path) -> Vec<(&'static str, String, Option<Cleanup>)> {
    let mut all = vec![(
        "sqlite",
        format!("sqlite://{}?mode=rwc", dir.join("migrate.db").display()),
        None,
    )];
    if let Some((url, cleanup)) = postgres_database().await {
        all.push(("postgres", url, Some(cleanup)));
    }
    all
}

#[tokio::test]
async fn bounty_migrate_applies_every_migration_once_and_then_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (backend, url, _cleanup) in empty_databases(dir.path()).await {
        let first = bounty(dir.path(), &url)
            .arg("migrate")
            .output()
            .expect("runs");
        let (stdout, stderr) = text(&first);
        assert!(first.status.success(), "{backend}: {stderr}");
        let applied = stdout
            .lines()
            .filter(|line| line.starts_with("applied "))
            .count();
        let expected = std::fs::read_dir(format!("migrations/{backend}"))
            .expect("migrations folder")
            .count();
        assert_eq!(applied, expected, "{backend}: {stdout}");
        assert!(
            stdout.contains(&format!("{expected} migration(s) applied")),
            "{stdout}"
        );

        let again = bounty(dir.path(), &url)
            .arg("migrate")
            .output()
            .expect("runs");
        let (stdout, stderr) = text(&again);
        assert!(again.status.success(), "{backend}: {stderr}");
        assert!(
            stdout.contains("0 migration(s) applied"),
            "{backend}: {stdout}"
        );
    }
}

#[tokio::test]
async fn a_server_told_not_to_migrate_refuses_a_database_behind_and_names_the_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (backend, url, _cleanup) in empty_databases(dir.path()).await {
        // `ledger check` starts the whole application state, as serving does.
        let refused = bounty(dir.path(), &url)
            .env("APP__DATABASE__MIGRATE_AT_START", "false")
            .args(["ledger", "check"])
            .output()
            .expect("runs");
        let (_, stderr) = text(&refused);
        assert!(!refused.status.success(), "{backend}: must refuse");
        assert!(stderr.contains("bounty migrate"), "{backend}: {stderr}");
        assert!(stderr.contains("database.migrate_at_start"), "{stderr}");

        let migrated = bounty(dir.path(), &url)
            .arg("migrate")
            .output()
            .expect("runs");
        assert!(migrated.status.success(), "{backend}");
        let started = bounty(dir.path(), &url)
            .env("APP__DATABASE__MIGRATE_AT_START", "false")
            .args(["ledger", "check"])
            .output()
            .expect("runs");
        let (stdout, stderr) = text(&started);
        assert!(started.status.success(), "{backend}: {stderr}");
        assert!(stdout.contains("every invariant holds"), "{stdout}");
    }
}
