//! Publish/subscribe, on the in-process bus and on Redis.

use crate::support::buses;
use bounty::server::bus::{BusEvent, Subscription};
use std::time::Duration;

async fn next_message(subscription: &mut Subscription) -> Option<Vec<u8>> {
    match tokio::time::timeout(Duration::from_secs(3), subscription.next()).await {
        Ok(Some(BusEvent::Message(payload))) => Some(payload),
        _ => None,
    }
}

#[tokio::test]
async fn every_subscriber_of_a_topic_receives_each_message_in_order() {
    for test_bus in buses().await {
        let pubsub = &test_bus.bus.pubsub;
        let mut first = pubsub.subscribe("chat:1").await.expect("subscribe");
        let mut second = pubsub.subscribe("chat:1").await.expect("subscribe");
        for n in 0..3u8 {
            pubsub.publish("chat:1", vec![n]).await.expect("publish");
        }
        for subscription in [&mut first, &mut second] {
            for n in 0..3u8 {
                assert_eq!(
                    next_message(subscription).await,
                    Some(vec![n]),
                    "{}",
                    test_bus.name
                );
            }
        }
    }
}

#[tokio::test]
async fn a_subscriber_receives_nothing_from_other_topics() {
    for test_bus in buses().await {
        let pubsub = &test_bus.bus.pubsub;
        let mut mine = pubsub.subscribe("chat:mine").await.expect("subscribe");
        pubsub
            .publish("chat:other", b"not for you".to_vec())
            .await
            .expect("publish");
        pubsub
            .publish("chat:mine", b"for you".to_vec())
            .await
            .expect("publish");
        assert_eq!(
            next_message(&mut mine).await,
            Some(b"for you".to_vec()),
            "{}",
            test_bus.name
        );
    }
}

#[tokio::test]
async fn resubscribing_after_the_last_subscriber_left_still_receives() {
    for test_bus in buses().await {
        let pubsub = &test_bus.bus.pubsub;
        drop(pubsub.subscribe("chat:again").await.expect("subscribe"));
        let mut again = pubsub.subscribe("chat:again").await.expect("subscribe");
        // Give a racing unsubscribe every chance to land first.
        tokio::time::sleep(Duration::from_millis(100)).await;
        pubsub
            .publish("chat:again", b"still here".to_vec())
            .await
            .expect("publish");
        assert_eq!(
            next_message(&mut again).await,
            Some(b"still here".to_vec()),
            "{}",
            test_bus.name
        );
    }
}

#[tokio::test]
async fn two_redis_instances_with_one_prefix_share_messages() {
    let Some(first) = buses().await.into_iter().find(|b| b.name == "redis") else {
        return; // Redis not running here (and not CI).
    };
    // A second instance: a separate connection, the same server and prefix.
    let url = std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let prefix = format!("bounty-shared-{}:", uuid::Uuid::new_v4().simple());
    let one = bounty::server::bus::Bus::redis(&url, &prefix)
        .await
        .expect("one");
    let two = bounty::server::bus::Bus::redis(&url, &prefix)
        .await
        .expect("two");
    let mut listening = two.pubsub.subscribe("chat:x").await.expect("subscribe");
    one.pubsub
        .publish("chat:x", b"across instances".to_vec())
        .await
        .expect("publish");
    assert_eq!(
        next_message(&mut listening).await,
        Some(b"across instances".to_vec())
    );
    drop(listening);
    one.close().await;
    two.close().await;
    drop(first);
}
