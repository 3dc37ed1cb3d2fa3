//! Reviews and reputations on both backends: the parties of a done order
//! rate each other once, edit within 7 days, nobody else can; a profile's
//! reputation averages the ratings and counts how its publisher secured
//! and paid rewards (confirming, or left to the automatic release).

use crate::support::money::{answer, conflict, funded_submission, key};
use crate::support::orders::{draft, user};
use crate::support::stacks::stacks;
use bounty::domain::{AppError, FieldError};
use bounty::server::auth::now_millis;
use bounty::server::services::money::{confirm, release};
use bounty::server::services::orders::{lifecycle, open, publish, submit};
use bounty::server::services::reviews;

#[tokio::test]
async fn the_parties_of_a_done_order_rate_each_other_once_and_edit_for_a_week() {
    for stack in stacks().await {
        let state = &stack.state;
        let (publisher, taker, id) = funded_submission(state, "Rated").await;
        let stranger = user(state, "Rating Stranger").await;
        assert_eq!(
            reviews::write(state, &publisher, id, 5, "early").await,
            Err(conflict("wrong_state")),
            "{}: not before it is done",
            stack.name
        );
        confirm::confirm(state, &publisher, id, &key())
            .await
            .expect("confirm");
        assert_eq!(
            reviews::write(state, &stranger, id, 1, "spite").await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            reviews::write(state, &publisher, id, 6, "").await,
            Err(AppError::Invalid(vec![FieldError::new(
                "rating", "invalid"
            )]))
        );
        reviews::write(state, &publisher, id, 3, "Slow but right.")
            .await
            .expect("publisher reviews");
        reviews::write(state, &publisher, id, 4, "Right, and fast enough.")
            .await
            .expect("and edits");
        reviews::write(state, &taker, id, 5, "Paid at once.")
            .await
            .expect("solver reviews");

        let seen = reviews::of_order(state, &taker, id)
            .await
            .expect("reviews")
            .expect("a party");
        let theirs = seen.theirs.expect("the publisher's review");
        assert_eq!(
            (theirs.rating, theirs.comment.as_str()),
            (4, "Right, and fast enough.")
        );
        assert!(theirs.by_publisher);
        assert!(seen.may_write);
        assert_eq!(
            reviews::of_order(state, &stranger, id).await.expect("none"),
            None
        );

        // A week later the review is fixed.
        sqlx::query("UPDATE reviews SET created_at = $1 WHERE order_id = $2")
            .bind(now_millis() - 8 * 24 * 3600 * 1000)
            .bind(id)
            .execute(state.db.pool())
            .await
            .expect("age");
        assert_eq!(
            reviews::write(state, &taker, id, 1, "changed my mind").await,
            Err(conflict("review_locked")),
            "{}",
            stack.name
        );
        let seen = reviews::of_order(state, &taker, id)
            .await
            .expect("reviews")
            .expect("a party");
        assert!(!seen.may_write);

        let solver = reviews::reputation(state, taker.id)
            .await
            .expect("reputation");
        assert_eq!((solver.average_tenths, solver.review_count), (Some(40), 1));
        let payer = reviews::reputation(state, publisher.id)
            .await
            .expect("reputation");
        assert_eq!((payer.average_tenths, payer.review_count), (Some(50), 1));
        assert_eq!(
            (
                payer.published,
                payer.secured,
                payer.paid,
                payer.paid_by_confirming
            ),
            (1, 1, 1, 1),
            "{}",
            stack.name
        );
        assert_eq!(
            reviews::reputation(state, taker.id + 10_000)
                .await
                .map(|_| ()),
            Err(AppError::NotFound)
        );
    }
}

#[tokio::test]
async fn a_publishers_record_tells_confirming_from_the_automatic_release() {
    for stack in stacks().await {
        let state = &stack.state;
        let (publisher, taker, id) = funded_submission(state, "Waited").await;
        open::open_solution(state, &publisher, id)
            .await
            .expect("opens it, and never answers");
        let week_later = now_millis() + 8 * 24 * 3600 * 1000;
        assert_eq!(
            release::release_due(state, week_later).await.expect("pass"),
            1
        );
        let unfunded = publish::publish(state, &publisher, &draft("Never secured"))
            .await
            .expect("publish");
        lifecycle::take(state, &taker, unfunded)
            .await
            .expect("take");
        submit::submit(state, &taker, unfunded, &answer("done"))
            .await
            .expect("submit");
        let record = reviews::reputation(state, publisher.id)
            .await
            .expect("reputation");
        assert_eq!(
            (
                record.published,
                record.secured,
                record.paid,
                record.paid_by_confirming
            ),
            (2, 1, 1, 0),
            "{}",
            stack.name
        );
        assert_eq!(record.average_tenths, None);
    }
}
