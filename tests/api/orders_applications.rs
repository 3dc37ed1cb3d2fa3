//! Applications, the second way to assign an order, on both databases:
//! applying, editing, withdrawing and applying again; the publisher's pick,
//! after which the chosen applicant holds the order exactly as a taker and
//! every applicant has been told; and the mode's own rules.

use crate::support::applications::{
    LATER, applicants_order, form, order_state, pitch, status, told,
};
use crate::support::orders::{draft, user};
use crate::support::stacks::stacks;
use bounty::domain::AppError;
use bounty::domain::notification::NotificationKind;
use bounty::domain::order::application::ApplicationStatus;
use bounty::domain::order::{OrderAction, OrderState};
use bounty::server::services::orders::{applications, lifecycle, publish, view};

#[tokio::test]
async fn an_applicant_applies_edits_withdraws_and_applies_again() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Apply Publisher").await;
        let applicant = user(state, "Apply Solver").await;
        let id = applicants_order(state, &publisher, true).await;
        let before = applications::panel(state, Some(&applicant), id)
            .await
            .expect("panel");
        assert!(before.choose_applicants && before.may_apply && before.mine.is_none());

        applications::apply(state, &applicant, id, &form("I can", "300", LATER))
            .await
            .expect("apply");
        assert_eq!(
            told(state, &publisher).await,
            vec![NotificationKind::ApplicationReceived]
        );
        applications::edit(
            state,
            &applicant,
            id,
            &form("I can, fast", "250.50", "2099-01-02"),
        )
        .await
        .expect("edit");
        let mine = applications::panel(state, Some(&applicant), id)
            .await
            .expect("panel");
        let application = mine.mine.expect("mine");
        assert_eq!(
            application.status,
            ApplicationStatus::Active,
            "{}",
            stack.name
        );
        assert_eq!(application.pitch, "I can, fast");
        assert_eq!(application.reward_minor, Some(25_050));
        assert!(
            !mine.may_apply,
            "{}: an active application is edited, not sent again",
            stack.name
        );
        assert_eq!(order_state(state, id).await, ("open".to_owned(), 1));

        applications::withdraw(state, &applicant, id)
            .await
            .expect("withdraw");
        assert_eq!(
            status(state, id, applicant.id).await.as_deref(),
            Some("withdrawn")
        );
        assert_eq!(order_state(state, id).await, ("open".to_owned(), 0));
        let publisher_panel = applications::panel(state, Some(&publisher), id)
            .await
            .expect("panel");
        assert!(publisher_panel.publisher && publisher_panel.applicants.is_empty());

        // Applying again after withdrawing revives the one application.
        applications::apply(state, &applicant, id, &pitch("Back again"))
            .await
            .expect("apply again");
        assert_eq!(
            status(state, id, applicant.id).await.as_deref(),
            Some("active")
        );
        let listed = applications::panel(state, Some(&publisher), id)
            .await
            .expect("panel")
            .applicants;
        assert_eq!(listed.len(), 1, "{}", stack.name);
        assert_eq!(listed[0].pitch, "Back again");
        assert_eq!(listed[0].reward_minor, None);
        assert_eq!((listed[0].review_count, listed[0].delivered), (0, 0));
    }
}

