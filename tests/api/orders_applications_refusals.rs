//! Every bad application and pick, on both databases: each is a clear 4xx
//! with a code the UI translates, and leaves nothing written.

use crate::support::applications::{
    LATER, applicants_order, form, order_state, pitch, status, told,
};
use crate::support::orders::{draft, user};
use crate::support::stacks::{stacks, stacks_with};
use bounty::domain::{AppError, FieldError};
use bounty::server::services::orders::{applications, lifecycle, publish};

fn conflict(code: &str) -> Result<(), AppError> {
    Err(AppError::Conflict(code.into()))
}

fn invalid(field: &str, code: &str) -> Result<(), AppError> {
    Err(AppError::Invalid(vec![FieldError::new(field, code)]))
}

#[tokio::test]
async fn applications_to_the_wrong_order_or_twice_are_refused() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Wrong Publisher").await;
        let applicant = user(state, "Wrong Applicant").await;
        let id = applicants_order(state, &publisher, false).await;
        assert_eq!(
            applications::apply(state, &publisher, id, &pitch("Me")).await,
            conflict("own_order")
        );
        let first = publish::publish(state, &publisher, &draft("First"))
            .await
            .expect("publish");
        assert_eq!(
            applications::apply(state, &applicant, first, &pitch("Me")).await,
            conflict("first_to_take"),
            "{}",
            stack.name
        );
        assert_eq!(
            applications::apply(state, &applicant, 999_999, &pitch("Me")).await,
            Err(AppError::NotFound)
        );
        applications::apply(state, &applicant, id, &pitch("Me"))
            .await
            .expect("apply");
        assert_eq!(
            applications::apply(state, &applicant, id, &pitch("Again")).await,
            conflict("already_applied")
        );
        assert_eq!(
            order_state(state, id).await,
            ("open".to_owned(), 1),
            "{}",
            stack.name
        );
        applications::pick(state, &publisher, id, applicant.id)
            .await
            .expect("pick");
        let late = user(state, "Wrong Late").await;
        assert_eq!(
            applications::apply(state, &late, id, &pitch("Me")).await,
            conflict("already_taken")
        );
        assert_eq!(status(state, id, late.id).await, None, "{}", stack.name);
        assert_eq!(
            applications::edit(state, &applicant, id, &pitch("Edit after")).await,
            conflict("not_applying"),
            "{}: the chosen application is closed",
            stack.name
        );
    }
}

#[tokio::test]
async fn bad_content_is_refused_field_by_field_and_nothing_is_written() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Content Publisher").await;
        let applicant = user(state, "Content Applicant").await;
        let fixed = applicants_order(state, &publisher, false).await;
        let negotiable = applicants_order(state, &publisher, true).await;
        let long = "x".repeat(1001);
        let cases = [
            (fixed, form("  ", "", LATER), invalid("pitch", "required")),
            (fixed, form(&long, "", LATER), invalid("pitch", "too_long")),
            (
                fixed,
                form("Me", "300", LATER),
                invalid("reward", "reward_fixed"),
            ),
            (
                negotiable,
                form("Me", "0", LATER),
                invalid("reward", "not_positive"),
            ),
            (
                negotiable,
                form("Me", "99999999", LATER),
                invalid("reward", "too_large"),
            ),
            (
                fixed,
                form("Me", "", "2000-01-01"),
                invalid("delivery", "in_past"),
            ),
            (fixed, form("Me", "", ""), invalid("delivery", "required")),
        ];
        for (id, bad, expected) in cases {
            assert_eq!(
                applications::apply(state, &applicant, id, &bad).await,
                expected,
                "{}: {bad:?}",
                stack.name
            );
        }
        assert_eq!(status(state, fixed, applicant.id).await, None);
        assert_eq!(status(state, negotiable, applicant.id).await, None);
        assert_eq!(order_state(state, fixed).await, ("open".to_owned(), 0));
        assert!(told(state, &publisher).await.is_empty(), "{}", stack.name);
        // An edit is held to the same rules and keeps what was there.
        applications::apply(state, &applicant, fixed, &pitch("Good"))
            .await
            .expect("apply");
        assert_eq!(
            applications::edit(state, &applicant, fixed, &form("", "", LATER)).await,
            invalid("pitch", "required")
        );
        let mine = applications::panel(state, Some(&applicant), fixed)
            .await
            .expect("panel");
        assert_eq!(
            mine.mine.map(|m| m.pitch).as_deref(),
            Some("Good"),
            "{}",
            stack.name
        );
    }
}

#[tokio::test]
async fn nobody_edits_or_withdraws_an_application_that_is_not_theirs() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Others Publisher").await;
        let applicant = user(state, "Others Applicant").await;
        let stranger = user(state, "Others Stranger").await;
        let id = applicants_order(state, &publisher, false).await;
        applications::apply(state, &applicant, id, &pitch("Mine"))
            .await
            .expect("apply");
        // Edits and withdrawals act on the caller's own application only:
        // a stranger (or the publisher) has none to change.
        for who in [&stranger, &publisher] {
            assert_eq!(
                applications::edit(state, who, id, &pitch("Hijack")).await,
                conflict("not_applying")
            );
            assert_eq!(
                applications::withdraw(state, who, id).await,
                conflict("not_applying")
            );
        }
        assert_eq!(
            status(state, id, applicant.id).await.as_deref(),
            Some("active"),
            "{}",
            stack.name
        );
        assert_eq!(order_state(state, id).await, ("open".to_owned(), 1));
        let listed = applications::panel(state, Some(&publisher), id)
            .await
            .expect("panel")
            .applicants;
        assert_eq!(listed[0].pitch, "Mine", "{}", stack.name);
    }
}

