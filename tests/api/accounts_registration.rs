//! Registration with mailed codes, on SQLite + in-process bus and on
//! PostgreSQL + Redis.

use crate::support::stacks;
use bounty::domain::{AppError, FieldError, Locale};
use bounty::server::services::registration::{self, Details};

fn details(email: &str) -> Details {
    Details {
        email: email.into(),
        password: "s3cret-pass".into(),
        nickname: "Ada".into(),
    }
}

fn field_codes(error: &AppError) -> Vec<(String, String)> {
    match error {
        AppError::Invalid(fields) => fields
            .iter()
            .map(|f| (f.field.clone(), f.code.clone()))
            .collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

async fn users_named(state: &bounty::server::state::AppState, email: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(state.db.pool())
        .await
        .expect("count")
}

#[tokio::test]
async fn a_mailed_code_completes_registration_with_a_normalised_address() {
    for stack in stacks().await {
        let state = &stack.state;
        registration::start(state, details("  Ada@Example.com "), Locale::En)
            .await
            .expect("start");
        assert_eq!(
            users_named(state, "ada@example.com").await,
            0,
            "{}: nothing before the code",
            stack.name
        );
        let code = stack
            .last_code_sent_to("ada@example.com")
            .await
            .expect("code mailed");
        let id = registration::complete(state, "ADA@example.com", &code)
            .await
            .expect("complete");
        assert!(id > 0);
        assert_eq!(
            users_named(state, "ada@example.com").await,
            1,
            "{}",
            stack.name
        );
    }
}

#[tokio::test]
async fn the_mail_is_in_the_chosen_language_with_text_and_html() {
    for stack in stacks().await {
        registration::start(&stack.state, details("zh@example.com"), Locale::ZhHans)
            .await
            .expect("start");
        let code = stack
            .last_code_sent_to("zh@example.com")
            .await
            .expect("code");
        assert_eq!(code.len(), 6, "{}", stack.name);
    }
}

#[tokio::test]
async fn every_bad_field_is_reported_at_once_and_nothing_is_sent() {
    for stack in stacks().await {
        let bad = Details {
            email: "not-an-address".into(),
            password: "short".into(),
            nickname: " ".into(),
        };
        let error = registration::start(&stack.state, bad, Locale::En)
            .await
            .expect_err("invalid");
        let mut codes = field_codes(&error);
        codes.sort();
        assert_eq!(
            codes,
            vec![
                ("email".into(), "invalid_email".into()),
                ("nickname".into(), "required".into()),
                ("password".into(), "password_too_short".into()),
            ],
            "{}",
            stack.name
        );
        assert_eq!(error.status_code(), 422);
        assert_eq!(stack.messages_to("not-an-address").await, 0);
    }
}

#[tokio::test]
async fn very_long_input_is_refused_not_stored() {
    for stack in stacks().await {
        let long = Details {
            email: format!("{}@example.com", "a".repeat(300)),
            password: format!("a1{}", "b".repeat(200)),
            nickname: "n".repeat(100),
        };
        let error = registration::start(&stack.state, long, Locale::En)
            .await
            .expect_err("too long");
        assert!(
            field_codes(&error)
                .iter()
                .all(|(_, code)| code == "too_long"),
            "{}: {error:?}",
            stack.name
        );
    }
}

#[tokio::test]
async fn a_wrong_code_is_refused_and_five_wrong_codes_burn_the_registration() {
    for stack in stacks().await {
        let state = &stack.state;
        registration::start(state, details("eve@example.com"), Locale::En)
            .await
            .expect("start");
        let code = stack
            .last_code_sent_to("eve@example.com")
            .await
            .expect("code");
        let wrong = if code == "000000" { "111111" } else { "000000" };
        for _ in 0..5 {
            let error = registration::complete(state, "eve@example.com", wrong)
                .await
                .expect_err("wrong");
            assert_eq!(
                field_codes(&error),
                vec![("code".into(), "code_wrong".into())],
                "{}",
                stack.name
            );
        }
        let error = registration::complete(state, "eve@example.com", &code)
            .await
            .expect_err("burnt");
        assert_eq!(
            field_codes(&error),
            vec![("code".into(), "code_attempts_exhausted".into())]
        );
        let again = registration::complete(state, "eve@example.com", &code)
            .await
            .expect_err("gone");
        assert_eq!(
            field_codes(&again),
            vec![("code".into(), "code_expired".into())]
        );
        assert_eq!(
            users_named(state, "eve@example.com").await,
            0,
            "{}",
            stack.name
        );
    }
}

#[tokio::test]
async fn a_code_works_once() {
    for stack in stacks().await {
        let state = &stack.state;
        registration::start(state, details("once@example.com"), Locale::En)
            .await
            .expect("start");
        let code = stack
            .last_code_sent_to("once@example.com")
            .await
            .expect("code");
        registration::complete(state, "once@example.com", &code)
            .await
            .expect("first use");
        let error = registration::complete(state, "once@example.com", &code)
            .await
            .expect_err("second use");
        assert_eq!(
            field_codes(&error),
            vec![("code".into(), "code_expired".into())],
            "{}",
            stack.name
        );
    }
}

#[tokio::test]
async fn a_code_for_another_address_does_not_work() {
    for stack in stacks().await {
        let state = &stack.state;
        registration::start(state, details("a@example.com"), Locale::En)
            .await
            .expect("start a");
        registration::start(state, details("b@example.com"), Locale::En)
            .await
            .expect("start b");
        let code_for_a = stack
            .last_code_sent_to("a@example.com")
            .await
            .expect("code");
        let code_for_b = stack
            .last_code_sent_to("b@example.com")
            .await
            .expect("code");
        if code_for_a != code_for_b {
            let error = registration::complete(state, "b@example.com", &code_for_a)
                .await
                .expect_err("cross");
            assert_eq!(
                field_codes(&error),
                vec![("code".into(), "code_wrong".into())],
                "{}",
                stack.name
            );
        }
    }
}

#[tokio::test]
async fn a_taken_address_is_refused_at_both_steps() {
    for stack in stacks().await {
        let state = &stack.state;
        registration::start(state, details("dup@example.com"), Locale::En)
            .await
            .expect("start");
        let code = stack
            .last_code_sent_to("dup@example.com")
            .await
            .expect("code");
        registration::complete(state, "dup@example.com", &code)
            .await
            .expect("registered");
        let error = registration::start(state, details("DUP@example.com"), Locale::En)
            .await
            .expect_err("taken");
        assert_eq!(
            field_codes(&error),
            vec![("email".into(), "email_taken".into())],
            "{}",
            stack.name
        );
    }
}

#[tokio::test]
async fn a_second_code_within_a_minute_is_rate_limited_with_a_retry_time() {
    for stack in stacks().await {
        let state = &stack.state;
        registration::start(state, details("fast@example.com"), Locale::En)
            .await
            .expect("first");
        let error = registration::start(state, details("fast@example.com"), Locale::En)
            .await
            .expect_err("limited");
        match error {
            AppError::RateLimited { retry_after_secs } => {
                assert!(
                    (1..=60).contains(&retry_after_secs),
                    "{}: {retry_after_secs}",
                    stack.name
                );
            }
            other => panic!("{}: expected RateLimited, got {other:?}", stack.name),
        }
        assert_eq!(stack.messages_to("fast@example.com").await, 1);
    }
}

#[tokio::test]
async fn a_malformed_code_is_a_field_error() {
    for stack in stacks().await {
        let error = registration::complete(&stack.state, "x@example.com", "12ab")
            .await
            .expect_err("bad");
        assert_eq!(
            error,
            AppError::Invalid(vec![FieldError::new("code", "invalid_code")])
        );
    }
}

#[tokio::test]
async fn an_address_gets_at_most_ten_codes_a_day() {
    use bounty::domain::Email;
    use bounty::server::services::mailed_code::{self, REGISTRATION};
    for stack in stacks().await {
        let email = Email::parse("daily@example.com").expect("email");
        for _ in 0..10 {
            mailed_code::check_send_limits(&stack.state, REGISTRATION, &email)
                .await
                .expect("within the day");
            // Skip the one-a-minute wait (the key is mailed_code's minute counter).
            let minute = "code:registration:sent-minute:daily@example.com";
            stack.state.bus.counters.reset(minute).await.expect("reset");
        }
        let eleventh = mailed_code::check_send_limits(&stack.state, REGISTRATION, &email).await;
        let Err(AppError::RateLimited { retry_after_secs }) = eleventh else {
            panic!("{}: expected RateLimited, got {eleventh:?}", stack.name);
        };
        assert!(retry_after_secs > 23 * 3600, "{retry_after_secs}");
    }
}

#[tokio::test]
async fn a_configured_admin_address_registers_as_an_admin() {
    use bounty::domain::Role;
    use bounty::server::services::{admin, sessions};
    for stack in stacks().await {
        let mut state = stack.state.clone();
        let mut settings = (*state.settings).clone();
        settings.accounts.admins = vec!["Chief@Example.com".into()];
        state.settings = std::sync::Arc::new(settings);
        registration::start(&state, details("chief@example.com"), Locale::En)
            .await
            .expect("start");
        let code = stack
            .last_code_sent_to("chief@example.com")
            .await
            .expect("code");
        registration::complete(&state, "chief@example.com", &code)
            .await
            .expect("complete");
        let signed_in = sessions::login(&state, "chief@example.com", "s3cret-pass".into(), None)
            .await
            .expect("login");
        assert_eq!(signed_in.user.role, Role::Admin, "{}", stack.name);
        // Start-up promotion finds the account too (and nothing else).
        assert_eq!(admin::promote_configured(&state).await.expect("promote"), 1);
    }
}
