//! Sealed solutions: the digests that fix what was submitted, and the salted
//! commitments that prove it to the publisher without revealing it.
//!
//! Digests (exact, shown only with the content):
//! - text digest: hex SHA-256 of the version's Markdown blocks as a JSON
//!   array of strings (`serde_json`, no spaces), e.g. `["The answer"]`;
//! - file digest: hex SHA-256 of the file's bytes;
//! - version digest: hex SHA-256 of `bounty-submission-v1\n`, the text
//!   digest, then `\n` and each file digest in order (all as hex text).
//!
//! Commitments (the only digests a sealed preview shows): each version has
//! its own `salt` of 32 random bytes, and a part with digest `d` is
//! committed to as
//!
//! ```text
//! hex(SHA-256("bounty-seal-v1" || 0x00 || label || 0x00 || salt || d))
//! ```
//!
//! where `salt` and `d` are the raw 32 bytes (not hex) and `label` is
//! `version` for the version digest, `text` for the text digest and
//! `file/1`, `file/2`, ... for the files in order. Once the solution is
//! opened the salt is shown; to recompute, e.g. in Python:
//! `sha256(b"bounty-seal-v1\0version\0" + bytes.fromhex(salt) + bytes.fromhex(digest)).hexdigest()`.
//!
//! Invariants: without the salt (256 random bits, never shown before the
//! version is opened) a guessed answer's SHA-256 cannot be matched to any
//! commitment; the label keeps two equal parts (two copies of one file)
//! from showing equal commitments; the version commitment is stored when
//! the version is submitted and is what the reveal receipt records, so an
//! opened version is checked against what was shown before payment.

use crate::domain::AppError;
use crate::domain::order::coarse;
use crate::domain::order::{OpenedSeal, SealCheck, SealedFacts, SealedFile};
use crate::server::db::files::FileRow;
use crate::server::db::submissions::SubmissionRow;
use crate::server::error::internal;
use sha2::{Digest, Sha256};

/// Separates these commitments from every other SHA-256 use.
const TAG: &[u8] = b"bounty-seal-v1";
/// The label of the commitment to the whole version.
pub const VERSION_LABEL: &str = "version";
/// The label of the commitment to the text.
pub const TEXT_LABEL: &str = "text";

/// The label of the commitment to the file at `position` (0-based).
pub fn file_label(position: usize) -> String {
    format!("file/{}", position.saturating_add(1))
}

/// A new version's salt: 32 random bytes from the thread's CSPRNG, as hex.
pub fn new_salt() -> String {
    crate::server::auth::random_id(32)
}

/// The commitment to `digest_hex` under `label` and `salt_hex`; `None` when
/// either is not 32 bytes of hex (a damaged row, never a valid seal).
pub fn commit(label: &str, salt_hex: &str, digest_hex: &str) -> Option<String> {
    let salt = hex::decode(salt_hex)
        .ok()
        .filter(|bytes| bytes.len() == 32)?;
    let digest = hex::decode(digest_hex)
        .ok()
        .filter(|bytes| bytes.len() == 32)?;
    let mut hasher = Sha256::new();
    hasher.update(TAG);
    hasher.update([0]);
    hasher.update(label.as_bytes());
    hasher.update([0]);
    hasher.update(&salt);
    hasher.update(&digest);
    Some(hex::encode(hasher.finalize()))
}

