//! The gateway's server-to-server side: a POST of
//! `application/x-www-form-urlencoded` parameters is checked as the gateway
//! checks it (公共请求参数 with their documented values, `timestamp` within
//! ten minutes, the RSA2 signature valid for the merchant's public key,
//! `biz_content` JSON), handed to the method (`trades`, `transfers`), and
//! answered as `{"<method, dots as underscores>_response": {...}, "sign":
//! "..."}` with the signature over the node's exact text
//! (<https://opendocs.alipay.com/common/02mse7>). The node is written with
//! `/` escaped as `\/`, as Alipay's JSON writer does, so only a reader that
//! verifies the text as it stands (not a re-serialisation) succeeds.
//! Refusals of the request itself (40001 / 40002 `isv.*`) go unsigned.

use super::values::check_timestamp;
use super::{ALIPAY, APP_ID, AlipayStandIn, HANG, MERCHANT, Next};
use axum::body::{Body, Bytes};
use axum::http::header::CONTENT_TYPE;
use axum::response::Response;
use bounty::server::payments::alipay::keys::PrivateKey;
use bounty::server::payments::alipay::sign::{sign_content, verify_request};
use serde_json::{Map, Value, json};
use std::collections::HashMap;

/// What an answer carries: `code`, `msg` and the method's fields.
pub type Node = Map<String, Value>;

/// 公共请求参数 every call carries besides `sign`, with their fixed values.
const COMMON: [(&str, Option<&str>); 8] = [
    ("app_id", Some(APP_ID)),
    ("method", None),
    ("format", Some("JSON")),
    ("charset", Some("utf-8")),
    ("sign_type", Some("RSA2")),
    ("timestamp", None),
    ("version", Some("1.0")),
    ("biz_content", None),
];

/// The methods this gateway serves.
const METHODS: [&str; 5] = [
    "alipay.trade.query",
    "alipay.trade.refund",
    "alipay.trade.fastpay.refund.query",
    "alipay.fund.trans.uni.transfer",
    "alipay.fund.trans.common.query",
];

/// `code` 10000 with `fields`.
pub fn success(fields: Value) -> Node {
    let mut node = Node::new();
    node.insert("code".into(), "10000".into());
    node.insert("msg".into(), "Success".into());
    if let Value::Object(fields) = fields {
        node.extend(fields);
    }
    node
}

/// An error answer with the documented `msg` of its `code` (公共错误码).
pub fn error(code: &str, sub_code: &str, sub_msg: &str) -> Node {
    let msg = match code {
        "20000" => "Service Currently Unavailable",
        "40001" => "Missing Required Arguments",
        "40002" => "Invalid Arguments",
        "40004" => "Business Failed",
        _ => "Unknown Error",
    };
    let node = json!({ "code": code, "msg": msg, "sub_code": sub_code, "sub_msg": sub_msg });
    node.as_object().cloned().unwrap_or_default()
}

/// A business parameter that is missing or wrong: loud in the test's
/// output, and refused as Alipay refuses one.
pub fn invalid(sub_code: &str, what: &str) -> Node {
    eprintln!("Alipay stand-in refuses biz_content: {what}");
    error("40004", sub_code, &format!("参数有误 {what}"))
}

