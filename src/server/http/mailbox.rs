//! `GET /dev/mailbox`: the outbox as a page, so a developer (or a browser
//! test) can read the codes the server mailed. Added to the router only in
//! development mode with the outbox mailer; it does not exist otherwise.

use crate::server::mail::Outbox;
use crate::server::state::AppState;
use axum::extract::State;
use axum::response::Html;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub async fn mailbox(State(state): State<AppState>) -> Html<String> {
    let outbox = Outbox::new(state.settings.server.data_dir.join("outbox"));
    let messages = outbox.list().await.unwrap_or_default();
    let items: String = messages
        .iter()
        .rev()
        .map(|stored| {
            format!(
                "<article><h2>{}</h2><p>To: <span class=\"to\">{}</span></p><pre>{}</pre></article>",
                escape(&stored.message.subject),
                escape(&stored.message.to),
                escape(&stored.message.text)
            )
        })
        .collect();
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Mailbox (development)</title></head><body style=\"font-family:sans-serif;max-width:40rem;margin:2rem auto\">\
         <h1>Mailbox (development)</h1><p>{} message(s), newest first.</p>{items}</body></html>",
        messages.len()
    ))
}
