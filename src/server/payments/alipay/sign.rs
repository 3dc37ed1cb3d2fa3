//! RSA2 signatures of the Alipay Open Platform: SHA256withRSA (PKCS#1 v1.5)
//! over the content `super::content` builds, as UTF-8 bytes, carried base64 in
//! `sign` (<https://opendocs.alipay.com/common/02kf5q>; notifications:
//! <https://opendocs.alipay.com/open/270/105902>, "将签名参数（sign）使用 base64
//! 解码为字节码串 ... 使用 RSA 的验签方法 ... 及支付宝公钥验证签名").
//!
//! Invariants: only RSA2 is accepted, by exact name as the official SDK
//! compares it, so a notification claiming `sign_type=RSA` (SHA1) is refused
//! rather than verified with a weaker hash; content is UTF-8 (we always send
//! `charset=utf-8`); a signature must be exactly as long as the modulus;
//! signing blinds the private-key operation (RUSTSEC-2023-0071 is about its
//! timing).

use super::content::{SIGN, SIGN_TYPE, notification_content, request_content, single};
use super::keys::{PrivateKey, PublicKey};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::rand_core::OsRng;
use rsa::signature::{RandomizedSigner, SignatureEncoding, Verifier};
use rsa::traits::PublicKeyParts as _;
use sha2::Sha256;

/// SHA256withRSA in Alipay's naming.
pub const RSA2: &str = "RSA2";

/// Why a signature could not be made or was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AlipaySignError {
    #[error("a parameter is given twice")]
    DuplicateParameter,
    #[error("no single `sign` parameter")]
    MissingSign,
    #[error("the sign_type is not RSA2")]
    UnsupportedSignType,
    #[error("the signature is not base64 of an RSA signature")]
    MalformedSignature,
    #[error("the signature does not match the parameters")]
    Mismatch,
    #[error("the content could not be signed")]
    Signing,
}

/// base64 SHA256withRSA of `content`.
pub fn sign_content(key: &PrivateKey, content: &str) -> Result<String, AlipaySignError> {
    let signature = SigningKey::<Sha256>::new(key.0.clone())
        .try_sign_with_rng(&mut OsRng, content.as_bytes())
        .map_err(|_| AlipaySignError::Signing)?;
    Ok(STANDARD.encode(signature.to_bytes()))
}

/// Checks base64 `sign` over `content`.
pub fn verify_content(key: &PublicKey, content: &str, sign: &str) -> Result<(), AlipaySignError> {
    let bytes = STANDARD
        .decode(sign)
        .map_err(|_| AlipaySignError::MalformedSignature)?;
    // A PKCS#1 v1.5 signature is exactly as long as the modulus.
    if bytes.len() != key.0.size() {
        return Err(AlipaySignError::MalformedSignature);
    }
    let signature =
        Signature::try_from(bytes.as_slice()).map_err(|_| AlipaySignError::MalformedSignature)?;
    VerifyingKey::<Sha256>::new(key.0.clone())
        .verify(content.as_bytes(), &signature)
        .map_err(|_| AlipaySignError::Mismatch)
}

/// The `sign` to add to a request whose other parameters are `params`;
/// `sign_type=RSA2` must be among them, since the signature covers it.
pub fn sign_request(key: &PrivateKey, params: &[(&str, &str)]) -> Result<String, AlipaySignError> {
    if single(params, SIGN_TYPE) != Some(RSA2) {
        return Err(AlipaySignError::UnsupportedSignType);
    }
    sign_content(key, &request_content(params)?)
}

/// The `sign` Alipay would add to a notification: for the contract stand-in.
pub fn sign_notification(
    key: &PrivateKey,
    params: &[(&str, &str)],
) -> Result<String, AlipaySignError> {
    sign_content(key, &notification_content(params)?)
}

/// Verifies a request as Alipay's gateway does: for the contract stand-in.
pub fn verify_request(key: &PublicKey, params: &[(&str, &str)]) -> Result<(), AlipaySignError> {
    let sign = single(params, SIGN).ok_or(AlipaySignError::MissingSign)?;
    if single(params, SIGN_TYPE) != Some(RSA2) {
        return Err(AlipaySignError::UnsupportedSignType);
    }
    verify_content(key, &request_content(params)?, sign)
}

