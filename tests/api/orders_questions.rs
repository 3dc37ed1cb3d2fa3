//! Public questions on an order, on both backends: a signed-in user asks
//! under an open order, its publisher answers once and may hide a question;
//! everyone sees the shown questions, a hidden one only its asker and the
//! publisher; the publisher hears of a question, the asker of the answer;
//! Markdown comes out sanitised; every bad input is a clear 4xx that
//! writes nothing.

use crate::support::TestApp;
use crate::support::money::{answer as solution, conflict};
use crate::support::orders::{draft, session_cookie, user};
use crate::support::stacks::{stacks, stacks_with};
use crate::support::ws::{WsClient, chat_apps};
use bounty::domain::chat::ServerFrame;
use bounty::domain::notification::NotificationKind as K;
use bounty::domain::{AppError, CurrentUser, FieldError};
use bounty::server::services::notifications;
use bounty::server::services::orders::{lifecycle, publish, questions, submit};
use bounty::server::state::AppState;

async fn kinds(state: &AppState, who: &CurrentUser) -> Vec<K> {
    let page = notifications::page(state, who, None).await.expect("page");
    page.items.iter().rev().map(|item| item.kind).collect()
}

async fn rows(state: &AppState) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM order_questions")
        .fetch_one(state.db.pool())
        .await
        .expect("count")
}

/// The bodies of the questions `viewer` sees on order `id`.
async fn seen(state: &AppState, viewer: Option<&CurrentUser>, id: i64) -> Vec<String> {
    questions::list(state, viewer, id)
        .await
        .expect("list")
        .items
        .into_iter()
        .map(|question| question.body_html)
        .collect()
}

fn invalid(field: &str, code: &str) -> AppError {
    AppError::Invalid(vec![FieldError::new(field, code)])
}

#[tokio::test]
async fn a_question_is_asked_answered_and_hidden_and_each_viewer_sees_what_they_may() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Asked Publisher").await;
        let asker = user(state, "Curious Asker").await;
        let rude = user(state, "Rude Asker").await;
        let reader = user(state, "Quiet Reader").await;
        let id = publish::publish(state, &publisher, &draft("Questioned"))
            .await
            .expect("publish");

        let first = questions::ask(state, &asker, id, "Is **Rust** fine?")
            .await
            .expect("ask");
        assert_eq!(kinds(state, &publisher).await, vec![K::QuestionAsked]);
        let second = questions::ask(state, &rude, id, "<script>alert(1)</script>Buy cheap pills")
            .await
            .expect("ask");
        let html = seen(state, None, id).await;
        assert_eq!(html.len(), 2, "{}: signed out sees both", stack.name);
        assert!(html[0].contains("<strong>Rust</strong>"), "{}", html[0]);
        assert!(!html[1].contains("<script"), "{}", html[1]);
        assert!(html[1].contains("Buy cheap pills"), "{}", html[1]);

        let order = questions::answer(state, &publisher, first, "Yes, *stable* Rust.")
            .await
            .expect("answer");
        assert_eq!(order, id);
        assert_eq!(kinds(state, &asker).await, vec![K::QuestionAnswered]);
        assert!(kinds(state, &rude).await.is_empty());
        questions::hide(state, &publisher, second)
            .await
            .expect("hide");

        let for_reader = questions::list(state, Some(&reader), id)
            .await
            .expect("list");
        assert_eq!(for_reader.items.len(), 1, "{}", stack.name);
        let answered = &for_reader.items[0];
        assert_eq!(answered.asker, "Curious Asker");
        assert!(
            answered
                .answer_html
                .as_deref()
                .is_some_and(|html| html.contains("<em>stable</em>")),
            "{answered:?}"
        );
        assert!(for_reader.may_ask && !for_reader.publisher);
        assert_eq!(seen(state, None, id).await.len(), 1, "signed out");
        // The asker still sees their hidden question, marked; so does the
        // publisher, who may not ask under their own order.
        let for_rude = questions::list(state, Some(&rude), id).await.expect("list");
        assert_eq!(
            for_rude.items.iter().map(|q| q.hidden).collect::<Vec<_>>(),
            vec![false, true]
        );
        let for_publisher = questions::list(state, Some(&publisher), id)
            .await
            .expect("list");
        assert_eq!(for_publisher.items.len(), 2);
        assert!(for_publisher.publisher && !for_publisher.may_ask);
    }
}

