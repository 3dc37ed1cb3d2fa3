//! Reading a gateway answer as Alipay's 同步验签 says
//! (<https://opendocs.alipay.com/common/02mse7>): the body is
//! `{"<method>_response": {...}, "sign": "..."}` and the RSA2 signature,
//! made with Alipay's private key, covers the `<method>_response` value
//! exactly as its characters stand in the body: with Alipay's spacing, its
//! `\uXXXX` and `\/` escapes and its raw 中文, not a re-serialisation.
//! serde_json's `RawValue` hands us that slice untouched.
//!
//! Invariants: nothing in a node is read before its signature verifies
//! (`verified` is the only way to a `Reply`); a body naming a member twice
//! is refused, so the text verified is the text read; an unsigned answer
//! (Alipay leaves some error answers unsigned) is `Unsigned`, never trusted.

use super::keys::PublicKey;
use super::sign::{AlipaySignError, verify_content};
use super::wire_gateway::{CODE, ERROR_RESPONSE, SIGN, SUB_CODE, response_node};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// Why an answer is not trusted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResponseError {
    #[error("the answer is not a JSON object")]
    NotJson,
    #[error("the answer names a member twice")]
    DuplicateMember,
    #[error("the answer has no node for this method")]
    NoNode,
    #[error("the answer is not signed (code {code:?}, sub_code {sub_code:?})")]
    Unsigned { code: String, sub_code: String },
    #[error("the answer's signature: {0}")]
    Sign(#[from] AlipaySignError),
}

/// The node and its signature, as they stand in the body.
#[derive(Debug, PartialEq, Eq)]
pub struct Signed<'a> {
    /// The node's exact text: what the signature covers.
    pub content: &'a str,
    /// `sign`, JSON-unescaped; `None` when absent.
    pub sign: Option<String>,
}

/// The top-level members of a body in order, values untouched.
struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> Visitor<'de> for Visit {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry::<String, &'de RawValue>()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(Visit)
    }
}

/// The node answering `method` (or the gateway's `error_response`) and the
/// signature beside it, unverified.
pub fn split<'a>(body: &'a str, method: &str) -> Result<Signed<'a>, ResponseError> {
    let Members(members) = serde_json::from_str(body).map_err(|_| ResponseError::NotJson)?;
    let mut names: Vec<&str> = members.iter().map(|(name, _)| name.as_str()).collect();
    names.sort_unstable();
    if names.windows(2).any(|pair| pair[0] == pair[1]) {
        return Err(ResponseError::DuplicateMember);
    }
    let member = |name: &str| {
        members
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| *value)
    };
    let node = member(&response_node(method))
        .or_else(|| member(ERROR_RESPONSE))
        .ok_or(ResponseError::NoNode)?;
    let sign = match member(SIGN) {
        Some(raw) => Some(
            serde_json::from_str::<String>(raw.get())
                .map_err(|_| AlipaySignError::MalformedSignature)?,
        ),
        None => None,
    };
    Ok(Signed {
        content: node.get(),
        sign,
    })
}

/// A node Alipay signed: its word.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply(Map<String, Value>);

impl Reply {
    /// A string field; absent, empty or not a string are all `None`.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .and_then(Value::as_str)
            .filter(|text| !text.is_empty())
    }

    pub fn code(&self) -> &str {
        self.text(CODE).unwrap_or_default()
    }

    pub fn sub_code(&self) -> &str {
        self.text(SUB_CODE).unwrap_or_default()
    }
}

/// The verified node answering `method`.
pub fn verified(key: &PublicKey, body: &str, method: &str) -> Result<Reply, ResponseError> {
    let signed = split(body, method)?;
    let node: Map<String, Value> =
        serde_json::from_str(signed.content).map_err(|_| ResponseError::NotJson)?;
    let Some(sign) = signed.sign.filter(|sign| !sign.is_empty()) else {
        // Read only to say in the log what went unsigned.
        let field = |name: &str| node.get(name).and_then(Value::as_str).unwrap_or_default();
        return Err(ResponseError::Unsigned {
            code: field(CODE).to_owned(),
            sub_code: field(SUB_CODE).to_owned(),
        });
    };
    verify_content(key, signed.content, &sign)?;
    Ok(Reply(node))
}

#[cfg(test)]
mod tests {
    use super::super::sign::sign_content;
    use super::super::test_keys::ALIPAY;
    use super::*;

    const METHOD: &str = "alipay.trade.query";

