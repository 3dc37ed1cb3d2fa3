//! The questions section of an order page: the questions the viewer may
//! see with their answers, the ask form (signed-in others, open order),
//! and for the publisher an answer form and a hide button per question.
//! Every form is a plain `ActionForm` posting to its server function, so it
//! works with JavaScript off; the server checks every right again.

use super::format::date_of;
use crate::api::questions::{AnswerQuestion, AskQuestion, HideQuestion, questions_of_order};
use crate::domain::order::question::{OrderQuestions, QuestionView};
use crate::ui::components::{FieldMessage, FormMessage};
use crate::ui::i18n::use_texts;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::A;

/// The section's forms; the list reloads after each.
#[derive(Clone, Copy)]
struct Forms {
    ask: ServerAction<AskQuestion>,
    answer: ServerAction<AnswerQuestion>,
    hide: ServerAction<HideQuestion>,
}

/// The publisher's answer form and hide button under one question.
fn moderation(question: &QuestionView, forms: Forms) -> impl IntoView + use<> {
    let t = &use_texts().questions;
    let id = question.id.to_string();
    let field = format!("answer-{}", question.id);
    let answer_id = id.clone();
    let answer_form = question.answer_html.is_none().then(move || {
        view! {
            <ActionForm action=forms.answer attr:class="form question__form">
                <input type="hidden" name="id" value=answer_id />
                <label for=field.clone()>{t.answer_label}</label>
                <textarea id=field.clone() name="answer" rows="3" required></textarea>
                <button type="submit" class="button">{t.answer}</button>
            </ActionForm>
        }
    });
    view! {
        {answer_form}
        <ActionForm action=forms.hide attr:class="question__hide">
            <input type="hidden" name="id" value=id />
            <button type="submit" class="button button--quiet" title=t.hide_hint>{t.hide}</button>
        </ActionForm>
    }
}

fn question_item(question: QuestionView, publisher: bool, forms: Forms) -> impl IntoView {
    let t = &use_texts().questions;
    let answer = match question.answer_html.clone() {
        // Rendered from Markdown and sanitised on the server when answered.
        Some(html) => view! {
            <div class="question__answer">
                <p class="question__answer-label">{t.answer_heading}</p>
                <div class="prose" inner_html=html></div>
            </div>
        }
        .into_any(),
        None if publisher && !question.hidden => ().into_any(),
        None => view! { <p class="hint">{t.waiting}</p> }.into_any(),
    };
    let tools = (publisher && !question.hidden).then(|| moderation(&question, forms));
    view! {
        <li class="question" id=format!("question-{}", question.id)>
            <p class="question__meta">
                {t.asked_by} " " <A href=format!("/users/{}", question.asker_id)>{question.asker.clone()}</A>
                " · " {date_of(question.created_at_ms)}
            </p>
            {question.hidden.then(|| view! { <p class="notice notice--warn">{t.hidden_mark}</p> })}
            // Rendered from Markdown and sanitised on the server when asked.
            <div class="prose question__body" inner_html=question.body_html.clone()></div>
            {answer}
            {tools}
        </li>
    }
}

fn ask_part(questions: &OrderQuestions, forms: Forms) -> AnyView {
    let t = &use_texts().questions;
    let id = questions.order_id;
    if questions.may_ask {
        let error = Signal::derive(move || forms.ask.value().get().and_then(Result::err));
        let max = questions.max_chars.to_string();
        return view! {
            <ActionForm action=forms.ask attr:class="form question__form" attr:novalidate=true>
                <input type="hidden" name="id" value=id.to_string() />
                <label for="question-body">{t.ask_label}</label>
                <textarea id="question-body" name="body" rows="3" maxlength=max
                    aria-describedby="body-error"></textarea>
                <FieldMessage error=error field="body" />
                <FormMessage error=error />
                <p class="hint">{t.ask_hint}</p>
                <button type="submit" class="button">{t.ask}</button>
            </ActionForm>
        }
        .into_any();
    }
    if !questions.open {
        return view! { <p class="hint">{t.closed}</p> }.into_any();
    }
    if !questions.signed_in {
        let next = format!("/login?next=%2Forders%2F{id}%23questions");
        return view! { <p><A href=next attr:class="button button--quiet">{t.sign_in_to_ask}</A></p> }
            .into_any();
    }
    ().into_any()
}

fn section(questions: OrderQuestions, forms: Forms) -> AnyView {
    let t = &use_texts().questions;
    let error = Signal::derive(move || {
        [
            forms.answer.value().get().and_then(Result::err),
            forms.hide.value().get().and_then(Result::err),
        ]
        .into_iter()
        .flatten()
        .next()
    });
    let publisher = questions.publisher;
    let list = if questions.items.is_empty() {
        view! { <p class="hint">{t.none_yet}</p> }.into_any()
    } else {
        let items = questions
            .items
            .clone()
            .into_iter()
            .map(|question| question_item(question, publisher, forms))
            .collect_view();
        view! { <ol class="questions">{items}</ol> }.into_any()
    };
    view! {
        <section class="panel" id="questions" aria-labelledby="questions-title">
            <h2 id="questions-title">{t.title}</h2>
            <FormMessage error=error />
            <FieldMessage error=error field="answer" />
            {list}
            {ask_part(&questions, forms)}
        </section>
    }
    .into_any()
}

/// The questions of order `order_id`, reloaded after each of its forms.
#[component]
pub fn QuestionsSection(order_id: i64) -> impl IntoView {
    let forms = Forms {
        ask: ServerAction::new(),
        answer: ServerAction::new(),
        hide: ServerAction::new(),
    };
    let loaded = Resource::new(
        move || {
            forms.ask.version().get() + forms.answer.version().get() + forms.hide.version().get()
        },
        move |_| questions_of_order(order_id),
    );
    let body = move || {
        Suspend::new(async move {
            match loaded.await {
                Ok(questions) => section(questions, forms),
                Err(_) => ().into_any(),
            }
        })
    };
    view! { <Transition fallback=|| ()>{body}</Transition> }
}
