//! The server binary itself: start-up errors and a first start.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn server(data_dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_bounty"));
    command
        .env_remove("DATABASE_URL")
        .env_remove("REDIS_URL")
        .env("APP_CONFIG_FILE", "/nonexistent/Leptos.toml")
        .env("APP__SERVER__DATA_DIR", data_dir)
        .env("APP__SERVER__ADDR", "127.0.0.1:0");
    command
}

#[test]
fn a_bad_setting_stops_the_start_with_an_error_naming_the_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = server(dir.path())
        .env("APP__SERVER__ADDR", "not-an-address")
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("server.addr"), "{stderr}");
    assert!(stderr.contains("APP__SERVER__ADDR"), "{stderr}");
}

#[test]
fn an_unreachable_redis_stops_the_start_with_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = server(dir.path())
        .env("REDIS_URL", "redis://127.0.0.1:1")
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot connect to Redis"), "{stderr}");
}

#[test]
fn the_first_start_creates_the_data_dir_and_sigterm_stops_cleanly() {
    let parent = tempfile::tempdir().expect("temp dir");
    let data_dir = parent.path().join("fresh");
    let mut child = server(&data_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawns");
    let stdout = child.stdout.take().expect("stdout");
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut lines = BufReader::new(stdout).lines();
    let listening = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|line| line.contains("\"listening\"") || Instant::now() > deadline);
    assert!(listening.is_some_and(|line| line.contains("listening")));

    assert!(data_dir.join("bounty.db").exists(), "SQLite file created");
    let key_mode = std::fs::metadata(data_dir.join("secret.key"))
        .expect("key")
        .permissions()
        .mode();
    assert_eq!(key_mode & 0o777, 0o600);

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let status = child.wait().expect("exits");
    assert!(status.success(), "SIGTERM is a clean stop: {status}");
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(
        rest.iter().any(|line| line.contains("\"stopped\"")),
        "{rest:?}"
    );
}

#[test]
fn the_admin_create_subcommand_makes_an_admin_that_can_sign_in() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = server(dir.path())
        .args([
            "admin",
            "create",
            "--email",
            "Boss@Example.com",
            "--nickname",
            "Boss",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"boss-pass-1\n")
        .expect("password");
    let output = child.wait_with_output().expect("exits");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("created admin boss@example.com"),
        "{stdout}"
    );

    let again = server(dir.path())
        .args(["admin", "create", "--email", "boss@example.com"])
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("is now an admin"));
}

#[test]
fn a_malformed_command_line_prints_the_usage_and_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = server(dir.path())
        .args(["admin", "create"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("usage:"));
}
