//! Keys with expiry, on the in-process bus and on Redis.

use crate::support::backends::SHORT_TTL;
use crate::support::buses;
use std::time::Duration;

const LONG: Duration = Duration::from_secs(60);

#[tokio::test]
async fn a_stored_key_reads_back_until_it_expires() {
    for test_bus in buses().await {
        let keys = &test_bus.bus.keys;
        keys.put("captcha:1", b"answer".to_vec(), SHORT_TTL)
            .await
            .expect("put");
        assert_eq!(
            keys.get("captcha:1").await.expect("get"),
            Some(b"answer".to_vec()),
            "{}",
            test_bus.name
        );
        tokio::time::sleep(SHORT_TTL * 2).await;
        assert_eq!(
            keys.get("captcha:1").await.expect("get"),
            None,
            "{}",
            test_bus.name
        );
    }
}

#[tokio::test]
async fn take_hands_a_value_to_exactly_one_of_many_concurrent_callers() {
    for test_bus in buses().await {
        let keys = test_bus.bus.keys.clone();
        keys.put("code:once", b"123456".to_vec(), LONG)
            .await
            .expect("put");
        let takers = (0..20).map(|_| {
            let keys = keys.clone();
            tokio::spawn(async move { keys.take("code:once").await })
        });
        let mut winners = 0;
        for taker in takers.collect::<Vec<_>>() {
            if taker.await.expect("task").expect("take").is_some() {
                winners += 1;
            }
        }
        assert_eq!(winners, 1, "{}", test_bus.name);
    }
}

#[tokio::test]
async fn put_new_stores_only_when_absent() {
    for test_bus in buses().await {
        let keys = &test_bus.bus.keys;
        assert!(
            keys.put_new("idem:a", b"1".to_vec(), LONG)
                .await
                .expect("first")
        );
        assert!(
            !keys
                .put_new("idem:a", b"2".to_vec(), LONG)
                .await
                .expect("second")
        );
        assert_eq!(
            keys.get("idem:a").await.expect("get"),
            Some(b"1".to_vec()),
            "{}",
            test_bus.name
        );
    }
}

#[tokio::test]
async fn put_new_succeeds_again_after_expiry() {
    for test_bus in buses().await {
        let keys = &test_bus.bus.keys;
        assert!(
            keys.put_new("idem:b", b"1".to_vec(), SHORT_TTL)
                .await
                .expect("first")
        );
        tokio::time::sleep(SHORT_TTL * 2).await;
        assert!(
            keys.put_new("idem:b", b"2".to_vec(), LONG)
                .await
                .expect("again"),
            "{}",
            test_bus.name
        );
    }
}

#[tokio::test]
async fn a_deleted_key_is_gone() {
    for test_bus in buses().await {
        let keys = &test_bus.bus.keys;
        keys.put("gone", b"x".to_vec(), LONG).await.expect("put");
        keys.delete("gone").await.expect("delete");
        assert_eq!(
            keys.take("gone").await.expect("take"),
            None,
            "{}",
            test_bus.name
        );
    }
}
