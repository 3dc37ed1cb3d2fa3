//! One order in the hall: title, the first lines, files, category, deadline,
//! reward and publisher. When the hall is searched, the terms found in the
//! title and text are marked (`<mark>`, as text, never as HTML).

use super::format::{category_name, deadline_text, reward_text, state_label};
use crate::domain::order::OrderCard;
use crate::domain::order::search::highlight;
use crate::ui::i18n::{use_locale, use_texts};
use leptos::prelude::*;

/// `text` with each occurrence of `terms` in a `<mark>`.
fn marked(text: &str, terms: &[String]) -> AnyView {
    if terms.is_empty() {
        return text.to_owned().into_any();
    }
    highlight(text, terms)
        .into_iter()
        .map(|(segment, matched)| {
            if matched {
                view! { <mark>{segment}</mark> }.into_any()
            } else {
                segment.into_any()
            }
        })
        .collect_view()
        .into_any()
}

/// `show_state` adds the status label (personal lists; the hall is all open);
/// `terms` are the search's terms (`search::terms`), marked where found.
#[component]
pub fn OrderCardView(
    card: OrderCard,
    currency: String,
    #[prop(optional)] show_state: bool,
    #[prop(optional)] terms: Vec<String>,
) -> impl IntoView {
    let texts = use_texts();
    let locale = use_locale();
    let href = format!("/orders/{}", card.id);
    let category = category_name(locale, &card.category_en, &card.category_zh).to_owned();
    let thumbnails = card
        .thumbnails
        .iter()
        .map(|id| view! { <img src=format!("/files/{id}/thumb") alt="" loading="lazy" /> })
        .collect_view();
    let files = (card.attachment_count > 0)
        .then(|| format!("{}: {}", texts.orders.attachments, card.attachment_count));
    view! {
        <article class="card">
            // Plain links: the router still navigates them in place, and a
            // card needs no active-link state (the hall renders many).
            <h2 class="card__title"><a href=href>{marked(&card.title, &terms)}</a></h2>
            {(show_state || card.funded).then(|| view! {
                <p class="card__badges">
                    {show_state.then(|| view! {
                        <span class=format!("badge badge--{}", card.state.as_str())>{state_label(texts, card.state)}</span>
                    })}
                    {card.overdue.then(|| view! { <span class="badge badge--overdue">{texts.orders.overdue}</span> })}
                    {card.funded.then(|| view! { <span class="badge badge--secured">{texts.money.secured_badge}</span> })}
                </p>
            })}
            <p class="card__excerpt">{marked(&card.excerpt, &terms)}</p>
            <div class="card__thumbs">{thumbnails}</div>
            <dl class="card__facts">
                <div><dt>{texts.orders.reward}</dt>
                    <dd class="card__reward">{reward_text(texts, card.reward_minor, &currency)}</dd></div>
                <div><dt>{texts.orders.deadline}</dt>
                    <dd>{deadline_text(texts, card.deadline_day)}</dd></div>
                <div><dt>{texts.orders.category}</dt><dd>{category}</dd></div>
            </dl>
            <p class="card__meta">
                <span>{texts.orders.by}" "
                    <a href=format!("/users/{}", card.publisher.id)>{card.publisher.nickname}</a>
                </span>
                <span>{files}</span>
            </p>
        </article>
    }
    .into_any()
}
