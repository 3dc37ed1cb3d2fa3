//! An order page: the order, its files, who may do what, and the solution
//! as far as the viewer may see it. Rendered with `SsrMode::Async` so an
//! unknown order answers 404.

use super::use_id_param;
use crate::api::orders::order;
use crate::domain::AppError;
use crate::domain::order::OrderView;
use crate::platform;
use crate::ui::i18n::{use_locale, use_texts};
use crate::ui::orders::format::{category_name, date_of, deadline_text, reward_text, state_label};
use crate::ui::orders::{
    AttachmentList, MoneyPanel, OrderActionSet, OrderActions, QuestionsSection, ReviewSection,
    SolutionPanel,
};
use crate::ui::pages::NotFoundPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

fn order_body(view: OrderView, actions: OrderActionSet) -> impl IntoView {
    let texts = use_texts();
    let locale = use_locale();
    let t = &texts.orders;
    let card = view.card.clone();
    let category = category_name(locale, &card.category_en, &card.category_zh).to_owned();
    let blocks = view
        .blocks_html
        .iter()
        // Rendered from Markdown and sanitised on the server at publish time.
        .map(|html| view! { <div class="block prose" inner_html=html.clone()></div> })
        .collect_view();
    let attachments = (!view.attachments.is_empty()).then(|| {
        let files = view.attachments.clone();
        view! {
            <section class="panel" aria-labelledby="files-title">
                <h2 id="files-title">{t.attachments}</h2>
                <AttachmentList files />
            </section>
        }
    });
    let taker = view.taker.clone().map(|taker| {
        view! { <div><dt>{t.taker}</dt><dd><A href=format!("/users/{}", taker.id)>{taker.nickname}</A></dd></div> }
    });
    let overdue = (view.deadline_passed && card.deadline_day.is_some())
        .then(|| view! { <p class="notice notice--warn">{t.deadline_passed}</p> });
    let solution = view.viewer.is_some_and(|relation| {
        use crate::domain::order::Relation;
        matches!(relation, Relation::Publisher | Relation::Taker)
    });
    let solution_view = view.solution.clone();
    let publisher = view.viewer == Some(crate::domain::order::Relation::Publisher);
    let order_id = card.id;
    let in_dispute = view.in_dispute;
    let chat_button = chat_button(texts, &view);
    view! {
        <Title text=card.title.clone() />
        // Pushes about this order refresh its state, actions and money in
        // place (ui::chat::page_changed); the text below them never changes
        // under a reader.
        <article class="order" data-live=format!("order:{order_id}")>
            <div class="live-part" data-live-part="order-state">
            <header class="order__header">
                <h1>{card.title.clone()}</h1>
                <span class=format!("badge badge--{}", card.state.as_str())>{state_label(texts, card.state)}</span>
                {card.funded.then(|| view! { <span class="badge badge--secured">{texts.money.secured_badge}</span> })}
                {in_dispute.then(|| view! { <span class="badge badge--disputed">{texts.disputes.badge}</span> })}
            </header>
            <dl class="facts">
                <div><dt>{t.reward}</dt><dd class="card__reward">{reward_text(texts, card.reward_minor, &view.currency)}</dd></div>
                <div><dt>{t.deadline}</dt><dd>{deadline_text(texts, card.deadline_day)}</dd></div>
                <div><dt>{t.category}</dt><dd>{category}</dd></div>
                <div><dt>{t.publisher}</dt><dd><A href=format!("/users/{}", card.publisher.id)>{card.publisher.nickname.clone()}</A></dd></div>
                <div><dt>{t.published}</dt><dd>{date_of(card.created_at_ms)}</dd></div>
                {taker}
            </dl>
            {overdue}
            <OrderActions order=view.clone() actions />
            <crate::ui::orders::ApplicationsSection order_id />
            {chat_button}
            {solution.then(|| view! { <MoneyPanel order_id publisher actions /> })}
            {(solution && card.state == crate::domain::order::OrderState::Done)
                .then(|| view! { <ReviewSection order_id /> })}
            </div>
            <section class="panel" aria-labelledby="description-title">
                <h2 id="description-title">{t.description}</h2>
                {blocks}
            </section>
            {attachments}
            {solution.then(|| view! { <SolutionPanel solution=solution_view open=(order_id, actions.open) /> })}
            <QuestionsSection order_id />
        </article>
    }
    .into_any()
}

/// "Message the publisher" for signed-in others; "Message the solver" for
/// the publisher of a taken order.
fn chat_button(texts: &'static crate::ui::i18n::Texts, view: &OrderView) -> Option<impl IntoView> {
    use crate::domain::order::Relation;
    use crate::ui::chat::StartChatButton;
    let order_id = Some(view.card.id);
    let (user_id, label) = match view.viewer? {
        Relation::Publisher => (view.taker.as_ref()?.id, texts.chat.message_taker),
        _ => (view.card.publisher.id, texts.chat.message_publisher),
    };
    Some(view! { <StartChatButton user_id order_id label /> })
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let texts = use_texts();
    let id = use_id_param();
    let actions = OrderActionSet::default();
    let loaded = Resource::new(
        move || (id(), actions.version()),
        |(id, _)| async move {
            match id {
                Some(id) => order(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let body = move || {
        Suspend::new(async move {
            match loaded.await {
                Ok(view) => order_body(view, actions).into_any(),
                Err(AppError::NotFound) => {
                    platform::set_status(404);
                    view! { <NotFoundPage /> }.into_any()
                }
                Err(_) => view! { <p class="form-error">{texts.errors.internal}</p> }.into_any(),
            }
        })
    };
    view! { <Suspense fallback=move || view! { <p>{texts.orders.loading}</p> }>{body}</Suspense> }
}
