//! Signing in and out, sessions and their revocation, on SQLite +
//! in-process bus and on PostgreSQL + Redis.

use crate::support::stacks::{Stack, stacks};
use bounty::domain::{AppError, FieldError};
use bounty::server::services::sessions;
use std::net::{IpAddr, Ipv4Addr};

const IP: Option<IpAddr> = Some(IpAddr::V4(Ipv4Addr::LOCALHOST));

async fn registered(stack: &Stack, email: &str) -> i64 {
    stack.register(email, "s3cret-pass", "Grace").await
}

#[tokio::test]
async fn the_right_password_opens_a_session_the_token_authenticates() {
    for stack in stacks().await {
        let id = registered(&stack, "grace@example.com").await;
        let signed_in =
            sessions::login(&stack.state, " Grace@Example.com", "s3cret-pass".into(), IP)
                .await
                .expect("login");
        assert_eq!(signed_in.user.id, id);
        let who = sessions::authenticate(&stack.state, &signed_in.token)
            .await
            .expect("auth");
        assert_eq!(
            who.map(|w| w.user.nickname),
            Some("Grace".into()),
            "{}",
            stack.name
        );
    }
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_address_get_the_same_answer() {
    for stack in stacks().await {
        registered(&stack, "known@example.com").await;
        let wrong =
            sessions::login(&stack.state, "known@example.com", "wrong-pass1".into(), IP).await;
        let unknown =
            sessions::login(&stack.state, "nobody@example.com", "wrong-pass1".into(), IP).await;
        let expected =
            AppError::Invalid(vec![FieldError::new(FieldError::FORM, "wrong_credentials")]);
        assert_eq!(wrong.expect_err("wrong"), expected, "{}", stack.name);
        assert_eq!(unknown.expect_err("unknown"), expected, "{}", stack.name);
    }
}

#[tokio::test]
async fn a_guesser_is_stopped_on_an_account_from_their_address_with_a_retry_time() {
    for stack in stacks().await {
        registered(&stack, "target@example.com").await;
        let guesser = Some(IpAddr::V4(Ipv4Addr::new(203, 0, 113, 66)));
        for _ in 0..sessions::ATTEMPTS_PER_ACCOUNT {
            let _ = sessions::login(
                &stack.state,
                "target@example.com",
                "guess-1234".into(),
                guesser,
            )
            .await;
        }
        let error = sessions::login(
            &stack.state,
            "target@example.com",
            "s3cret-pass".into(),
            guesser,
        )
        .await
        .expect_err("stopped even with the right password, from the guesser's address");
        let AppError::RateLimited { retry_after_secs } = error else {
            panic!("{}: expected RateLimited, got {error:?}", stack.name);
        };
        assert!(
            retry_after_secs > 800 && retry_after_secs <= 900,
            "{retry_after_secs}"
        );
    }
}

#[tokio::test]
async fn the_owner_signs_in_from_their_own_address_while_a_guesser_is_stopped() {
    for stack in stacks().await {
        registered(&stack, "owner@example.com").await;
        let guesser = Some(IpAddr::V4(Ipv4Addr::new(203, 0, 113, 77)));
        let owner = Some(IpAddr::V4(Ipv4Addr::new(198, 51, 100, 5)));
        for _ in 0..sessions::ATTEMPTS_PER_ACCOUNT * 3 {
            let _ = sessions::login(
                &stack.state,
                "owner@example.com",
                "guess-1234".into(),
                guesser,
            )
            .await;
        }
        let stopped = sessions::login(
            &stack.state,
            "owner@example.com",
            "guess-5678".into(),
            guesser,
        )
        .await;
        assert!(
            matches!(stopped, Err(AppError::RateLimited { .. })),
            "{}: the guesser is stopped: {stopped:?}",
            stack.name
        );
        let signed_in = sessions::login(
            &stack.state,
            "owner@example.com",
            "s3cret-pass".into(),
            owner,
        )
        .await
        .expect("the owner still signs in");
        assert!(!signed_in.token.is_empty(), "{}", stack.name);
    }
}

#[tokio::test]
async fn failures_from_one_ip_across_accounts_are_rate_limited() {
    for stack in stacks().await {
        let ip = Some(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 9)));
        for n in 0..stack.state.settings.limits.sign_ins_per_ip {
            let _ = sessions::login(
                &stack.state,
                &format!("u{n}@example.com"),
                "guess-1234".into(),
                ip,
            )
            .await;
        }
        let error = sessions::login(&stack.state, "fresh@example.com", "guess-1234".into(), ip)
            .await
            .expect_err("limited");
        assert!(
            matches!(error, AppError::RateLimited { .. }),
            "{}: {error:?}",
            stack.name
        );
    }
}

