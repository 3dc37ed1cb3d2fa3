//! A real SMTP server on loopback: aiosmtpd (PyPI) printing every message
//! it receives, started by a test and killed when dropped. scripts/test
//! installs it and names its Python in TEST_SMTP_PYTHON; under CI=true a
//! missing aiosmtpd fails the test instead of skipping it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub struct Sink {
    child: Child,
    lines: mpsc::Receiver<String>,
    pub port: u16,
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port nothing listens on (bound, read, released).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("free port")
}

/// The sink's Python, or `None` (test skipped) when aiosmtpd is missing
/// outside CI.
fn python() -> Option<String> {
    let python = std::env::var("TEST_SMTP_PYTHON").unwrap_or_else(|_| "python3".into());
    let has_aiosmtpd = Command::new(&python)
        .args(["-c", "import aiosmtpd"])
        .status()
        .is_ok_and(|status| status.success());
    if has_aiosmtpd {
        return Some(python);
    }
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(
        !in_ci,
        "aiosmtpd is not installed for {python} under CI=true"
    );
    eprintln!("note: aiosmtpd not installed for {python}; SMTP test skipped (run scripts/test)");
    None
}

/// Whether the sink can run here (false only outside CI, test skipped).
pub fn available() -> bool {
    python().is_some()
}

/// Starts a sink on a free port.
pub fn start() -> Option<Sink> {
    start_on(free_port())
}

/// Starts a sink on `port` and waits until it listens.
pub fn start_on(port: u16) -> Option<Sink> {
    let python = python()?;
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

impl Sink {
    /// The next whole message (its printed lines), if one ends within `wait`.
    pub fn next_message(&self, wait: Duration) -> Option<String> {
        let deadline = Instant::now() + wait;
        let mut received = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self.lines.recv_timeout(left).ok()?;
            let end = line.contains("END MESSAGE");
            received.push(line);
            if end {
                return Some(received.join("\n"));
            }
        }
    }

    /// Every message that ends within `wait` of the one before.
    pub fn messages_until_quiet(&self, wait: Duration) -> Vec<String> {
        std::iter::from_fn(|| self.next_message(wait)).collect()
    }
}