/// Verifies an asynchronous notification (form parameters, URL-decoded).
pub fn verify_notification(
    key: &PublicKey,
    params: &[(&str, &str)],
) -> Result<(), AlipaySignError> {
    let sign = single(params, SIGN).ok_or(AlipaySignError::MissingSign)?;
    // Not covered by the signature, but a claim of another algorithm is a
    // misconfiguration or a downgrade attempt either way.
    if single(params, SIGN_TYPE).is_some_and(|kind| kind != RSA2) {
        return Err(AlipaySignError::UnsupportedSignType);
    }
    verify_content(key, &notification_content(params)?, sign)
}

#[cfg(test)]
mod tests {
    use super::super::content::{SIGN, SIGN_TYPE};
    use super::super::test_keys::{ALIPAY, MERCHANT};
    use super::*;

    fn notification() -> Vec<(&'static str, &'static str)> {
        vec![
            ("trade_status", "TRADE_SUCCESS"),
            ("out_trade_no", "intent-1"),
            ("total_amount", "12.30"),
            ("subject", "充值 top-up"),
            ("app_id", "2021000000000000"),
        ]
    }

    fn signed(mut params: Vec<(&'static str, &'static str)>) -> Vec<(String, String)> {
        let sign = sign_notification(&ALIPAY, &params).expect("sign");
        params.push((SIGN_TYPE, RSA2));
        let mut owned: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        owned.push((SIGN.to_owned(), sign));
        owned
    }

    fn borrowed(params: &[(String, String)]) -> Vec<(&str, &str)> {
        params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn a_signed_request_verifies_with_the_merchants_public_key() {
        let mut params = vec![("app_id", "1"), ("sign_type", RSA2), ("method", "m")];
        let sign = sign_request(&MERCHANT, &params).expect("sign");
        params.push((SIGN, &sign));
        assert_eq!(verify_request(&MERCHANT.public_key(), &params), Ok(()));
        assert_eq!(
            verify_request(&ALIPAY.public_key(), &params),
            Err(AlipaySignError::Mismatch)
        );
    }

    #[test]
    fn a_request_without_sign_type_rsa2_is_not_signed() {
        for params in [
            vec![("app_id", "1")],
            vec![("app_id", "1"), (SIGN_TYPE, "RSA")],
        ] {
            assert_eq!(
                sign_request(&MERCHANT, &params),
                Err(AlipaySignError::UnsupportedSignType)
            );
        }
    }

    #[test]
    fn a_signed_notification_verifies_in_any_parameter_order() {
        let mut params = signed(notification());
        let alipay = ALIPAY.public_key();
        assert_eq!(verify_notification(&alipay, &borrowed(&params)), Ok(()));
        params.reverse();
        assert_eq!(verify_notification(&alipay, &borrowed(&params)), Ok(()));
    }

    #[test]
    fn a_notification_without_sign_or_with_another_algorithm_is_refused() {
        let alipay = ALIPAY.public_key();
        let params = signed(notification());
        let mut pairs = borrowed(&params);
        let rsa1: Vec<_> = pairs
            .iter()
            .map(|&(k, v)| if k == SIGN_TYPE { (k, "RSA") } else { (k, v) })
            .collect();
        assert_eq!(
            verify_notification(&alipay, &rsa1),
            Err(AlipaySignError::UnsupportedSignType)
        );
        pairs.retain(|(k, _)| *k != SIGN);
        assert_eq!(
            verify_notification(&alipay, &pairs),
            Err(AlipaySignError::MissingSign)
        );
    }

    #[test]
    fn a_signature_that_is_not_base64_of_modulus_length_is_malformed_not_a_panic() {
        let alipay = ALIPAY.public_key();
        for sign in ["***", "", "AAAA"] {
            assert_eq!(
                verify_content(&alipay, "a=1", sign),
                Err(AlipaySignError::MalformedSignature),
                "{sign:?}"
            );
        }
    }
}
