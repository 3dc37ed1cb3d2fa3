//! Making one cell's call through the real router, and judging its answer.
//!
//! Server functions are called as the browser's fetch calls them (form or
//! JSON body, no `Accept: text/html`), so a refusal is answered with its
//! own status rather than a redirect back to a form.

use super::scene::{Caller, Cast, Scene};
use super::table::Row;
use crate::support::TestApp;
use crate::support::money::signed_event;
use crate::support::orders::png_bytes;
use bounty::server::payments::EventKind;
use reqwest::Method;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// What a caller gets from an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Served: a 2xx, or a 3xx where the endpoint answers with a redirect.
    Ok,
    /// Served, but with nothing in it: 200 and a JSON `null` (not theirs to
    /// see, and not told whether it exists).
    Nil,
    /// Past the rights check: the call is the caller's to make, and the
    /// business rule answers (any status but 401, 403 and 5xx). For calls
    /// whose success needs what the matrix does not stage (a solved captcha,
    /// a mailed code) or that a rule refuses (taking one's own order).
    Rule,
    /// Refused with exactly this status.
    Status(u16),
}

pub const OK: Expect = Expect::Ok;
pub const NIL: Expect = Expect::Nil;
pub const RULE: Expect = Expect::Rule;
pub const E401: Expect = Expect::Status(401);
pub const E403: Expect = Expect::Status(403);
pub const E404: Expect = Expect::Status(404);

/// The body of a call.
pub enum Body {
    None,
    Form(Vec<(&'static str, String)>),
    Json(serde_json::Value),
    /// A multipart upload of a small PNG under this field name.
    Picture(&'static str),
    /// The sandbox provider's signed report that the scene's payment
    /// succeeded.
    SignedPayment,
    /// A WebSocket upgrade.
    WebSocket,
}

/// A cell's request: the route's own path unless `path` names a concrete
/// one (a route with `{id}` in it).
pub struct Request {
    pub path: Option<String>,
    pub body: Body,
}

pub fn form<const N: usize>(pairs: [(&'static str, String); N]) -> Request {
    Request {
        path: None,
        body: Body::Form(pairs.into()),
    }
}

pub fn json(value: serde_json::Value) -> Request {
    Request {
        path: None,
        body: Body::Json(value),
    }
}

pub fn plain() -> Request {
    Request {
        path: None,
        body: Body::None,
    }
}

pub fn at(path: String) -> Request {
    Request {
        path: Some(path),
        body: Body::None,
    }
}

pub fn with(body: Body) -> Request {
    Request { path: None, body }
}

/// What came back: the status and the body's text.
pub struct Answer {
    pub status: u16,
    pub body: String,
}

impl Expect {
    pub fn admits(self, answer: &Answer) -> bool {
        let status = answer.status;
        match self {
            Expect::Ok => status == 101 || (200..400).contains(&status),
            Expect::Nil => status == 200 && answer.body.trim() == "null",
            Expect::Rule => !matches!(status, 401 | 403) && status < 500,
            Expect::Status(wanted) => status == wanted,
        }
    }
}

/// Makes `row`'s call as `caller` in `scene`.
pub async fn make(app: &TestApp, row: &Row, cast: &Cast, caller: Caller, scene: &Scene) -> Answer {
    let request = (row.request)(scene);
    let (method, route) = row.route.split_once(' ').expect("METHOD /path");
    let path = request.path.unwrap_or_else(|| route.to_owned());
    let cookie = cast.cookie(app, caller).await;
    if let Body::WebSocket = request.body {
        return upgrade(app, &path, cookie.as_deref()).await;
    }
    let method = Method::from_bytes(method.as_bytes()).expect("method");
    let mut builder = app.client.request(method, app.url(&path));
    if let Some(cookie) = &cookie {
        builder = builder.header("cookie", cookie);
    }
    builder = match request.body {
        Body::None | Body::WebSocket => builder,
        Body::Form(pairs) => builder.form(&pairs),
        Body::Json(value) => builder.json(&value),
        Body::Picture(field) => {
            let part = reqwest::multipart::Part::bytes(png_bytes())
                .file_name("picture.png")
                .mime_str("image/png")
                .expect("mime");
            builder.multipart(reqwest::multipart::Form::new().part(field, part))
        }
        Body::SignedPayment => {
            let (signature, body) =
                signed_event(&app.state, EventKind::Succeeded, &scene.intent, 1_000);
            builder
                .header(bounty::server::payments::signature::HEADER, signature)
                .body(body)
        }
    };
    let response = builder.send().await.expect("request");
    let status = response.status().as_u16();
    Answer {
        status,
        body: response.text().await.unwrap_or_default(),
    }
}

/// A same-site upgrade of `path` with `cookie`: 101 when accepted (and the
/// server's hello read), else the status it was refused with.
async fn upgrade(app: &TestApp, path: &str, cookie: Option<&str>) -> Answer {
    let url = app.address.replacen("http://", "ws://", 1) + path;
    let mut request = url.into_client_request().expect("request");
    let headers = request.headers_mut();
    headers.insert("origin", app.address.parse().expect("origin"));
    if let Some(cookie) = cookie {
        headers.insert("cookie", cookie.parse().expect("cookie"));
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok((mut stream, response)) => {
            use futures::StreamExt;
            let hello = tokio::time::timeout(crate::support::ws::PATIENCE, stream.next()).await;
            let body = format!("{hello:?}");
            drop(stream);
            Answer {
                status: response.status().as_u16(),
                body,
            }
        }
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => Answer {
            status: response.status().as_u16(),
            body: String::new(),
        },
        Err(other) => panic!("upgrade of {path} failed: {other}"),
    }
}
