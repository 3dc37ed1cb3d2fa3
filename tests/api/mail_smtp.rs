//! Mail through a real SMTP server on loopback (`support::smtp`).

use crate::support::smtp;
use bounty::domain::Locale;
use bounty::server::mail::{Mailer, SmtpMailer, templates};
use std::time::Duration;

#[tokio::test]
async fn a_registration_code_goes_out_over_smtp_with_text_and_html_parts() {
    let Some(sink) = smtp::start() else { return };
    let mailer = SmtpMailer::new(
        &format!("smtp://127.0.0.1:{}", sink.port),
        "Bounty <no-reply@bounty.test>",
    )
    .expect("mailer");
    let message = templates::registration_code("reader@example.com", Locale::En, "482913");
    mailer
        .send(&message, "<m1@bounty.test>")
        .await
        .expect("sent");

    let text = sink
        .next_message(Duration::from_secs(5))
        .expect("a message arrives");
    assert!(
        text.contains("Subject: Your Bounty registration code"),
        "{text}"
    );
    assert!(text.contains("To: reader@example.com"), "{text}");
    assert!(text.contains("Message-ID: <m1@bounty.test>"), "{text}");
    assert!(
        text.contains("From: Bounty <no-reply@bounty.test>"),
        "{text}"
    );
    assert!(text.contains("multipart/alternative"), "{text}");
    assert!(
        text.contains("text/plain") && text.contains("text/html"),
        "{text}"
    );
    assert!(
        text.contains("482913"),
        "the code is in the message: {text}"
    );
}