/// The version digest over the text digest and each file digest, in order.
pub fn submission_digest(text_sha256: &str, file_sha256s: &[String]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"bounty-submission-v1\n");
    hasher.update(text_sha256.as_bytes());
    for file in file_sha256s {
        hasher.update(b"\n");
        hasher.update(file.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// The SHA-256 of the blocks as a JSON array of strings.
pub fn text_digest(blocks: &[String]) -> Result<String, AppError> {
    let canonical = serde_json::to_vec(blocks).map_err(internal)?;
    Ok(hex::encode(Sha256::digest(canonical)))
}

/// The commitment of `digest_hex`, failing loudly on a damaged salt.
fn committed(label: &str, salt: &str, digest_hex: &str) -> Result<String, AppError> {
    commit(label, salt, digest_hex).ok_or_else(|| internal("a stored seal is not 32 bytes of hex"))
}

/// What the sealed preview shows of `version` with its `files`: ranges and
/// commitments. `None` for a version from before commitments (no salt):
/// its unsalted digests and exact counts would confirm a guess.
pub fn sealed_facts(
    version: &SubmissionRow,
    files: &[FileRow],
) -> Result<Option<SealedFacts>, AppError> {
    let (Some(salt), Some(commitment)) = (&version.salt, &version.commitment) else {
        return Ok(None);
    };
    let files = files
        .iter()
        .enumerate()
        .map(|(position, file)| {
            Ok(SealedFile {
                content_type: file.content_type.clone(),
                size: coarse::size(file.size_bytes),
                lines: file.line_count.map(coarse::lines),
                pages: file.page_count.map(coarse::pages),
                commitment: committed(&file_label(position), salt, &file.sha256)?,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(Some(SealedFacts {
        words: coarse::words(version.word_count),
        text_commitment: committed(TEXT_LABEL, salt, &version.text_sha256)?,
        files,
        commitment: commitment.clone(),
    }))
}

/// The disclosed seal of an opened `version`, checked: the commitment
/// recomputed from the salt and the digest of the content as stored now
/// (`content_digest`) must equal the commitment stored at submit time, and
/// the one the publisher's reveal receipt recorded (`receipt`), if any.
pub fn opened_seal(
    version: &SubmissionRow,
    content_digest: &str,
    receipt: Option<&str>,
) -> Option<OpenedSeal> {
    let (Some(salt), Some(commitment)) = (&version.salt, &version.commitment) else {
        return None;
    };
    let recomputed = commit(VERSION_LABEL, salt, content_digest);
    let matches = recomputed.as_deref() == Some(commitment.as_str())
        && receipt.is_none_or(|seen| seen == commitment.as_str());
    Some(OpenedSeal {
        salt: salt.clone(),
        commitment: commitment.clone(),
        check: if matches {
            SealCheck::Matches
        } else {
            SealCheck::Mismatch
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SALT: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    #[test]
    fn the_digest_changes_with_any_part_and_with_order() {
        let a = submission_digest("t", &["f1".into(), "f2".into()]);
        assert_ne!(a, submission_digest("t", &["f2".into(), "f1".into()]));
        assert_ne!(a, submission_digest("u", &["f1".into(), "f2".into()]));
        assert_eq!(a, submission_digest("t", &["f1".into(), "f2".into()]));
        assert_eq!(a.len(), 64);
    }

    #[test]
    fn the_commitment_follows_the_documented_construction() {
        let digest = hex::encode(Sha256::digest(b"content"));
        let mut message = b"bounty-seal-v1\0version\0".to_vec();
        message.extend(hex::decode(SALT).expect("hex"));
        message.extend(hex::decode(&digest).expect("hex"));
        assert_eq!(
            commit(VERSION_LABEL, SALT, &digest),
            Some(hex::encode(Sha256::digest(&message)))
        );
    }

    #[test]
    fn the_commitment_depends_on_salt_label_and_content_and_hides_the_digest() {
        let digest = hex::encode(Sha256::digest(b"42"));
        let other_salt = new_salt();
        let a = commit(TEXT_LABEL, SALT, &digest).expect("commit");
        assert_ne!(a, digest);
        assert_ne!(Some(a.clone()), commit(TEXT_LABEL, &other_salt, &digest));
        assert_ne!(Some(a.clone()), commit(&file_label(0), SALT, &digest));
        let other = hex::encode(Sha256::digest(b"43"));
        assert_ne!(Some(a), commit(TEXT_LABEL, SALT, &other));
        assert_ne!(file_label(0), file_label(1));
    }

    #[test]
    fn a_damaged_salt_or_digest_commits_to_nothing() {
        let digest = hex::encode(Sha256::digest(b"x"));
        assert_eq!(commit(VERSION_LABEL, "zz", &digest), None);
        assert_eq!(commit(VERSION_LABEL, &SALT[..62], &digest), None);
        assert_eq!(commit(VERSION_LABEL, SALT, "abcd"), None);
    }

    #[test]
    fn a_new_salt_is_32_random_bytes() {
        let (a, b) = (new_salt(), new_salt());
        assert_eq!(hex::decode(&a).expect("hex").len(), 32);
        assert_ne!(a, b);
    }
}
