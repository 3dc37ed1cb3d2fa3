//! The click captcha, on SQLite + in-process bus and on PostgreSQL + Redis.

use crate::support::stacks;
use bounty::domain::AppError;
use bounty::server::captcha;

fn code(result: Result<(), AppError>) -> String {
    match result {
        Ok(()) => "ok".into(),
        Err(AppError::Invalid(fields)) => fields[0].code.clone(),
        Err(other) => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn clicking_the_glyphs_in_order_passes_once() {
    for stack in stacks().await {
        let state = &stack.state;
        let challenge = captcha::issue(state, None).await.expect("issue");
        assert_eq!(challenge.glyphs.len(), 4);
        let png = captcha::picture(state, &challenge.id)
            .await
            .expect("picture");
        assert!(png.starts_with(b"\x89PNG"), "{}", stack.name);
        let points = captcha::reveal(state, &challenge.id).await.expect("reveal");
        let near: Vec<_> = points.iter().map(|(x, y)| (x + 10.0, y - 10.0)).collect();
        assert_eq!(
            code(captcha::verify(state, &challenge.id, &near, None).await),
            "ok",
            "{}",
            stack.name
        );
        assert_eq!(
            code(captcha::verify(state, &challenge.id, &near, None).await),
            "captcha_expired",
            "{}: reused",
            stack.name
        );
        assert!(
            captcha::picture(state, &challenge.id).await.is_err(),
            "picture gone too"
        );
    }
}

#[tokio::test]
async fn the_right_glyphs_in_the_wrong_order_fail_and_burn_the_challenge() {
    for stack in stacks().await {
        let state = &stack.state;
        let challenge = captcha::issue(state, None).await.expect("issue");
        let mut points = captcha::reveal(state, &challenge.id).await.expect("reveal");
        points.swap(0, 1);
        assert_eq!(
            code(captcha::verify(state, &challenge.id, &points, None).await),
            "captcha_wrong"
        );
        points.swap(0, 1);
        assert_eq!(
            code(captcha::verify(state, &challenge.id, &points, None).await),
            "captcha_expired",
            "{}",
            stack.name
        );
    }
}

#[tokio::test]
async fn clicks_beyond_the_tolerance_or_too_few_fail() {
    for stack in stacks().await {
        let state = &stack.state;
        let far = captcha::issue(state, None).await.expect("issue");
        let points = captcha::reveal(state, &far.id).await.expect("reveal");
        let off: Vec<_> = points
            .iter()
            .map(|(x, y)| (x + captcha::TOLERANCE + 1.0, *y))
            .collect();
        assert_eq!(
            code(captcha::verify(state, &far.id, &off, None).await),
            "captcha_wrong",
            "{}",
            stack.name
        );

        let short = captcha::issue(state, None).await.expect("issue");
        let points = captcha::reveal(state, &short.id).await.expect("reveal");
        assert_eq!(
            code(captcha::verify(state, &short.id, &points[..3], None).await),
            "captcha_wrong"
        );
    }
}

#[tokio::test]
async fn an_unknown_or_absurd_challenge_id_is_expired_not_a_fault() {
    for stack in stacks().await {
        let state = &stack.state;
        assert_eq!(
            code(captcha::verify(state, "no-such-id", &[(1.0, 1.0)], None).await),
            "captcha_expired"
        );
        let huge = "x".repeat(10_000);
        assert_eq!(
            code(captcha::verify(state, &huge, &[], None).await),
            "captcha_expired",
            "{}",
            stack.name
        );
        assert_eq!(
            captcha::picture(state, &huge).await.expect_err("absent"),
            AppError::NotFound
        );
    }
}