#[tokio::test]
async fn only_the_publisher_answers_or_hides_and_each_only_once() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Strict Publisher").await;
        let asker = user(state, "Strict Asker").await;
        let stranger = user(state, "Strict Stranger").await;
        let id = publish::publish(state, &publisher, &draft("Strict"))
            .await
            .expect("publish");
        let question = questions::ask(state, &asker, id, "When?")
            .await
            .expect("ask");
        let hidden = questions::ask(state, &asker, id, "And why?")
            .await
            .expect("ask");
        for who in [&asker, &stranger] {
            assert_eq!(
                questions::answer(state, who, question, "Now").await,
                Err(AppError::Forbidden),
                "{}",
                stack.name
            );
            assert_eq!(
                questions::hide(state, who, question).await,
                Err(AppError::Forbidden)
            );
        }
        questions::answer(state, &publisher, question, "Tomorrow")
            .await
            .expect("answer");
        assert_eq!(
            questions::answer(state, &publisher, question, "Today").await,
            Err(conflict("answered")),
            "{}: one answer per question",
            stack.name
        );
        questions::hide(state, &publisher, hidden)
            .await
            .expect("hide");
        assert_eq!(
            questions::hide(state, &publisher, hidden).await,
            Err(conflict("question_hidden"))
        );
        assert_eq!(
            questions::answer(state, &publisher, hidden, "Because").await,
            Err(conflict("question_hidden"))
        );
        let unknown = hidden + 10_000;
        assert_eq!(
            questions::answer(state, &publisher, unknown, "x").await,
            Err(AppError::NotFound)
        );
        assert_eq!(
            questions::hide(state, &publisher, unknown).await,
            Err(AppError::NotFound)
        );
        assert_eq!(
            questions::ask(state, &asker, id + 10_000, "Hello?").await,
            Err(AppError::NotFound)
        );
        assert_eq!(
            questions::list(state, None, id + 10_000).await.map(|_| ()),
            Err(AppError::NotFound)
        );
        // Only the one answer was told, and the stranger heard nothing.
        assert_eq!(kinds(state, &asker).await, vec![K::QuestionAnswered]);
        assert!(kinds(state, &stranger).await.is_empty());
    }
}

#[tokio::test]
async fn bad_questions_are_refused_with_a_reason_and_write_nothing() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Closed Publisher").await;
        let asker = user(state, "Closed Asker").await;
        let taker = user(state, "Closed Taker").await;
        let id = publish::publish(state, &publisher, &draft("Closing"))
            .await
            .expect("publish");
        let before = rows(state).await;
        let too_long = "问".repeat(2001);
        for (body, error) in [
            ("  \n ", invalid("body", "required")),
            (too_long.as_str(), invalid("body", "too_long")),
        ] {
            assert_eq!(questions::ask(state, &asker, id, body).await, Err(error));
        }
        assert_eq!(
            questions::ask(state, &publisher, id, "Mine?").await,
            Err(conflict("own_order"))
        );
        assert_eq!(rows(state).await, before, "{}", stack.name);

        questions::ask(state, &asker, id, "Before it is taken")
            .await
            .expect("ask");
        lifecycle::take(state, &taker, id).await.expect("take");
        assert_eq!(
            questions::ask(state, &asker, id, "After").await,
            Err(conflict("questions_closed")),
            "{}",
            stack.name
        );
        submit::submit(state, &taker, id, &solution("done"))
            .await
            .expect("submit");
        let closed = questions::list(state, None, id).await.expect("list");
        assert_eq!(closed.items.len(), 1, "asked questions stay visible");
        assert!(!closed.open && !closed.may_ask);
        assert_eq!(rows(state).await, before + 1);
        assert_eq!(
            kinds(state, &publisher).await.first(),
            Some(&K::QuestionAsked)
        );
    }
}