#[tokio::test]
async fn the_chosen_applicant_holds_the_order_as_a_taker_and_every_applicant_is_told() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Pick Publisher").await;
        let chosen = user(state, "Pick Chosen").await;
        let other = user(state, "Pick Other").await;
        let gone = user(state, "Pick Withdrawn").await;
        let id = applicants_order(state, &publisher, false).await;
        for who in [&chosen, &other, &gone] {
            applications::apply(state, who, id, &pitch(&format!("I am {}", who.nickname)))
                .await
                .expect("apply");
        }
        applications::withdraw(state, &gone, id)
            .await
            .expect("withdraw");
        let listed = applications::panel(state, Some(&publisher), id)
            .await
            .expect("panel")
            .applicants;
        let names: Vec<&str> = listed.iter().map(|a| a.nickname.as_str()).collect();
        assert_eq!(names, vec!["Pick Chosen", "Pick Other"], "{}", stack.name);

        applications::pick(state, &publisher, id, chosen.id)
            .await
            .expect("pick");
        let seen = view::order(state, Some(&chosen), id).await.expect("view");
        assert_eq!(seen.card.state, OrderState::Taken, "{}", stack.name);
        assert!(seen.actions.contains(&OrderAction::Submit));
        assert!(seen.actions.contains(&OrderAction::Return));
        let by_publisher = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        assert_eq!(by_publisher.taker.map(|t| t.id), Some(chosen.id));
        assert_eq!(
            status(state, id, chosen.id).await.as_deref(),
            Some("chosen")
        );
        assert_eq!(
            status(state, id, other.id).await.as_deref(),
            Some("declined")
        );
        assert_eq!(
            status(state, id, gone.id).await.as_deref(),
            Some("withdrawn")
        );
        assert_eq!(order_state(state, id).await, ("taken".to_owned(), 0));
        assert_eq!(
            told(state, &chosen).await,
            vec![NotificationKind::ApplicationChosen]
        );
        assert_eq!(
            told(state, &other).await,
            vec![NotificationKind::ApplicationDeclined]
        );
        assert!(told(state, &gone).await.is_empty(), "{}", stack.name);
        assert_eq!(
            told(state, &publisher).await.len(),
            3,
            "{}: three received",
            stack.name
        );
        let declined = applications::panel(state, Some(&other), id)
            .await
            .expect("panel");
        assert_eq!(
            declined.mine.map(|m| m.status),
            Some(ApplicationStatus::Declined)
        );
        assert!(!declined.may_apply, "{}", stack.name);

        // Given back, the order reopens in the same mode and anyone may
        // apply again.
        lifecycle::give_back(state, &chosen, id)
            .await
            .expect("give back");
        applications::apply(state, &other, id, &pitch("Still keen"))
            .await
            .expect("apply after reopening");
        assert_eq!(order_state(state, id).await, ("open".to_owned(), 1));
    }
}

#[tokio::test]
async fn a_plain_take_of_an_applicants_order_is_refused_and_not_offered() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Mode Publisher").await;
        let taker = user(state, "Mode Taker").await;
        let id = applicants_order(state, &publisher, false).await;
        let seen = view::order(state, Some(&taker), id).await.expect("view");
        assert!(!seen.actions.contains(&OrderAction::Take), "{}", stack.name);
        assert_eq!(
            lifecycle::take(state, &taker, id).await,
            Err(AppError::Conflict("applicants_only".into())),
            "{}",
            stack.name
        );
        assert_eq!(order_state(state, id).await, ("open".to_owned(), 0));
    }
}

#[tokio::test]
async fn the_mode_changes_on_edit_only_while_no_application_waits() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Edit Publisher").await;
        let applicant = user(state, "Edit Applicant").await;
        let id = publish::publish(state, &publisher, &draft("First to take"))
            .await
            .expect("publish");
        let mut edited = draft("Now choose");
        edited.choose_applicants = true;
        publish::edit(state, &publisher, id, &edited)
            .await
            .expect("no application yet: the mode changes");
        applications::apply(state, &applicant, id, &pitch("Me"))
            .await
            .expect("apply");
        edited.choose_applicants = false;
        assert_eq!(
            publish::edit(state, &publisher, id, &edited).await,
            Err(AppError::Conflict("has_applicants".into())),
            "{}",
            stack.name
        );
        edited.choose_applicants = true;
        edited.title = "Still choosing".into();
        publish::edit(state, &publisher, id, &edited)
            .await
            .expect("an edit keeping the mode is fine");
        applications::withdraw(state, &applicant, id)
            .await
            .expect("withdraw");
        edited.choose_applicants = false;
        publish::edit(state, &publisher, id, &edited)
            .await
            .expect("the application was withdrawn: the mode changes");
        lifecycle::take(state, &applicant, id)
            .await
            .expect("first to take again");
    }
}