#[tokio::test]
async fn logout_ends_that_session_at_once_and_only_that_one() {
    for stack in stacks().await {
        registered(&stack, "two-tabs@example.com").await;
        let login = || {
            sessions::login(
                &stack.state,
                "two-tabs@example.com",
                "s3cret-pass".into(),
                IP,
            )
        };
        let (first, second) = (
            login().await.expect("first"),
            login().await.expect("second"),
        );
        let who = sessions::authenticate(&stack.state, &first.token)
            .await
            .expect("auth")
            .expect("live");
        sessions::logout(&stack.state, who.user.id, &who.session_id)
            .await
            .expect("logout");
        assert!(
            sessions::authenticate(&stack.state, &first.token)
                .await
                .expect("auth")
                .is_none(),
            "{}",
            stack.name
        );
        assert!(
            sessions::authenticate(&stack.state, &second.token)
                .await
                .expect("auth")
                .is_some(),
            "{}",
            stack.name
        );
    }
}

#[tokio::test]
async fn logging_out_everywhere_ends_every_session() {
    for stack in stacks().await {
        let id = registered(&stack, "everywhere@example.com").await;
        let login = || {
            sessions::login(
                &stack.state,
                "everywhere@example.com",
                "s3cret-pass".into(),
                IP,
            )
        };
        let tokens = [
            login().await.expect("a").token,
            login().await.expect("b").token,
        ];
        assert_eq!(
            sessions::logout_everywhere(&stack.state, id)
                .await
                .expect("all"),
            2
        );
        for token in tokens {
            assert!(
                sessions::authenticate(&stack.state, &token)
                    .await
                    .expect("auth")
                    .is_none(),
                "{}",
                stack.name
            );
        }
    }
}

#[tokio::test]
async fn a_banned_user_is_signed_out_at_once_and_told_why_at_login() {
    for stack in stacks().await {
        let id = registered(&stack, "banned@example.com").await;
        let token = sessions::login(&stack.state, "banned@example.com", "s3cret-pass".into(), IP)
            .await
            .expect("login")
            .token;
        sqlx::query("UPDATE users SET banned_reason = 'spam' WHERE id = $1")
            .bind(id)
            .execute(stack.state.db.pool())
            .await
            .expect("ban");
        assert!(
            sessions::authenticate(&stack.state, &token)
                .await
                .expect("auth")
                .is_none(),
            "{}",
            stack.name
        );
        let error = sessions::login(&stack.state, "banned@example.com", "s3cret-pass".into(), IP)
            .await
            .expect_err("banned");
        assert_eq!(
            error,
            AppError::Banned {
                reason: "spam".into()
            }
        );
        assert_eq!(error.status_code(), 403);
    }
}

#[tokio::test]
async fn garbage_and_forged_tokens_authenticate_nobody() {
    for stack in stacks().await {
        for token in ["", "garbage", "a.b.c"] {
            assert!(
                sessions::authenticate(&stack.state, token)
                    .await
                    .expect("auth")
                    .is_none()
            );
        }
        let forged =
            bounty::server::auth::token::issue(b"not-the-servers-key-not-the-serv", 1, "sid", 0)
                .expect("sign");
        assert!(
            sessions::authenticate(&stack.state, &forged)
                .await
                .expect("auth")
                .is_none(),
            "{}",
            stack.name
        );
    }
}

#[tokio::test]
async fn missing_fields_are_field_errors() {
    for stack in stacks().await {
        let error = sessions::login(&stack.state, "", String::new(), IP)
            .await
            .expect_err("empty");
        let AppError::Invalid(fields) = error else {
            panic!("expected Invalid")
        };
        let names: Vec<_> = fields
            .iter()
            .map(|f| (f.field.as_str(), f.code.as_str()))
            .collect();
        assert_eq!(
            names,
            vec![("email", "required"), ("password", "required")],
            "{}",
            stack.name
        );
    }
}

#[tokio::test]
async fn an_active_user_gets_a_fresh_token_and_a_longer_session() {
    use bounty::server::auth::{now_millis, token};
    for stack in stacks().await {
        let id = registered(&stack, "active@example.com").await;
        let first = sessions::login(&stack.state, "active@example.com", "s3cret-pass".into(), IP)
            .await
            .expect("login");
        let session = sessions::authenticate(&stack.state, &first.token)
            .await
            .expect("auth")
            .expect("live");
        assert!(
            session.refreshed_token.is_none(),
            "a new token is not refreshed"
        );
        let key = stack.state.secrets.signing_key();
        let twenty_minutes_ago = now_millis() - 20 * 60 * 1000;
        let older = token::issue(key, id, &session.session_id, twenty_minutes_ago).expect("sign");
        let refreshed = sessions::authenticate(&stack.state, &older)
            .await
            .expect("auth")
            .expect("live");
        let fresh = refreshed.refreshed_token.expect("a fresh token");
        let claims = token::verify(key, &fresh).expect("valid");
        assert!(
            claims.iat * 1000 > twenty_minutes_ago + 60_000,
            "{}",
            stack.name
        );
    }
}
