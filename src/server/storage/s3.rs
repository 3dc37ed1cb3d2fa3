//! An S3-compatible bucket (`storage.url = "s3://bucket[/prefix]"`) through
//! object_store's AmazonS3 client: AWS itself, or any server that speaks
//! its API at `storage.s3_endpoint` (MinIO, Ceph, R2, RustFS).
//!
//! Invariants: the server does not start unless a probe object can be
//! written to and deleted from the bucket within `PROBE_TIME`, and the
//! refusal names the key to fix; waiting on the store is bounded (connect
//! and read timeouts, few retries within `RETRY_TIME`), so a store that is
//! down or stalled turns into a prompt 503 instead of a request hanging for
//! minutes; credentials come from `secrets.s3_*` or else the standard
//! `AWS_*` variables and are never logged.

use super::StorageError;
use crate::server::auth::random_id;
use crate::server::config::{S3Location, SecretSettings, StorageSettings};
use object_store::aws::AmazonS3Builder;
use object_store::path::Path as Key;
use object_store::prefix::PrefixStore;
use object_store::{ClientOptions, ObjectStore, ObjectStoreExt, RetryConfig};
use std::sync::Arc;
use std::time::Duration;

/// How long the start-up check may take before the server gives up.
const PROBE_TIME: Duration = Duration::from_secs(5);
/// Longest wait for a TCP (and TLS) connection to the store.
const CONNECT_TIME: Duration = Duration::from_secs(3);
/// Longest silence from the store while we wait to read: a stalled store
/// is given up on after this. There is deliberately no limit on a whole
/// request: a download streams at the pace of the browser, and a slow
/// reader must not have its file cut off (an upload is still bounded by
/// the site-wide `limits.request_timeout_secs`).
const SILENCE_TIME: Duration = Duration::from_secs(10);
/// How long retries of one call may go on; object_store's default is 3
/// minutes, longer than any user waits for an answer.
const RETRY_TIME: Duration = Duration::from_secs(10);

/// The bucket's client, checked reachable; `Err` names the key to fix.
pub(super) async fn open(
    settings: &StorageSettings,
    secrets: &SecretSettings,
    location: &S3Location,
) -> anyhow::Result<Arc<dyn ObjectStore>> {
    let store = client(settings, secrets, location)?;
    probe(store.as_ref(), settings, location).await?;
    Ok(store)
}

fn client(
    settings: &StorageSettings,
    secrets: &SecretSettings,
    location: &S3Location,
) -> anyhow::Result<Arc<dyn ObjectStore>> {
    // `from_env` reads AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
    // AWS_SESSION_TOKEN, web identity and instance credentials; settings
    // given here take precedence over it.
    let mut builder = AmazonS3Builder::from_env()
        .with_bucket_name(&location.bucket)
        .with_region(&settings.s3_region);
    if let (Some(id), Some(secret)) = (&secrets.s3_access_key_id, &secrets.s3_secret_access_key) {
        builder = builder
            .with_access_key_id(id)
            .with_secret_access_key(secret);
    }
    let mut options = ClientOptions::new()
        .with_connect_timeout(CONNECT_TIME)
        .with_read_timeout(SILENCE_TIME)
        .with_timeout_disabled();
    if !settings.s3_endpoint.is_empty() {
        // Servers other than AWS seldom resolve bucket subdomains; the
        // configuration check allows http only to loopback, outside production.
        builder = builder
            .with_endpoint(&settings.s3_endpoint)
            .with_virtual_hosted_style_request(false);
        options = options.with_allow_http(settings.s3_endpoint.starts_with("http://"));
    }
    let retry = RetryConfig {
        max_retries: 3,
        retry_timeout: RETRY_TIME,
        ..RetryConfig::default()
    };
    let store = builder
        .with_client_options(options)
        .with_retry(retry)
        .build()
        .map_err(|error| refused("storage.url", &error))?;
    Ok(if location.prefix.is_empty() {
        Arc::new(store)
    } else {
        Arc::new(PrefixStore::new(store, location.prefix.as_str()))
    })
}

/// Writes and deletes a probe object: proves the bucket exists and the
/// credentials may write to it, not merely that a server answers.
async fn probe(
    store: &dyn ObjectStore,
    settings: &StorageSettings,
    location: &S3Location,
) -> anyhow::Result<()> {
    let key = Key::from_iter([".bounty-probe", &random_id(12)]);
    let checked = tokio::time::timeout(PROBE_TIME, async {
        store.put(&key, b"probe".to_vec().into()).await?;
        store.delete(&key).await
    })
    .await;
    let error = match checked {
        Ok(Ok(())) => return Ok(()),
        Ok(Err(error)) => error,
        Err(_) => {
            return Err(anyhow::anyhow!(
                "setting `storage.url`: the bucket {} did not answer at {} within {} s; \
                 check storage.url and storage.s3_endpoint",
                location.bucket,
                endpoint(settings),
                PROBE_TIME.as_secs()
            ));
        }
    };
    let key = match &error {
        StorageError::PermissionDenied { .. } | StorageError::Unauthenticated { .. } => {
            "secrets.s3_access_key_id"
        }
        _ => "storage.url",
    };
    Err(anyhow::anyhow!(
        "setting `{key}`: cannot write to the bucket {} at {} with the configured credentials \
         (secrets.s3_access_key_id / secrets.s3_secret_access_key, or AWS_ACCESS_KEY_ID / \
         AWS_SECRET_ACCESS_KEY): {error}",
        location.bucket,
        endpoint(settings),
    ))
}

fn endpoint(settings: &StorageSettings) -> &str {
    match settings.s3_endpoint.as_str() {
        "" => "AWS",
        endpoint => endpoint,
    }
}

fn refused(key: &str, error: &StorageError) -> anyhow::Error {
    anyhow::anyhow!("setting `{key}`: cannot set up the S3 client: {error}")
}
