//! Presence per connection, on the in-process bus and on Redis.

use crate::support::backends::SHORT_TTL;
use crate::support::buses;
use std::time::Duration;

const LONG: Duration = Duration::from_secs(60);

#[tokio::test]
async fn a_user_is_online_while_any_connection_is_live() {
    for test_bus in buses().await {
        let presence = &test_bus.bus.presence;
        assert!(!presence.is_online("u1").await.expect("check"));
        presence.touch("u1", "tab-a", LONG).await.expect("touch");
        presence.touch("u1", "tab-b", LONG).await.expect("touch");
        presence.leave("u1", "tab-a").await.expect("leave");
        assert!(
            presence.is_online("u1").await.expect("check"),
            "{}: tab-b is open",
            test_bus.name
        );
        presence.leave("u1", "tab-b").await.expect("leave");
        assert!(
            !presence.is_online("u1").await.expect("check"),
            "{}",
            test_bus.name
        );
    }
}

#[tokio::test]
async fn a_connection_that_stops_heartbeating_lapses() {
    for test_bus in buses().await {
        let presence = &test_bus.bus.presence;
        presence.touch("u2", "tab", SHORT_TTL).await.expect("touch");
        assert!(presence.is_online("u2").await.expect("check"));
        tokio::time::sleep(SHORT_TTL * 2).await;
        assert!(
            !presence.is_online("u2").await.expect("check"),
            "{}",
            test_bus.name
        );
    }
}

#[tokio::test]
async fn presence_of_one_user_says_nothing_about_another() {
    for test_bus in buses().await {
        let presence = &test_bus.bus.presence;
        presence.touch("u3", "tab", LONG).await.expect("touch");
        assert!(
            !presence.is_online("u4").await.expect("check"),
            "{}",
            test_bus.name
        );
    }
}
