//! The two RSA keys of an Alipay Open Platform app: the merchant's private
//! key (应用私钥, signs our requests) and Alipay's public key (支付宝公钥,
//! verifies what Alipay sends), each accepted in the forms merchants are
//! handed: PEM (PKCS#8 `PRIVATE KEY` / PKCS#1 `RSA PRIVATE KEY`; SPKI
//! `PUBLIC KEY` / PKCS#1 `RSA PUBLIC KEY`) or the bare base64 of the DER that
//! Alipay's key tool and console show (PKCS#8 or PKCS#1 private, SPKI public),
//! line breaks allowed.
//!
//! Invariants: neither type prints its key material (`Debug` is redacted, and
//! a parse error never repeats the input), so a key cannot reach a log line or
//! an error page; keys are parsed once, at start-up, and fail fast.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::pkcs8::der::zeroize::Zeroizing;
use rsa::pkcs8::{
    DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey, LineEnding,
};
use rsa::rand_core::OsRng;
use rsa::{RsaPrivateKey, RsaPublicKey};

/// RSA2 keys are 2048 bits on the Open Platform.
const BITS: usize = 2048;

/// A key that could not be read. Says which form failed, never the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("the PEM key could not be read")]
    Pem,
    #[error("the key is neither PEM nor base64 DER")]
    Base64,
    #[error("the DER key is neither of the accepted encodings")]
    Der,
    #[error("a key could not be generated or encoded")]
    Generate,
}

/// A private key that signs: in production the merchant's (our requests);
/// in the contract stand-in also a test "Alipay" key (its notifications).
#[derive(Clone)]
pub struct PrivateKey(pub(super) RsaPrivateKey);

/// A public key that verifies: in production Alipay's (notifications and
/// responses); in the contract stand-in the merchant's (our requests).
#[derive(Clone)]
pub struct PublicKey(pub(super) RsaPublicKey);

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PrivateKey(<redacted>)")
    }
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Public, but a config dump has no use for 400 characters of it.
        f.write_str("PublicKey(..)")
    }
}

/// The DER inside a bare base64 key, whitespace and line breaks ignored.
fn bare_der(text: &str) -> Result<Vec<u8>, KeyError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    STANDARD.decode(compact).map_err(|_| KeyError::Base64)
}

impl PrivateKey {
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let text = text.trim();
        let key = if text.starts_with("-----BEGIN RSA PRIVATE KEY-----") {
            RsaPrivateKey::from_pkcs1_pem(text).map_err(|_| KeyError::Pem)?
        } else if text.starts_with("-----BEGIN") {
            RsaPrivateKey::from_pkcs8_pem(text).map_err(|_| KeyError::Pem)?
        } else {
            let der = bare_der(text)?;
            RsaPrivateKey::from_pkcs8_der(&der)
                .or_else(|_| RsaPrivateKey::from_pkcs1_der(&der))
                .map_err(|_| KeyError::Der)?
        };
        Ok(Self(key))
    }

    /// A fresh 2048-bit key: for tests, the contract stand-in and a
    /// development set-up (a real merchant key comes from Alipay's key tool).
    pub fn generate() -> Result<Self, KeyError> {
        RsaPrivateKey::new(&mut OsRng, BITS)
            .map(Self)
            .map_err(|_| KeyError::Generate)
    }

    /// PKCS#8 PEM, for writing a generated key into settings; wiped on drop.
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>, KeyError> {
        self.0
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|_| KeyError::Generate)
    }

    /// The matching public key: what the merchant uploads to Alipay, and
    /// what the contract stand-in verifies our requests with.
    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.0.to_public_key())
    }
}

impl PublicKey {
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let text = text.trim();
        let key = if text.starts_with("-----BEGIN RSA PUBLIC KEY-----") {
            RsaPublicKey::from_pkcs1_pem(text).map_err(|_| KeyError::Pem)?
        } else if text.starts_with("-----BEGIN") {
            RsaPublicKey::from_public_key_pem(text).map_err(|_| KeyError::Pem)?
        } else {
            let der = bare_der(text)?;
            RsaPublicKey::from_public_key_der(&der)
                .or_else(|_| RsaPublicKey::from_pkcs1_der(&der))
                .map_err(|_| KeyError::Der)?
        };
        Ok(Self(key))
    }
}

impl PublicKey {
    /// The bare base64 SPKI form Alipay's console shows and accepts.
    pub fn to_base64(&self) -> Result<String, KeyError> {
        let der = self.0.to_public_key_der().map_err(|_| KeyError::Generate)?;
        Ok(STANDARD.encode(der.as_bytes()))
    }
}

impl From<RsaPublicKey> for PublicKey {
    fn from(key: RsaPublicKey) -> Self {
        Self(key)
    }
}

impl From<RsaPrivateKey> for PrivateKey {
    fn from(key: RsaPrivateKey) -> Self {
        Self(key)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_keys::MERCHANT;
    use super::*;
    use rsa::pkcs1::{EncodeRsaPrivateKey, EncodeRsaPublicKey};

    fn bare(pem: &str) -> String {
        pem.lines()
            .filter(|line| !line.starts_with("-----"))
            .collect()
    }

    #[test]
    fn a_private_key_reads_from_pkcs8_pkcs1_and_bare_base64() {
        let key = &MERCHANT.0;
        let pkcs8 = key.to_pkcs8_pem(LineEnding::LF).expect("pkcs8");
        let pkcs1 = key.to_pkcs1_pem(LineEnding::CRLF).expect("pkcs1");
        for text in [
            pkcs8.to_string(),
            pkcs1.to_string(),
            bare(&pkcs8),
            bare(&pkcs1),
        ] {
            let parsed = PrivateKey::parse(&text).expect("parses");
            assert_eq!(&parsed.0, key);
        }
    }

    #[test]
    fn a_public_key_reads_from_spki_pkcs1_and_bare_base64() {
        let key = MERCHANT.0.to_public_key();
        let spki = key.to_public_key_pem(LineEnding::LF).expect("spki");
        let pkcs1 = key.to_pkcs1_pem(LineEnding::LF).expect("pkcs1");
        let shown = MERCHANT.public_key().to_base64().expect("base64");
        // Alipay's console wraps nothing, but a pasted key may carry breaks.
        let wrapped = format!("{}\n {}\n", &shown[..64], &shown[64..]);
        let bare_spki = bare(&spki);
        for text in [spki, pkcs1, bare_spki, shown, wrapped] {
            assert_eq!(PublicKey::parse(&text).expect("parses").0, key);
        }
    }

    #[test]
    fn garbage_is_refused_without_repeating_it() {
        assert_eq!(
            PrivateKey::parse("not a key!").err(),
            Some(KeyError::Base64)
        );
        assert_eq!(PrivateKey::parse("AAAA").err(), Some(KeyError::Der));
        let broken = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----";
        assert_eq!(PrivateKey::parse(broken).err(), Some(KeyError::Pem));
        assert_eq!(PublicKey::parse("AAAA").err(), Some(KeyError::Der));
    }

    #[test]
    fn debug_output_never_shows_the_private_key() {
        let shown = format!("{:?}", *MERCHANT);
        assert_eq!(shown, "PrivateKey(<redacted>)");
    }
}