#[tokio::test]
async fn bad_picks_are_refused_and_leave_the_order_open() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Picks Publisher").await;
        let left = user(state, "Picks Withdrew").await;
        let banned = user(state, "Picks Banned").await;
        let good = user(state, "Picks Good").await;
        let stranger = user(state, "Picks Stranger").await;
        let id = applicants_order(state, &publisher, false).await;
        for who in [&left, &banned, &good] {
            applications::apply(state, who, id, &pitch("Me"))
                .await
                .expect("apply");
        }
        applications::withdraw(state, &left, id)
            .await
            .expect("withdraw");
        sqlx::query("UPDATE users SET banned_reason = 'spam' WHERE id = $1")
            .bind(banned.id)
            .execute(state.db.pool())
            .await
            .expect("ban");
        assert_eq!(
            applications::pick(state, &stranger, id, good.id).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            applications::pick(state, &good, id, good.id).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            applications::pick(state, &publisher, id, left.id).await,
            conflict("not_applying")
        );
        assert_eq!(
            applications::pick(state, &publisher, id, stranger.id).await,
            conflict("not_applying")
        );
        assert_eq!(
            applications::pick(state, &publisher, id, publisher.id).await,
            conflict("not_applying")
        );
        assert_eq!(
            applications::pick(state, &publisher, id, banned.id).await,
            conflict("applicant_banned")
        );
        assert_eq!(
            applications::pick(state, &publisher, 999_999, good.id).await,
            Err(AppError::NotFound)
        );
        // A banned applicant is not listed to the publisher.
        let listed = applications::panel(state, Some(&publisher), id)
            .await
            .expect("panel")
            .applicants;
        let ids: Vec<i64> = listed.iter().map(|a| a.applicant_id).collect();
        assert_eq!(ids, vec![good.id], "{}", stack.name);
        assert_eq!(
            order_state(state, id).await,
            ("open".to_owned(), 2),
            "{}",
            stack.name
        );
        assert_eq!(status(state, id, good.id).await.as_deref(), Some("active"));
        assert!(
            told(state, &good).await.is_empty(),
            "{}: nothing was told",
            stack.name
        );

        applications::pick(state, &publisher, id, good.id)
            .await
            .expect("pick");
        assert_eq!(
            applications::pick(state, &publisher, id, good.id).await,
            conflict("already_taken"),
            "{}: the order is no longer open",
            stack.name
        );
        // A first-to-take order has no applicants to pick.
        let first = publish::publish(state, &publisher, &draft("First"))
            .await
            .expect("publish");
        assert_eq!(
            applications::pick(state, &publisher, first, good.id).await,
            conflict("first_to_take")
        );
        lifecycle::take(state, &stranger, first)
            .await
            .expect("plain take still works");
    }
}

#[tokio::test]
async fn applications_over_the_limits_are_refused() {
    let small = |settings: &mut bounty::server::config::Settings| {
        settings.limits.applicants_per_order = 2;
        settings.rates.applications_per_user_per_day = 3;
    };
    for stack in stacks_with(small).await {
        let state = &stack.state;
        let publisher = user(state, "Limits Publisher").await;
        let id = applicants_order(state, &publisher, false).await;
        let first = user(state, "Limits One").await;
        let second = user(state, "Limits Two").await;
        let third = user(state, "Limits Three").await;
        applications::apply(state, &first, id, &pitch("1"))
            .await
            .expect("one");
        applications::apply(state, &second, id, &pitch("2"))
            .await
            .expect("two");
        assert_eq!(
            applications::apply(state, &third, id, &pitch("3")).await,
            conflict("applicants_full")
        );
        assert_eq!(status(state, id, third.id).await, None, "{}", stack.name);
        // A withdrawal frees a place.
        applications::withdraw(state, &second, id)
            .await
            .expect("withdraw");
        applications::apply(state, &third, id, &pitch("3"))
            .await
            .expect("three");
        assert_eq!(order_state(state, id).await, ("open".to_owned(), 2));

        // The per-user budget counts sends and edits: the first user has
        // spent one; two more edits, then the fourth write is refused.
        applications::edit(state, &first, id, &pitch("1b"))
            .await
            .expect("edit");
        applications::edit(state, &first, id, &pitch("1c"))
            .await
            .expect("edit");
        let refused = applications::edit(state, &first, id, &pitch("1d")).await;
        assert!(
            matches!(refused, Err(AppError::RateLimited { .. })),
            "{}: {refused:?}",
            stack.name
        );
        let mine = applications::panel(state, Some(&first), id)
            .await
            .expect("panel");
        assert_eq!(
            mine.mine.map(|m| m.pitch).as_deref(),
            Some("1c"),
            "{}",
            stack.name
        );
    }
}
