//! The client address behind reverse proxies: `X-Forwarded-For` counts only
//! from a peer in `server.trusted_proxies`; from anyone else it is ignored,
//! so a client cannot pick the address its sign-in limit is counted under.

use crate::support::TestApp;
use crate::support::browser::Browser;

/// `attempts` failed sign-ins, each from `forwarded_for(n)` with a fresh
/// captcha; returns the statuses.
async fn sign_in_attempts(
    app: &TestApp,
    attempts: usize,
    forwarded_for: impl Fn(usize) -> String,
) -> Vec<u16> {
    let mut statuses = Vec::new();
    for n in 0..attempts {
        let mut browser = Browser::on_site(app);
        browser.forwarded_for = Some(forwarded_for(n));
        let captcha = browser.solved_captcha().await;
        let response = browser
            .login_with(captcha, &format!("nobody{n}@example.com"), "guess-1234")
            .await;
        statuses.push(response.status().as_u16());
    }
    statuses
}

#[tokio::test]
async fn a_forged_x_forwarded_for_from_an_untrusted_peer_changes_nothing() {
    let app = TestApp::spawn_with(|settings| settings.limits.sign_ins_per_ip = 2).await;
    // Every attempt claims another address; all are counted against the
    // socket's, so the third is refused.
    let statuses = sign_in_attempts(&app, 3, |n| format!("203.0.113.{n}")).await;
    assert_eq!(statuses, vec![422, 422, 429]);
    app.stop().await;
}

#[tokio::test]
async fn a_trusted_proxy_names_the_client_each_limit_is_counted_for() {
    let app = TestApp::spawn_with(|settings| {
        settings.limits.sign_ins_per_ip = 2;
        settings.server.trusted_proxies = vec!["127.0.0.0/8".into()];
    })
    .await;
    // Three clients behind the proxy: one attempt each, none refused.
    let spread = sign_in_attempts(&app, 3, |n| format!("203.0.113.{n}")).await;
    assert_eq!(spread, vec![422, 422, 422]);
    // One client three times: its third attempt is refused.
    let one = sign_in_attempts(&app, 3, |_| "198.51.100.9".into()).await;
    assert_eq!(one, vec![422, 422, 429]);
    // A client cannot escape by prepending a forged hop: the proxy's own
    // (rightmost) hop is what counts.
    let forged = sign_in_attempts(&app, 1, |n| format!("10.9.9.{n}, 198.51.100.9")).await;
    assert_eq!(forged, vec![429]);
    app.stop().await;
}
