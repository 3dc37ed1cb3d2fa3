//! Production mode: the server binary refuses to start with each unsafe
//! setting, naming its key; a safe production configuration starts; the
//! development default says so in its log.

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The binary with a production configuration that is safe: explicit
/// production, SMTP configured, the sandbox only as a declared demo.
fn production(data_dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_bounty"));
    command
        .env_remove("DATABASE_URL")
        .env_remove("REDIS_URL")
        .env("APP_CONFIG_FILE", "/nonexistent/Leptos.toml")
        .env("APP__SERVER__DATA_DIR", data_dir)
        .env("APP__SERVER__ADDR", "127.0.0.1:0")
        .env("APP__SERVER__PRODUCTION", "true")
        .env("APP__MAIL__SMTP_URL", "smtp://127.0.0.1:2525")
        .env("APP__PAYMENTS__DEMO_MONEY", "true");
    command
}

/// Runs the production binary with one more variable (or one removed) and
/// returns what it printed; it must have refused to start.
fn refused(change: impl FnOnce(&mut Command)) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut command = production(dir.path());
    change(&mut command);
    let output: Output = command.output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!output.status.success(), "must refuse: {stderr}");
    assert!(stderr.contains("cannot start"), "{stderr}");
    stderr
}

#[test]
fn production_refuses_the_dev_mailbox() {
    let stderr = refused(|c| {
        c.env("APP__SERVER__DEV_MODE", "true");
    });
    assert!(stderr.contains("server.dev_mode"), "{stderr}");
}

#[test]
fn production_refuses_test_captcha_answers() {
    let stderr = refused(|c| {
        c.env("APP__SERVER__TEST_REVEAL_CAPTCHA", "true");
    });
    assert!(stderr.contains("server.test_reveal_captcha"), "{stderr}");
}

#[test]
fn production_refuses_the_sandbox_payment_provider_without_the_demo_switch() {
    let stderr = refused(|c| {
        c.env_remove("APP__PAYMENTS__DEMO_MONEY");
    });
    assert!(stderr.contains("payments.provider"), "{stderr}");
    assert!(
        stderr.contains("payments.demo_money"),
        "names the fix: {stderr}"
    );
}

#[test]
fn production_refuses_mail_without_smtp() {
    let stderr = refused(|c| {
        c.env_remove("APP__MAIL__SMTP_URL");
    });
    assert!(stderr.contains("mail.smtp_url"), "{stderr}");
}

#[test]
fn production_refuses_a_generated_signing_key_when_several_instances_are_possible() {
    let stderr = refused(|c| {
        c.env("REDIS_URL", "redis://127.0.0.1:6379");
    });
    assert!(stderr.contains("secrets.signing_key"), "{stderr}");
}

#[test]
fn an_https_public_url_is_production_too() {
    let stderr = refused(|c| {
        c.env_remove("APP__SERVER__PRODUCTION")
            .env("APP__SERVER__PUBLIC_URL", "https://bounty.example")
            .env("APP__SERVER__DEV_MODE", "true");
    });
    assert!(stderr.contains("server.dev_mode"), "{stderr}");
}

#[test]
fn an_untrusted_proxy_entry_that_is_not_an_address_is_refused() {
    let stderr = refused(|c| {
        c.env(
            "APP__SERVER__TRUSTED_PROXIES",
            "[\"10.0.0.0/8\", \"proxy.local\"]",
        );
    });
    assert!(stderr.contains("server.trusted_proxies"), "{stderr}");
}

/// The first line on standard output containing `needle`, within 30 s.
fn first_line_with(command: &mut Command, needle: &str) -> Option<String> {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawns");
    let stdout = child.stdout.take().expect("stdout");
    let deadline = Instant::now() + Duration::from_secs(30);
    let found = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .take_while(|_| Instant::now() < deadline)
        .find(|line| line.contains(needle) || line.contains("\"listening\""));
    let _ = child.kill();
    let _ = child.wait();
    found.filter(|line| line.contains(needle))
}

#[test]
fn a_safe_production_configuration_starts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let line = first_line_with(&mut production(dir.path()), "\"listening\"");
    let line = line.expect("listening");
    assert!(line.contains("\"mode\":\"production\""), "{line}");
}

#[test]
fn the_development_default_says_so_in_its_log() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut command = production(dir.path());
    command.env_remove("APP__SERVER__PRODUCTION");
    let line = first_line_with(&mut command, "development mode");
    assert!(line.is_some(), "a warning names development mode");
}
