//! Rate-limit counters, on the in-process bus and on Redis.

use crate::support::backends::SHORT_TTL;
use crate::support::buses;
use std::time::Duration;

#[tokio::test]
async fn hits_count_up_within_a_window_and_report_when_it_resets() {
    for test_bus in buses().await {
        let counters = &test_bus.bus.counters;
        let window = Duration::from_secs(60);
        for expected in 1..=3 {
            let state = counters.hit("login:ip:1", window).await.expect("hit");
            assert_eq!(state.count, expected, "{}", test_bus.name);
            assert!(state.resets_in <= window && state.resets_in > Duration::from_secs(50));
        }
    }
}

#[tokio::test]
async fn a_new_window_starts_from_one() {
    for test_bus in buses().await {
        let counters = &test_bus.bus.counters;
        counters.hit("resend:a", SHORT_TTL).await.expect("hit");
        counters.hit("resend:a", SHORT_TTL).await.expect("hit");
        tokio::time::sleep(SHORT_TTL * 2).await;
        let state = counters.hit("resend:a", SHORT_TTL).await.expect("hit");
        assert_eq!(state.count, 1, "{}", test_bus.name);
    }
}

#[tokio::test]
async fn concurrent_hits_are_all_counted() {
    for test_bus in buses().await {
        let counters = test_bus.bus.counters.clone();
        let hits = (0..50).map(|_| {
            let counters = counters.clone();
            tokio::spawn(async move { counters.hit("burst", Duration::from_secs(60)).await })
        });
        let mut highest = 0;
        for hit in hits.collect::<Vec<_>>() {
            highest = highest.max(hit.await.expect("task").expect("hit").count);
        }
        assert_eq!(highest, 50, "{}", test_bus.name);
    }
}

#[tokio::test]
async fn reset_clears_a_counter() {
    for test_bus in buses().await {
        let counters = &test_bus.bus.counters;
        counters
            .hit("login:acct:9", Duration::from_secs(60))
            .await
            .expect("hit");
        counters.reset("login:acct:9").await.expect("reset");
        let state = counters
            .hit("login:acct:9", Duration::from_secs(60))
            .await
            .expect("hit");
        assert_eq!(state.count, 1, "{}", test_bus.name);
    }
}
