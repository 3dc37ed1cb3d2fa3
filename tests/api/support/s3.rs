//! A real S3-compatible server for the file tests: moto's server mode (PyPI),
//! started once per test process on 127.0.0.1 with a port of its own
//! choosing, and a fresh bucket per test, emptied and deleted afterwards.
//!
//! scripts/test installs moto and names its Python in TEST_S3_PYTHON (else
//! TEST_SMTP_PYTHON's venv, else `python3`). Without it the file tests run
//! on local storage only and say so, except under CI=true, where that fails.
//! The server exits when this process does: it waits on its stdin, whose
//! other end closes with us however the tests end.

use super::backends::in_private_runtime;
use bounty::server::config::Settings;
use futures::TryStreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::{ObjectStore, ObjectStoreExt};
use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

/// moto accepts any credentials; these stand in for real ones.
const KEY_ID: &str = "bounty-test-key";
const SECRET: &str = "bounty-test-secret";

const SERVE: &str = "import sys
from moto.server import ThreadedMotoServer
server = ThreadedMotoServer(ip_address='127.0.0.1', port=0, verbose=False)
server.start()
print(server.get_host_and_port()[1], flush=True)
sys.stdin.read()
server.stop()
";

struct Server {
    endpoint: String,
    _child: Child,
    _stdin: ChildStdin,
}

fn python() -> String {
    ["TEST_S3_PYTHON", "TEST_SMTP_PYTHON"]
        .iter()
        .find_map(|name| std::env::var(name).ok())
        .unwrap_or_else(|| "python3".into())
}

fn start() -> Result<Server, String> {
    let python = python();
    let mut child = Command::new(&python)
        .args(["-c", SERVE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| format!("{python}: {error}"))?;
    let stdin = child.stdin.take().ok_or("no stdin")?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let (sender, port) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = sender.send(line.trim().parse::<u16>().ok());
    });
    // Importing moto takes a second or two on these machines.
    match port.recv_timeout(Duration::from_secs(30)) {
        Ok(Some(port)) => Ok(Server {
            endpoint: format!("http://127.0.0.1:{port}"),
            _child: child,
            _stdin: stdin,
        }),
        _ => {
            let _ = child.kill();
            let _ = child.wait();
            Err(format!(
                "moto did not start with {python} (pip install \"moto[server]\")"
            ))
        }
    }
}

fn server() -> Option<&'static Server> {
    static SERVER: OnceLock<Option<Server>> = OnceLock::new();
    SERVER
        .get_or_init(|| match start() {
            Ok(server) => Some(server),
            Err(error) => {
                let in_ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
                assert!(
                    !in_ci,
                    "the S3 server is unavailable under CI=true: {error}"
                );
                eprintln!("note: {error}; file tests run on local storage only");
                None
            }
        })
        .as_ref()
}

/// A bucket of its own for one test; emptied and deleted when dropped.
pub struct TestBucket {
    pub endpoint: String,
    pub name: String,
}

impl TestBucket {
    /// A new bucket on the shared server, or `None` when it does not run.
    pub async fn create() -> Option<TestBucket> {
        let endpoint = server()?.endpoint.clone();
        let name = format!("bounty-{}", uuid::Uuid::new_v4().simple());
        // moto checks no signature: a plain PUT creates a bucket.
        let created = reqwest::Client::new()
            .put(format!("{endpoint}/{name}"))
            .send()
            .await
            .expect("create bucket");
        assert!(created.status().is_success(), "{}", created.status());
        Some(TestBucket { endpoint, name })
    }

    /// Points `settings` at this bucket (under a prefix, as deployments
    /// sharing a bucket would), with credentials as secrets.
    pub fn configure(&self, settings: &mut Settings) {
        settings.storage.url = format!("s3://{}/bounty", self.name);
        settings.storage.s3_endpoint = self.endpoint.clone();
        settings.secrets.s3_access_key_id = Some(KEY_ID.into());
        settings.secrets.s3_secret_access_key = Some(SECRET.into());
    }

    fn client(&self) -> Option<AmazonS3> {
        AmazonS3Builder::new()
            .with_endpoint(&self.endpoint)
            .with_bucket_name(&self.name)
            .with_region("us-east-1")
            .with_access_key_id(KEY_ID)
            .with_secret_access_key(SECRET)
            .with_allow_http(true)
            .build()
            .ok()
    }

    /// How many objects the bucket holds.
    pub async fn object_count(&self) -> usize {
        let client = self.client().expect("client");
        let all: Vec<_> = client.list(None).try_collect().await.expect("list");
        all.len()
    }
}

impl Drop for TestBucket {
    fn drop(&mut self) {
        let (endpoint, name, client) = (self.endpoint.clone(), self.name.clone(), self.client());
        in_private_runtime(async move {
            if let Some(client) = client
                && let Ok(objects) = client.list(None).try_collect::<Vec<_>>().await
            {
                for object in objects {
                    let _ = client.delete(&object.location).await;
                }
            }
            let _ = reqwest::Client::new()
                .delete(format!("{endpoint}/{name}"))
                .send()
                .await;
        });
    }
}

/// Where a test's files go: local files, or a bucket on the S3 server.
pub struct StorageCase {
    pub name: &'static str,
    pub bucket: Option<TestBucket>,
}

impl StorageCase {
    pub fn configure(&self, settings: &mut Settings) {
        if let Some(bucket) = &self.bucket {
            bucket.configure(settings);
        }
    }
}

/// Local storage, and an S3 bucket when the server runs here.
pub async fn storages() -> Vec<StorageCase> {
    let mut all = vec![StorageCase {
        name: "local",
        bucket: None,
    }];
    if let Some(bucket) = TestBucket::create().await {
        all.push(StorageCase {
            name: "s3",
            bucket: Some(bucket),
        });
    }
    all
}
