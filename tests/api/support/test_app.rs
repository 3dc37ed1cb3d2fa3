//! A real server on a loopback port, with its own data dir, SQLite database
//! and in-process bus; one method per endpoint.

use bounty::server::config::Settings;
use bounty::server::state::AppState;
use bounty::server::{http, shutdown};
use leptos::config::LeptosOptions;
use std::time::Duration;
use tokio::sync::oneshot;

pub struct TestApp {
    pub address: String,
    pub state: AppState,
    pub client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    _data_dir: tempfile::TempDir,
}

impl TestApp {
    /// Starts the full application with default settings.
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// Starts the full application after `adjust` has changed the settings.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = format!("http://{}", listener.local_addr().expect("address"));
        let mut settings = Settings::default();
        settings.server.data_dir = data_dir.path().to_path_buf();
        // Browsers name this origin; the cross-site check compares with it.
        settings.server.public_url = address.clone();
        adjust(&mut settings);
        let options = LeptosOptions::builder()
            .output_name("bounty")
            .site_root("target/site")
            .build();
        let state = AppState::start(settings, options)
            .await
            .expect("app starts");
        let router = http::router(state.clone(), bounty::app::shell, bounty::app::App);
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(shutdown::serve_until(
            listener,
            router,
            async move {
                let _ = stopped.await;
            },
            Duration::from_secs(5),
        ));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        TestApp {
            address,
            state,
            client,
            stop: Some(stop),
            server: Some(server),
            _data_dir: data_dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// GET with an `Accept-Language` and optional `Cookie` header.
    pub async fn get_page(
        &self,
        path: &str,
        language: &str,
        cookie: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .get(self.url(path))
            .header("accept-language", language);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.expect("GET page")
    }

    pub async fn healthz(&self) -> reqwest::Response {
        self.get("/healthz").await
    }

    /// `POST /lang` with a form body.
    pub async fn switch_language(&self, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url("/lang"))
            .form(form)
            .send()
            .await
            .expect("POST /lang")
    }

    /// Stops the server gracefully and waits for it.
    pub async fn stop(mut self) {
        self.state.realtime.close_all();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.expect("server task").expect("server ran");
        }
        self.state.close().await;
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