/// Who signs an answer.
enum Signer {
    Alipay,
    Nobody,
    Key(&'static PrivateKey),
    /// Alipay signs, then the text changes from the first to the second.
    Tampered(&'static str, &'static str),
}

impl AlipayStandIn {
    pub(super) async fn answer(&self, body: &[u8]) -> Response {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
        let method = pairs
            .iter()
            .find(|(name, _)| name == "method")
            .map(|(_, value)| value.clone())
            .unwrap_or_default();
        let node_name = if METHODS.contains(&method.as_str()) {
            format!("{}_response", method.replace('.', "_"))
        } else {
            "error_response".to_owned()
        };
        let biz = match check_call(&pairs, &method) {
            Ok(biz) => biz,
            Err(refusal) => return written(&node_name, &refusal, Signer::Nobody),
        };
        let next = {
            let mut inner = self.inner.lock().expect("lock");
            inner.calls.push(method.clone());
            inner.next.take()
        };
        let node = match &next {
            Some(Next::Error(code, sub_code) | Next::Unsigned(code, sub_code)) => {
                error(code, sub_code, "stand-in")
            }
            Some(Next::TransferStatus(status)) => self.work(&method, &biz, Some(*status)),
            _ => self.work(&method, &biz, None),
        };
        match next {
            Some(Next::Hang) => {
                tokio::time::sleep(HANG).await;
                written(&node_name, &node, Signer::Alipay)
            }
            Some(Next::Cut) => cut(),
            Some(Next::Unsigned(..)) => written(&node_name, &node, Signer::Nobody),
            Some(Next::Forged) => written(&node_name, &node, Signer::Key(&MERCHANT)),
            Some(Next::Tampered) => written(
                &node_name,
                &node,
                Signer::Tampered("WAIT_BUYER_PAY", "TRADE_SUCCESS"),
            ),
            _ => written(&node_name, &node, Signer::Alipay),
        }
    }

    fn work(&self, method: &str, biz: &Value, transfer_status: Option<&str>) -> Node {
        match method {
            "alipay.trade.query" => self.trade_query(biz),
            "alipay.trade.refund" => self.trade_refund(biz),
            "alipay.trade.fastpay.refund.query" => self.refund_query(biz),
            "alipay.fund.trans.uni.transfer" => self.uni_transfer(biz, transfer_status),
            _ => self.transfer_query(biz),
        }
    }
}

/// The request's `biz_content`, or the gateway's refusal of the request.
fn check_call(pairs: &[(String, String)], method: &str) -> Result<Value, Node> {
    let params: HashMap<&str, &str> = pairs
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    if params.len() != pairs.len() {
        return Err(error("40002", "isv.invalid-parameter", "参数重复"));
    }
    for (name, fixed) in COMMON.iter().chain(&[("sign", None)]) {
        let dashed = name.replace('_', "-");
        match (params.get(name), fixed) {
            (None, _) => return Err(error("40001", &format!("isv.missing-{dashed}"), name)),
            (Some(value), Some(fixed)) if value != fixed => {
                return Err(error("40002", &format!("isv.invalid-{dashed}"), value));
            }
            _ => {}
        }
    }
    if !METHODS.contains(&method) {
        return Err(error("40002", "isv.invalid-method", method));
    }
    if let Err(problem) = check_timestamp(params["timestamp"]) {
        return Err(error("40002", "isv.invalid-timestamp", &problem));
    }
    let borrowed: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    if let Err(problem) = verify_request(&MERCHANT.public_key(), &borrowed) {
        return Err(error(
            "40002",
            "isv.invalid-signature",
            &problem.to_string(),
        ));
    }
    serde_json::from_str(params["biz_content"])
        .map_err(|_| error("40002", "isv.invalid-parameter", "biz_content"))
}

/// The answer's body, signed by `signer`.
fn written(node_name: &str, node: &Node, signer: Signer) -> Response {
    // Alipay escapes `/` in its JSON; slashes only occur inside strings.
    let text = Value::Object(node.clone()).to_string().replace('/', "\\/");
    let sign = match signer {
        Signer::Alipay | Signer::Tampered(..) => Some(sign_content(&ALIPAY, &text)),
        Signer::Key(key) => Some(sign_content(key, &text)),
        Signer::Nobody => None,
    };
    let text = match signer {
        Signer::Tampered(from, to) => text.replace(from, to),
        _ => text,
    };
    let body = match sign {
        Some(sign) => {
            let sign = sign.expect("sign").replace('/', "\\/");
            format!("{{\"{node_name}\":{text},\"sign\":\"{sign}\"}}")
        }
        None => format!("{{\"{node_name}\":{text}}}"),
    };
    Response::builder()
        .header(CONTENT_TYPE, "text/html;charset=utf-8")
        .body(Body::from(body))
        .expect("response")
}

/// Headers, then the connection is cut before any of the body.
fn cut() -> Response {
    let failing = futures::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("cut by the stand-in"))
    });
    Response::builder()
        .header(CONTENT_TYPE, "text/html;charset=utf-8")
        .body(Body::from_stream(failing))
        .expect("response")
}
