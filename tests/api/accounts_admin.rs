//! Admins: listing, banning and unbanning users, and how admins are made,
//! on SQLite + in-process bus and on PostgreSQL + Redis.

use crate::support::stacks::{Stack, stacks};
use bounty::domain::{AppError, CurrentUser, Role};
use bounty::server::services::admin::{self, AdminCreated};
use bounty::server::services::sessions;

async fn registered(stack: &Stack, email: &str) -> CurrentUser {
    CurrentUser {
        id: stack.register(email, "s3cret-pass", "Someone").await,
        nickname: "Someone".into(),
        role: Role::User,
    }
}

async fn an_admin(stack: &Stack) -> CurrentUser {
    let created = admin::create_admin(
        &stack.state,
        "root@example.com",
        "Root",
        "admin-pass-1".into(),
    )
    .await
    .expect("admin");
    let AdminCreated::NewAccount(id) = created else {
        panic!("expected a new account")
    };
    CurrentUser {
        id,
        nickname: "Root".into(),
        role: Role::Admin,
    }
}

#[tokio::test]
async fn only_admins_may_list_ban_or_unban() {
    for stack in stacks().await {
        let user = registered(&stack, "plain@example.com").await;
        let other = registered(&stack, "other@example.com").await;
        assert_eq!(
            admin::list_users(&stack.state, &user, 1).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            admin::ban(&stack.state, &user, other.id, "spam").await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            admin::unban(&stack.state, &user, other.id).await,
            Err(AppError::Forbidden),
            "{}",
            stack.name
        );
    }
}

#[tokio::test]
async fn a_ban_signs_the_user_out_at_once_and_login_says_why_until_unbanned() {
    for stack in stacks().await {
        let root = an_admin(&stack).await;
        let target = registered(&stack, "target@example.com").await;
        let token = sessions::login(
            &stack.state,
            "target@example.com",
            "s3cret-pass".into(),
            None,
        )
        .await
        .expect("login")
        .token;
        admin::ban(&stack.state, &root, target.id, "  selling spam  ")
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
        let refused = sessions::login(
            &stack.state,
            "target@example.com",
            "s3cret-pass".into(),
            None,
        )
        .await;
        assert_eq!(
            refused.expect_err("banned"),
            AppError::Banned {
                reason: "selling spam".into()
            }
        );
        admin::unban(&stack.state, &root, target.id)
            .await
            .expect("unban");
        assert!(
            sessions::login(
                &stack.state,
                "target@example.com",
                "s3cret-pass".into(),
                None
            )
            .await
            .is_ok()
        );
    }
}

#[tokio::test]
async fn bans_need_a_reason_a_real_user_and_someone_else() {
    for stack in stacks().await {
        let root = an_admin(&stack).await;
        let target = registered(&stack, "t@example.com").await;
        assert!(matches!(
            admin::ban(&stack.state, &root, target.id, " ").await,
            Err(AppError::Invalid(_))
        ));
        let long = "x".repeat(201);
        assert!(matches!(
            admin::ban(&stack.state, &root, target.id, &long).await,
            Err(AppError::Invalid(_))
        ));
        assert_eq!(
            admin::ban(&stack.state, &root, 999_999, "spam").await,
            Err(AppError::NotFound)
        );
        assert_eq!(
            admin::ban(&stack.state, &root, root.id, "oops").await,
            Err(AppError::invalid("user", "cannot_ban_self")),
            "{}",
            stack.name
        );
    }
}

#[tokio::test]
async fn the_user_list_pages_newest_first() {
    for stack in stacks().await {
        let root = an_admin(&stack).await;
        registered(&stack, "first@example.com").await;
        registered(&stack, "second@example.com").await;
        let page = admin::list_users(&stack.state, &root, 1)
            .await
            .expect("list");
        assert_eq!(page.total, 3);
        assert_eq!(page.pages, 1);
        let emails: Vec<_> = page.users.iter().map(|u| u.email.as_str()).collect();
        assert_eq!(
            emails,
            vec![
                "second@example.com",
                "first@example.com",
                "root@example.com"
            ],
            "{}",
            stack.name
        );
        assert_eq!(page.users[2].role, Role::Admin);
    }
}

#[tokio::test]
async fn admin_create_promotes_an_existing_account_without_touching_its_password() {
    for stack in stacks().await {
        registered(&stack, "promote@example.com").await;
        let outcome = admin::create_admin(
            &stack.state,
            "Promote@example.com",
            "ignored",
            String::new(),
        )
        .await;
        assert_eq!(outcome, Ok(AdminCreated::Promoted), "{}", stack.name);
        let signed_in = sessions::login(
            &stack.state,
            "promote@example.com",
            "s3cret-pass".into(),
            None,
        )
        .await
        .expect("same password");
        assert_eq!(signed_in.user.role, Role::Admin);
    }
}

#[tokio::test]
async fn a_new_admin_account_needs_a_valid_password() {
    for stack in stacks().await {
        let outcome =
            admin::create_admin(&stack.state, "new@example.com", "Boss", "weak".into()).await;
        assert!(
            matches!(outcome, Err(AppError::Invalid(_))),
            "{}: {outcome:?}",
            stack.name
        );
    }
}