    #[test]
    fn the_node_is_cut_out_exactly_as_written_with_escapes_and_chinese() {
        let node = r#"{ "code":"10000","msg":"Success","subject":"充值\u4e2d\/\"x\"" ,"n":1.50 }"#;
        let body =
            format!("{{\"alipay_trade_query_response\" :  {node}\n, \"sign\":\"ab\\/c+=\"}}");
        let signed = split(&body, METHOD).expect("split");
        assert_eq!(signed.content, node);
        assert_eq!(signed.sign.as_deref(), Some("ab/c+="));
    }

    #[test]
    fn the_sign_may_come_first_and_other_members_are_ignored() {
        let body =
            r#"{"sign":"s","alipay_cert_sn":"x","alipay_trade_query_response":{"a":"中文"}}"#;
        let signed = split(body, METHOD).expect("split");
        assert_eq!(signed.content, r#"{"a":"中文"}"#);
    }

    #[test]
    fn a_gateway_error_answers_in_error_response() {
        let body = r#"{"error_response":{"code":"40002","sub_code":"isv.invalid-method"}}"#;
        let signed = split(body, METHOD).expect("split");
        assert_eq!(signed.sign, None);
        assert!(signed.content.contains("isv.invalid-method"));
    }

    #[test]
    fn bodies_that_are_no_answer_are_refused() {
        let twice = r#"{"alipay_trade_query_response":{},"alipay_trade_query_response":{}}"#;
        assert_eq!(split(twice, METHOD), Err(ResponseError::DuplicateMember));
        assert_eq!(split("[]", METHOD), Err(ResponseError::NotJson));
        assert_eq!(split("<html>", METHOD), Err(ResponseError::NotJson));
        assert_eq!(
            split(r#"{"other_response":{}}"#, METHOD),
            Err(ResponseError::NoNode)
        );
    }

    /// A body as Alipay writes it: the node signed with Alipay's key.
    fn body(node: &str, key_sign: Option<String>) -> String {
        let sign = key_sign.unwrap_or_else(|| sign_content(&ALIPAY, node).expect("sign"));
        format!("{{\"alipay_trade_query_response\":{node},\"sign\":\"{sign}\"}}")
    }

    #[test]
    fn a_signed_node_verifies_over_its_exact_text() {
        let node = r#"{"code":"10000","msg":"Success","subject":"\u5145\u503c 充值","trade_status":"TRADE_SUCCESS"}"#;
        let reply = verified(&ALIPAY.public_key(), &body(node, None), METHOD).expect("verified");
        assert_eq!(reply.code(), "10000");
        assert_eq!(reply.text("subject"), Some("充值 充值"));
        assert_eq!(reply.text("trade_status"), Some("TRADE_SUCCESS"));
        assert_eq!(reply.text("missing"), None);
    }

    #[test]
    fn the_same_node_respelled_does_not_verify() {
        let node = r#"{"code":"10000","subject":"\u5145"}"#;
        let sign = sign_content(&ALIPAY, node).expect("sign");
        // Equal as JSON, another text: Alipay signed the text.
        let respelled = r#"{"code":"10000","subject":"充"}"#;
        assert_eq!(
            verified(&ALIPAY.public_key(), &body(respelled, Some(sign)), METHOD),
            Err(ResponseError::Sign(AlipaySignError::Mismatch))
        );
    }

    #[test]
    fn an_unsigned_or_forged_answer_is_not_trusted() {
        let alipay = ALIPAY.public_key();
        let unsigned =
            r#"{"alipay_trade_query_response":{"code":"40004","sub_code":"ACQ.TRADE_NOT_EXIST"}}"#;
        assert_eq!(
            verified(&alipay, unsigned, METHOD),
            Err(ResponseError::Unsigned {
                code: "40004".into(),
                sub_code: "ACQ.TRADE_NOT_EXIST".into()
            })
        );
        let node = r#"{"code":"10000","trade_status":"TRADE_SUCCESS"}"#;
        let other = sign_content(&super::super::test_keys::MERCHANT, node).expect("sign");
        assert_eq!(
            verified(&alipay, &body(node, Some(other)), METHOD),
            Err(ResponseError::Sign(AlipaySignError::Mismatch))
        );
        let tampered = body(node, None).replace("TRADE_SUCCESS", "TRADE_FINISHED");
        assert_eq!(
            verified(&alipay, &tampered, METHOD),
            Err(ResponseError::Sign(AlipaySignError::Mismatch))
        );
    }
}
