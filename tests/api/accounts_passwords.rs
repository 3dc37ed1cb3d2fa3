//! Forgotten and changed passwords, on SQLite + in-process bus and on
//! PostgreSQL + Redis.

use crate::support::stacks::{Stack, stacks};
use bounty::domain::{AppError, FieldError, Locale};
use bounty::server::services::{passwords, sessions};

async fn registered(stack: &Stack, email: &str) -> i64 {
    stack.register(email, "old-pass-1", "Linus").await
}

async fn login(stack: &Stack, email: &str, password: &str) -> Result<sessions::SignedIn, AppError> {
    sessions::login(&stack.state, email, password.into(), None).await
}

async fn is_live(stack: &Stack, token: &str) -> bool {
    sessions::authenticate(&stack.state, token)
        .await
        .expect("auth")
        .is_some()
}

#[tokio::test]
async fn a_mailed_code_sets_a_new_password_and_signs_out_everywhere() {
    for stack in stacks().await {
        registered(&stack, "reset@example.com").await;
        let old_session = login(&stack, "reset@example.com", "old-pass-1")
            .await
            .expect("login")
            .token;
        passwords::request_reset(&stack.state, "Reset@Example.com", Locale::En)
            .await
            .expect("request");
        let code = stack
            .last_code_sent_to("reset@example.com")
            .await
            .expect("code");
        passwords::reset(
            &stack.state,
            "reset@example.com",
            &code,
            "new-pass-2".into(),
        )
        .await
        .expect("reset");
        assert!(
            !is_live(&stack, &old_session).await,
            "{}: old sessions end",
            stack.name
        );
        assert!(
            login(&stack, "reset@example.com", "old-pass-1")
                .await
                .is_err(),
            "{}",
            stack.name
        );
        assert!(
            login(&stack, "reset@example.com", "new-pass-2")
                .await
                .is_ok(),
            "{}",
            stack.name
        );
    }
}

#[tokio::test]
async fn an_unknown_address_gets_the_same_answer_and_its_mailbox_learns_why() {
    for stack in stacks().await {
        let answer = passwords::request_reset(&stack.state, "ghost@example.com", Locale::En).await;
        assert_eq!(answer, Ok(()), "{}", stack.name);
        assert_eq!(stack.messages_to("ghost@example.com").await, 1);
        assert_eq!(
            stack.last_code_sent_to("ghost@example.com").await,
            None,
            "no code for no account"
        );
    }
}

#[tokio::test]
async fn a_reset_code_is_single_use_and_checks_the_new_password_rule() {
    for stack in stacks().await {
        registered(&stack, "rule@example.com").await;
        passwords::request_reset(&stack.state, "rule@example.com", Locale::En)
            .await
            .expect("request");
        let code = stack
            .last_code_sent_to("rule@example.com")
            .await
            .expect("code");
        let weak = passwords::reset(&stack.state, "rule@example.com", &code, "short".into()).await;
        assert_eq!(
            weak,
            Err(AppError::Invalid(vec![FieldError::new(
                "password",
                "password_too_short"
            )]))
        );
        passwords::reset(&stack.state, "rule@example.com", &code, "new-pass-2".into())
            .await
            .expect("reset");
        let again = passwords::reset(
            &stack.state,
            "rule@example.com",
            &code,
            "other-pass-3".into(),
        )
        .await;
        assert_eq!(
            again,
            Err(AppError::invalid("code", "code_expired")),
            "{}",
            stack.name
        );
    }
}

#[tokio::test]
async fn reset_requests_are_limited_to_one_a_minute_whether_or_not_the_account_exists() {
    for stack in stacks().await {
        registered(&stack, "known-limit@example.com").await;
        for email in ["known-limit@example.com", "unknown-limit@example.com"] {
            passwords::request_reset(&stack.state, email, Locale::En)
                .await
                .expect("first");
            let second = passwords::request_reset(&stack.state, email, Locale::En).await;
            assert!(
                matches!(second, Err(AppError::RateLimited { .. })),
                "{}: {email}",
                stack.name
            );
        }
    }
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_other_sessions() {
    for stack in stacks().await {
        let id = registered(&stack, "change@example.com").await;
        let here = login(&stack, "change@example.com", "old-pass-1")
            .await
            .expect("here")
            .token;
        let elsewhere = login(&stack, "change@example.com", "old-pass-1")
            .await
            .expect("elsewhere")
            .token;
        let session = sessions::authenticate(&stack.state, &here)
            .await
            .expect("auth")
            .expect("live")
            .session_id;

        let wrong = passwords::change(
            &stack.state,
            id,
            &session,
            "guess-123".into(),
            "new-pass-2".into(),
        )
        .await;
        assert_eq!(
            wrong,
            Err(AppError::invalid("current_password", "wrong_password")),
            "{}",
            stack.name
        );

        passwords::change(
            &stack.state,
            id,
            &session,
            "old-pass-1".into(),
            "new-pass-2".into(),
        )
        .await
        .expect("changed");
        assert!(
            is_live(&stack, &here).await,
            "{}: this session stays",
            stack.name
        );
        assert!(
            !is_live(&stack, &elsewhere).await,
            "{}: others end",
            stack.name
        );
        assert!(
            login(&stack, "change@example.com", "new-pass-2")
                .await
                .is_ok()
        );
    }
}
