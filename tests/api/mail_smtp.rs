//! Mail through a real SMTP server on loopback: aiosmtpd (PyPI), started
//! here and stopped afterwards. scripts/test installs it and names its
//! Python in TEST_SMTP_PYTHON; under CI=true a missing sink fails the test.

use bounty::domain::Locale;
use bounty::server::mail::{Mailer, SmtpMailer, templates};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

struct Sink {
    child: Child,
    lines: mpsc::Receiver<String>,
    port: u16,
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_sink() -> Option<Sink> {
    let python = std::env::var("TEST_SMTP_PYTHON").unwrap_or_else(|_| "python3".into());
    let has_aiosmtpd = Command::new(&python)
        .args(["-c", "import aiosmtpd"])
        .status()
        .is_ok_and(|status| status.success());
    if !has_aiosmtpd {
        let in_ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(
            !in_ci,
            "aiosmtpd is not installed for {python} under CI=true"
        );
        eprintln!(
            "note: aiosmtpd not installed for {python}; SMTP test skipped (run scripts/test)"
        );
        return None;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("free port");
    let mut child = Command::new(&python)
        .args([
            "-u",
            "-m",
            "aiosmtpd",
            "-n",
            "-c",
            "aiosmtpd.handlers.Debugging",
            "stdout",
        ])
        .args(["-l", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("aiosmtpd starts");
    let stdout = child.stdout.take().expect("stdout");
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    // Owned by the guard from here on, so it is killed and reaped even if
    // the wait below fails.
    let sink = Sink { child, lines, port };
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Some(sink);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("aiosmtpd did not listen on {port}");
}

#[tokio::test]
async fn a_registration_code_goes_out_over_smtp_with_text_and_html_parts() {
    let Some(sink) = start_sink() else { return };
    let mailer = SmtpMailer::new(
        &format!("smtp://127.0.0.1:{}", sink.port),
        "Bounty <no-reply@bounty.test>",
    )
    .expect("mailer");
    let message = templates::registration_code("reader@example.com", Locale::En, "482913");
    mailer.send(message).await.expect("sent");

    let mut received = Vec::new();
    while let Ok(line) = sink.lines.recv_timeout(Duration::from_secs(5)) {
        let end = line.contains("END MESSAGE");
        received.push(line);
        if end {
            break;
        }
    }
    let text = received.join("\n");
    assert!(
        text.contains("Subject: Your Bounty registration code"),
        "{text}"
    );
    assert!(text.contains("To: reader@example.com"), "{text}");
    assert!(
        text.contains("From: Bounty <no-reply@bounty.test>"),
        "{text}"
    );
    assert!(text.contains("multipart/alternative"), "{text}");
    assert!(
        text.contains("text/plain") && text.contains("text/html"),
        "{text}"
    );
    assert!(
        text.contains("482913"),
        "the code is in the message: {text}"
    );
}
