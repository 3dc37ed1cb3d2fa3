//! Secrets the server signs with.
//!
//! Invariants: a secret comes from the environment or from
//! `<data_dir>/secret.key`, which is created on first start with mode 0600
//! and refused if others can read it; no secret is compiled in, logged or
//! serialised.

use super::config::Settings;
use anyhow::{Context, bail};
use rand::RngCore;
use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

const KEY_FILE: &str = "secret.key";
const GENERATED_KEY_BYTES: usize = 32;

/// The signing key, held as bytes; deliberately neither `Debug` nor `Serialize`.
#[derive(Clone)]
pub struct Secrets {
    signing_key: Vec<u8>,
}

impl Secrets {
    /// The environment's key if set, else the data dir's key file, created
    /// on first start.
    pub fn load(settings: &Settings) -> anyhow::Result<Secrets> {
        if let Some(key) = &settings.secrets.signing_key {
            return Ok(Secrets {
                signing_key: key.as_bytes().to_vec(),
            });
        }
        if !settings.redis.url.is_empty() {
            // Production refuses this (config::validate); in development,
            // say what it breaks before someone wonders why.
            tracing::warn!(
                "redis.url is set but secrets.signing_key is not: every instance with its own \
                 data dir makes its own key, so a session made on one is refused by the others; \
                 set APP__SECRETS__SIGNING_KEY to the same value on every instance"
            );
        }
        let path = settings.server.data_dir.join(KEY_FILE);
        let signing_key = read_or_create_key_file(&path)?;
        Ok(Secrets { signing_key })
    }

    pub fn signing_key(&self) -> &[u8] {
        &self.signing_key
    }
}

fn read_or_create_key_file(path: &Path) -> anyhow::Result<Vec<u8>> {
    let mut bytes = [0u8; GENERATED_KEY_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    let encoded = hex::encode(bytes);
    // `create_new` makes creation atomic: two instances starting together
    // cannot both write a key; the loser reads the winner's.
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(mut file) => {
            file.write_all(encoded.as_bytes())
                .and_then(|()| file.sync_all())
                .with_context(|| format!("cannot write the key file {}", path.display()))?;
            tracing::info!(path = %path.display(), "generated a new signing key");
            Ok(encoded.into_bytes())
        }
        Err(error) if error.kind() == ErrorKind::AlreadyExists => read_key_file(path),
        Err(error) => {
            Err(error).with_context(|| format!("cannot create the key file {}", path.display()))
        }
    }
}

fn read_key_file(path: &Path) -> anyhow::Result<Vec<u8>> {
    let mode = fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        bail!(
            "{} is readable by other users (mode {:o}); run `chmod 600` on it",
            path.display(),
            mode & 0o777
        );
    }
    let key =
        fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let key = key.trim();
    if key.len() < 32 {
        bail!(
            "{} holds fewer than 32 characters; delete it to generate a new key",
            path.display()
        );
    }
    Ok(key.as_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings_in(dir: &Path) -> Settings {
        let mut settings = Settings::default();
        settings.server.data_dir = dir.to_path_buf();
        settings
    }

    #[test]
    fn the_first_start_creates_a_private_key_file_and_later_starts_reuse_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = Secrets::load(&settings_in(dir.path())).expect("created");
        let mode = fs::metadata(dir.path().join(KEY_FILE))
            .expect("file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let second = Secrets::load(&settings_in(dir.path())).expect("reused");
        assert_eq!(first.signing_key(), second.signing_key());
        assert_eq!(first.signing_key().len(), GENERATED_KEY_BYTES * 2);
    }

    #[test]
    fn a_key_file_readable_by_others_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        Secrets::load(&settings_in(dir.path())).expect("created");
        let path = dir.path().join(KEY_FILE);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
        let error = Secrets::load(&settings_in(dir.path()))
            .err()
            .expect("refused");
        assert!(error.to_string().contains("chmod 600"), "{error}");
    }

    #[test]
    fn a_key_from_the_environment_wins_and_writes_no_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut settings = settings_in(dir.path());
        settings.secrets.signing_key = Some("k".repeat(40));
        let secrets = Secrets::load(&settings).expect("from env");
        assert_eq!(secrets.signing_key(), "k".repeat(40).as_bytes());
        assert!(!dir.path().join(KEY_FILE).exists());
    }
}
