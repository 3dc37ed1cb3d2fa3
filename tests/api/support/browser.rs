//! A browser as the server sees one: its own cookies (kept from each
//! response), the `Origin` its pages send, and captchas solved the way a
//! person in that browser would (the answer read from the server's store).

use super::TestApp;
use bounty::server::captcha;
use reqwest::header::{COOKIE, SET_COOKIE};

pub struct Browser<'a> {
    app: &'a TestApp,
    cookies: Vec<(String, String)>,
    /// The `Origin` its requests carry (`None`: a client that is no page).
    pub origin: Option<String>,
    /// The client address a proxy in front would name, if any.
    pub forwarded_for: Option<String>,
}

impl<'a> Browser<'a> {
    /// A browser on one of the site's own pages.
    pub fn on_site(app: &'a TestApp) -> Self {
        Self {
            app,
            cookies: Vec::new(),
            origin: Some(app.address.clone()),
            forwarded_for: None,
        }
    }

    /// A browser showing another site's page.
    pub fn on_foreign_page(app: &'a TestApp) -> Self {
        Self {
            origin: Some("https://evil.example".into()),
            ..Self::on_site(app)
        }
    }

    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Puts a cookie in the jar, as signing in elsewhere would.
    pub fn set_cookie(&mut self, name: &str, value: &str) {
        self.cookies.retain(|(n, _)| n != name);
        self.cookies.push((name.to_owned(), value.to_owned()));
    }

    fn keep_cookies(&mut self, response: &reqwest::Response) {
        for header in response.headers().get_all(SET_COOKIE) {
            let Ok(text) = header.to_str() else { continue };
            let Some((name, rest)) = text.split_once('=') else {
                continue;
            };
            let value = rest.split(';').next().unwrap_or_default();
            self.cookies.retain(|(n, _)| n != name);
            if !value.is_empty() {
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let mut request = self.app.client.request(method, self.app.url(path));
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(n, v)| format!("{n}={v}"))
                .collect();
            request = request.header(COOKIE, jar.join("; "));
        }
        if let Some(origin) = &self.origin {
            request = request.header("origin", origin);
        }
        if let Some(client) = &self.forwarded_for {
            request = request.header("x-forwarded-for", client);
        }
        request
    }

    /// Sends `request` (built by `build` from this browser's request) and
    /// keeps the cookies it sets.
    pub async fn send(
        &mut self,
        method: reqwest::Method,
        path: &str,
        build: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
    ) -> reqwest::Response {
        let response = build(self.request(method, path))
            .send()
            .await
            .expect("request");
        self.keep_cookies(&response);
        response
    }

    pub async fn get(&mut self, path: &str) -> reqwest::Response {
        self.send(reqwest::Method::GET, path, |r| {
            r.header("accept", "text/html")
        })
        .await
    }

    pub async fn post_form(&mut self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let form: Vec<(String, String)> = form
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        self.send(reqwest::Method::POST, path, |r| r.form(&form))
            .await
    }

    /// Asks for a captcha in this browser and solves it: `(id, clicks)`.
    pub async fn solved_captcha(&mut self) -> (String, String) {
        let response = self.post_form("/api/captcha", &[]).await;
        assert_eq!(response.status(), 200, "captcha issued");
        let challenge: serde_json::Value = response.json().await.expect("json");
        let id = challenge["id"].as_str().expect("id").to_owned();
        let points = captcha::reveal(&self.app.state, &id).await.expect("live");
        let clicks: Vec<String> = points.iter().map(|(x, y)| format!("{x},{y}")).collect();
        (id, clicks.join(";"))
    }

    /// Signs in through `/api/account/login` with a captcha solved in
    /// `solver` (this browser itself, unless a test says otherwise).
    pub async fn login_with(
        &mut self,
        captcha: (String, String),
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        let (id, clicks) = captcha;
        self.post_form(
            "/api/account/login",
            &[
                ("email", email),
                ("password", password),
                ("captcha_id", &id),
                ("captcha_clicks", &clicks),
                ("next", "/"),
            ],
        )
        .await
    }
}
