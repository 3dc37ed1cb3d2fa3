//! A private `redis-server` on a free loopback port, for tests that stop
//! and restart Redis (the shared one on 6379 is never touched). Keeps
//! nothing on disk; killed when dropped.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct RedisServer {
    child: Option<Child>,
    pub port: u16,
}

impl RedisServer {
    /// Starts one, or `None` (test skipped) when `redis-server` is missing
    /// outside CI; under CI=true a missing binary fails the test.
    pub fn start() -> Option<RedisServer> {
        let port = super::smtp::free_port();
        let mut server = RedisServer { child: None, port };
        if !server.run() {
            let in_ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
            assert!(!in_ci, "redis-server is not installed under CI=true");
            eprintln!("note: redis-server not installed; Redis outage test skipped");
            return None;
        }
        Some(server)
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Starts the process on this server's port; false if it cannot run.
    fn run(&mut self) -> bool {
        let Ok(child) = Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        else {
            return false;
        };
        self.child = Some(child);
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("redis-server did not listen on {}", self.port);
    }

    /// Kills the server (connections end at once, as in a crash).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port (empty: it kept nothing).
    pub fn restart(&mut self) {
        assert!(self.run(), "redis-server restarts");
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}
