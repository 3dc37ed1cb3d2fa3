//! Redis for the benches that run instances as a deployment of several
//! does: whether it answers, and removing a run's keys afterwards.
//!
//! Invariant: only keys under the run's own prefix are deleted, so other
//! runs and test suites sharing the server are untouched.

use std::time::Duration;

/// Whether Redis answers at `url` within a few seconds.
pub async fn redis_reachable(url: &str) -> bool {
    use fred::prelude::*;
    let Ok(config) = Config::from_url(url) else {
        return false;
    };
    let Ok(client) = Builder::from_config(config).build() else {
        return false;
    };
    let ready = tokio::time::timeout(Duration::from_secs(3), client.init())
        .await
        .is_ok_and(|init| init.is_ok());
    if ready {
        let _ = client.quit().await;
    }
    ready
}

/// Deletes every Redis key under the benchmark's prefix.
pub async fn remove_redis_keys(url: &str, prefix: &str) {
    use fred::prelude::*;
    let Ok(config) = Config::from_url(url) else {
        return;
    };
    let Ok(client) = Builder::from_config(config).build() else {
        return;
    };
    if client.init().await.is_err() {
        return;
    }
    let command = fred::types::CustomCommand::new_static("KEYS", None, false);
    let keys: Vec<String> = client
        .custom(command, vec![format!("{prefix}*")])
        .await
        .unwrap_or_default();
    if !keys.is_empty() {
        let _: Result<i64, _> = client.del(keys).await;
    }
    let _ = client.quit().await;
}