#[tokio::test]
async fn the_per_order_cap_and_the_per_user_rate_hold() {
    let tune = |settings: &mut bounty::server::config::Settings| {
        settings.limits.questions_per_order = 2;
        settings.rates.questions_per_user_per_hour = 3;
    };
    for stack in stacks_with(tune).await {
        let state = &stack.state;
        let publisher = user(state, "Capped Publisher").await;
        let asker = user(state, "Capped Asker").await;
        let full = publish::publish(state, &publisher, &draft("Full"))
            .await
            .expect("publish");
        let other = publish::publish(state, &publisher, &draft("Other"))
            .await
            .expect("publish");
        for body in ["One", "Two"] {
            questions::ask(state, &asker, full, body)
                .await
                .expect("ask");
        }
        assert_eq!(
            questions::ask(state, &asker, full, "Three").await,
            Err(conflict("questions_full")),
            "{}",
            stack.name
        );
        assert!(
            !questions::list(state, Some(&asker), full)
                .await
                .expect("list")
                .may_ask
        );
        // The refused third question still spent the hour's budget.
        let limited = questions::ask(state, &asker, other, "Four").await;
        assert!(
            matches!(limited, Err(AppError::RateLimited { .. })),
            "{}: {limited:?}",
            stack.name
        );
        assert_eq!(rows(state).await, 2);
    }
}

#[tokio::test]
async fn the_order_page_shows_questions_and_signed_out_callers_cannot_ask() {
    let app = TestApp::spawn().await;
    let state = &app.state;
    let publisher = user(state, "Page Publisher").await;
    let asker = user(state, "Page Asker").await;
    let id = publish::publish(state, &publisher, &draft("On the page"))
        .await
        .expect("publish");
    questions::ask(
        state,
        &asker,
        id,
        "Does it <script>alert('q')</script>*work*?",
    )
    .await
    .expect("ask");
    let page = app
        .get_page(&format!("/orders/{id}"), "en", None)
        .await
        .text()
        .await
        .expect("page");
    assert!(
        page.contains("<em>work</em>"),
        "the question is on the page"
    );
    assert!(!page.contains("alert('q')"), "its script is gone");
    assert!(page.contains("Sign in to ask a question"));

    let ask = |cookie: Option<String>| {
        let mut request = app
            .client
            .post(app.url("/api/questions/ask"))
            .header("origin", &app.address)
            .form(&[("id", id.to_string()), ("body", "Over HTTP".into())]);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send()
    };
    assert_eq!(ask(None).await.expect("post").status(), 401);
    let own = ask(Some(session_cookie(state, &publisher).await))
        .await
        .expect("post");
    assert_eq!(own.status(), 409);
    assert_eq!(rows(state).await, 1);
    let cookie = session_cookie(state, &asker).await;
    let signed_in = app
        .get_page(&format!("/orders/{id}"), "zh-Hans", Some(&cookie))
        .await
        .text()
        .await
        .expect("page");
    assert!(signed_in.contains("你的问题"), "the ask form, in Chinese");
    app.stop().await;
}

#[tokio::test]
async fn the_publisher_and_the_asker_hear_of_question_and_answer_live() {
    for (app, _cleanup) in chat_apps().await {
        let state = &app.state;
        let publisher = user(state, "Live Questioned").await;
        let asker = user(state, "Live Asker").await;
        let id = publish::publish(state, &publisher, &draft("Live questions"))
            .await
            .expect("publish");
        let mut desk = WsClient::connect(&app, &publisher).await;
        let mut reader = WsClient::connect(&app, &asker).await;
        let question = questions::ask(state, &asker, id, "Live?")
            .await
            .expect("ask");
        let frame = desk
            .until(|frame| matches!(frame, ServerFrame::Notified { .. }))
            .await;
        assert_eq!(frame, ServerFrame::Notified { unread: 1 });
        questions::answer(state, &publisher, question, "Yes")
            .await
            .expect("answer");
        let frame = reader
            .until(|frame| matches!(frame, ServerFrame::Notified { .. }))
            .await;
        assert_eq!(frame, ServerFrame::Notified { unread: 1 });
        desk.close().await;
        reader.close().await;
    }
}
