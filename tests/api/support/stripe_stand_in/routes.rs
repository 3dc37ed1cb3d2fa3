//! The stand-in's one handler: records the request, applies the test's
//! behaviour to creations, checks the key as Stripe does, and hands the
//! request to the sessions or the refunds.

use super::shapes::error;
use super::{Behaviour, Inner, Recorded, SECRET_KEY, refunds, sessions};
use axum::body::Bytes;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use std::sync::{Arc, Mutex};

pub(super) async fn answer(
    inner: Arc<Mutex<Inner>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    let query = uri.query().unwrap_or("").as_bytes();
    let recorded = Recorded {
        method: method.to_string(),
        path: uri.path().to_owned(),
        query: form_urlencoded::parse(query).into_owned().collect(),
        authorization: header("authorization"),
        idempotency_key: header("idempotency-key"),
        content_type: header("content-type"),
        form: form_urlencoded::parse(&body).into_owned().collect(),
    };
    let behaviour = {
        let mut inner = inner.lock().expect("lock");
        inner.requests.push(recorded.clone());
        let behaviour = inner.behaviour.clone().unwrap_or(Behaviour::Normal);
        let creation = recorded.method == "POST";
        if creation && matches!(behaviour, Behaviour::HangOnce) {
            inner.behaviour = None;
        }
        if creation {
            behaviour
        } else {
            Behaviour::Normal
        }
    };
    let path = recorded.path.as_str();
    let known = path == "/v1/checkout/sessions"
        || path.starts_with("/v1/checkout/sessions/")
        || path == "/v1/refunds";
    if !known {
        return error(
            404,
            "invalid_request_error",
            "resource_missing",
            "Unrecognized request URL",
        );
    }
    if recorded.authorization.as_deref() != Some(&format!("Bearer {SECRET_KEY}")) {
        return error(
            401,
            "invalid_request_error",
            "api_key_invalid",
            "Invalid API Key provided",
        );
    }
    if let Behaviour::Error(status, kind, code) = behaviour {
        return error(status, kind, code, "refused by the stand-in");
    }
    let hang = matches!(behaviour, Behaviour::HangOnce);
    match (recorded.method.as_str(), path) {
        ("POST", "/v1/checkout/sessions") => {
            if hang {
                tokio::time::sleep(std::time::Duration::from_secs(30)).await;
            }
            sessions::create(&inner, &recorded)
        }
        ("GET", "/v1/checkout/sessions") => sessions::list_all(&inner, &recorded),
        ("GET", _) if path != "/v1/refunds" => sessions::retrieve(&inner, path),
        ("POST", "/v1/refunds") => {
            let made = refunds::create(&inner, &recorded);
            if hang {
                tokio::time::sleep(std::time::Duration::from_secs(30)).await;
            }
            made
        }
        ("GET", "/v1/refunds") => refunds::list_all(&inner, &recorded),
        _ => error(
            404,
            "invalid_request_error",
            "resource_missing",
            "Unrecognized request URL",
        ),
    }
}
