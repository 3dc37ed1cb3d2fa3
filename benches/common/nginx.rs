//! nginx in front of instances for the benches, from deploy/nginx-test.conf
//! (its second upstream line left out for one instance), run as the current
//! user with everything in its own temp folder, as end2end/tests/cluster.ts
//! does: `nginx -p <temp> -e <temp>/error.log -c <temp>/nginx.conf`.
//!
//! Invariants: the template is used as written except for the placeholders
//! and, when asked, the worker's connection limits (a bench-only copy in the
//! temp folder; deploy/nginx-site.conf and the template are never changed);
//! `start` returns only once nginx answers /readyz through an instance.

use std::time::{Duration, Instant};

/// A running nginx with one worker process (see the template).
pub struct Nginx {
    child: std::process::Child,
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    _dir: tempfile::TempDir,
}

/// Lets the worker hold sockets by the thousand: it may open `open_files`
/// descriptors (`worker_rlimit_nofile`, at most the hard limit nginx
/// inherits) and handle that many connections less 256 for its own files
/// (`worker_connections`; each proxied socket is two connections, the
/// client's and the upstream one). The template's 256 connections suit a
/// browser test, not tens of thousands of WebSockets.
fn sized(config: &str, open_files: u64) -> String {
    let mut replaced = false;
    let config: String = config
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.starts_with("worker_processes") {
                format!("{line}\nworker_rlimit_nofile {open_files};\n")
            } else if trimmed.starts_with("worker_connections") {
                replaced = true;
                format!(
                    "    worker_connections {};\n",
                    open_files.saturating_sub(256)
                )
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    assert!(
        replaced,
        "deploy/nginx-test.conf has no worker_connections line to size"
    );
    config
}

impl Nginx {
    /// nginx proxying to the instances on `upstreams` (one or two ports);
    /// `open_files`: see [`sized`], or `None` for the template's limits.
    pub async fn start(upstreams: &[u16], open_files: Option<u64>) -> Nginx {
        let template = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/deploy/nginx-test.conf"
        ))
        .expect("deploy/nginx-test.conf");
        let dir = tempfile::tempdir().expect("temp dir");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("free port")
            .port();
        let config: String = template
            .lines()
            // Comments left out: they name the placeholders themselves.
            .filter(|line| !line.trim_start().starts_with('#'))
            .filter(|line| upstreams.len() > 1 || !line.contains("{{PORT_B}}"))
            .map(|line| format!("{line}\n"))
            .collect();
        let config = match open_files {
            Some(open_files) => sized(&config, open_files),
            None => config,
        };
        let config = config
            .replace("{{DIR}}", &dir.path().display().to_string())
            .replace("{{PORT}}", &port.to_string())
            .replace("{{PORT_A}}", &upstreams[0].to_string())
            .replace(
                "{{PORT_B}}",
                &upstreams.get(1).copied().unwrap_or_default().to_string(),
            );
        assert!(
            !config.contains("{{"),
            "unknown placeholder in nginx-test.conf"
        );
        let path = dir.path().join("nginx.conf");
        std::fs::write(&path, config).expect("nginx.conf");
        let binary = std::env::var("NGINX").unwrap_or_else(|_| "/usr/sbin/nginx".into());
        let child = std::process::Command::new(binary)
            .arg("-p")
            .arg(dir.path())
            .arg("-e")
            .arg(dir.path().join("error.log"))
            .arg("-c")
            .arg(&path)
            .args(["-g", "daemon off;"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("nginx starts (Debian package `nginx`)");
        let address = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(response) = client.get(format!("{address}/readyz")).send().await
                && response.status().is_success()
            {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "nginx did not answer: {}",
                std::fs::read_to_string(dir.path().join("error.log")).unwrap_or_default()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Nginx {
            child,
            address,
            _dir: dir,
        }
    }

    /// The worker process's pid (one worker, see the config).
    pub fn worker(&self) -> Option<String> {
        let master = self.child.id();
        std::fs::read_to_string(format!("/proc/{master}/task/{master}/children"))
            .ok()?
            .split_whitespace()
            .next()
            .map(str::to_owned)
    }

    /// SIGQUIT (nginx's graceful stop), then a kill (by `Drop`) if the
    /// worker still waits on proxied WebSockets after ten seconds.
    pub fn stop(mut self) {
        let _ = std::process::Command::new("kill")
            .args(["-QUIT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Dropped here: killed if it is still running.
    }
}

/// A bench that panics must not leave nginx running: it would keep the
/// port, and the descriptors it inherited (such as a build lock held by the
/// command that started the bench) open.
impl Drop for Nginx {
    fn drop(&mut self) {
        // Nothing happens if `stop` has already reaped it.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
