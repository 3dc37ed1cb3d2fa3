//! The checks of `storage.*`: where files live, and how an S3-compatible
//! bucket is reached.
//!
//! Invariants: a value that is present is used or refused, never ignored
//! (files must not land on local disk while the operator believes they are
//! in a bucket); production refuses plain http to the store, and outside
//! production http is allowed only to a loopback address (a local MinIO or
//! a test's server), since the request signatures and the files' bytes
//! would cross the network in clear; a secret's text never appears in a
//! message.

use super::validate::invalid;
use super::{ConfigError, Settings, StorageSettings};

/// Where `storage.url = "s3://bucket[/prefix]"` points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Location {
    pub bucket: String,
    /// Without leading or trailing slashes; empty for the bucket's root.
    pub prefix: String,
}

impl StorageSettings {
    /// The bucket and prefix, when `url` names one.
    pub fn s3_location(&self) -> Option<S3Location> {
        let rest = self.url.strip_prefix("s3://")?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        // Bucket naming rules, loosely: what S3 and its look-alikes accept.
        let valid_bucket = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
        valid_bucket.then(|| S3Location {
            bucket: bucket.to_owned(),
            prefix: prefix.trim_matches('/').to_owned(),
        })
    }
}

fn is_loopback(url: &reqwest::Url) -> bool {
    let host = url.host_str().unwrap_or_default();
    host == "localhost"
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|address| address.is_loopback())
}

impl Settings {
    pub(super) fn validate_storage(&self) -> Result<(), ConfigError> {
        let storage = &self.storage;
        if storage.url.is_empty() {
            if !storage.s3_endpoint.is_empty() {
                return Err(invalid(
                    "storage.s3_endpoint",
                    "is set but storage.url is empty, so files would stay in \
                     <data_dir>/storage: set storage.url = \"s3://bucket\" as well, or remove it",
                ));
            }
            return Ok(());
        }
        if storage.s3_location().is_none() {
            return Err(invalid(
                "storage.url",
                "must be empty (files under <data_dir>/storage) or s3://bucket[/prefix] \
                 with a valid bucket name (3-63 of a-z, 0-9, '-', '.')",
            ));
        }
        if storage.s3_region.trim().is_empty() {
            return Err(invalid(
                "storage.s3_region",
                "must name the bucket's region (us-east-1 for most S3-compatible servers)",
            ));
        }
        if !storage.s3_endpoint.is_empty() {
            let endpoint = reqwest::Url::parse(&storage.s3_endpoint)
                .ok()
                .filter(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some());
            let Some(endpoint) = endpoint else {
                return Err(invalid(
                    "storage.s3_endpoint",
                    "must be empty (AWS) or an http(s)://host[:port] URL",
                ));
            };
            if endpoint.scheme() == "http" {
                if self.server.is_production() {
                    return Err(invalid(
                        "storage.s3_endpoint",
                        "must be https:// in production (server.production, or an https \
                         server.public_url): files and signed requests would cross the \
                         network in clear",
                    ));
                }
                if !is_loopback(&endpoint) {
                    return Err(invalid(
                        "storage.s3_endpoint",
                        "may be http:// only on a loopback address (127.0.0.1, ::1, \
                         localhost); use https:// for a store on another machine",
                    ));
                }
            }
        }
        let secrets = &self.secrets;
        let set = |secret: &Option<String>| secret.as_deref().is_some_and(|s| !s.is_empty());
        match (
            set(&secrets.s3_access_key_id),
            set(&secrets.s3_secret_access_key),
        ) {
            (true, false) => Err(invalid(
                "secrets.s3_secret_access_key",
                "must be set with secrets.s3_access_key_id \
                 (APP__SECRETS__S3_SECRET_ACCESS_KEY)",
            )),
            (false, true) => Err(invalid(
                "secrets.s3_access_key_id",
                "must be set with secrets.s3_secret_access_key (APP__SECRETS__S3_ACCESS_KEY_ID)",
            )),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(url: &str, endpoint: &str) -> Settings {
        let mut settings = Settings::default();
        settings.storage.url = url.into();
        settings.storage.s3_endpoint = endpoint.into();
        settings
    }

    fn refused_key(settings: &Settings) -> Option<&'static str> {
        match settings.validate_storage() {
            Err(ConfigError::Invalid { key, .. }) => Some(key),
            _ => None,
        }
    }

    #[test]
    fn an_s3_url_names_a_bucket_and_an_optional_prefix() {
        let storage = settings("s3://files-1/bounty/prod/", "").storage;
        assert_eq!(
            storage.s3_location(),
            Some(S3Location {
                bucket: "files-1".into(),
                prefix: "bounty/prod".into()
            })
        );
        for bad in ["s3://", "s3://AB", "gs://bucket", "s3://a_b_c"] {
            assert_eq!(
                refused_key(&settings(bad, "")),
                Some("storage.url"),
                "{bad}"
            );
        }
    }

    #[test]
    fn plain_http_is_for_a_loopback_store_outside_production_only() {
        assert_eq!(
            refused_key(&settings("s3://bucket", "http://127.0.0.1:9000")),
            None
        );
        assert_eq!(
            refused_key(&settings("s3://bucket", "http://minio.internal:9000")),
            Some("storage.s3_endpoint")
        );
        let mut production = settings("s3://bucket", "http://127.0.0.1:9000");
        production.server.production = true;
        assert_eq!(refused_key(&production), Some("storage.s3_endpoint"));
        production.storage.s3_endpoint = "https://s3.example.com".into();
        assert_eq!(refused_key(&production), None);
    }

    #[test]
    fn an_endpoint_without_a_bucket_is_refused_rather_than_ignored() {
        assert_eq!(
            refused_key(&settings("", "http://127.0.0.1:9000")),
            Some("storage.s3_endpoint")
        );
        assert_eq!(refused_key(&settings("", "")), None);
    }

    #[test]
    fn an_access_key_needs_its_secret() {
        let mut half = settings("s3://bucket", "");
        half.secrets.s3_access_key_id = Some("AKIA".into());
        assert_eq!(refused_key(&half), Some("secrets.s3_secret_access_key"));
        half.secrets.s3_secret_access_key = Some("secret".into());
        assert_eq!(refused_key(&half), None);
    }
}
