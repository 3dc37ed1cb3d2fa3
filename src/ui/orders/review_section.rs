//! Reviews on a done order's page, for its two parties: what the other
//! wrote about me, and my own review (a form while it may be written or
//! edited). Also the reputation block of a profile page.

use super::format::date_of;
use crate::api::reviews::{WriteReview, reviews_of_order, user_reputation};
use crate::domain::review::{OrderReviews, Reputation, ReviewView, tenths_text};
use crate::ui::components::{FieldMessage, FormMessage};
use crate::ui::i18n::use_texts;
use leptos::form::ActionForm;
use leptos::prelude::*;

fn stars(rating: i64) -> String {
    let filled = usize::try_from(rating.clamp(0, 5)).unwrap_or(0);
    format!("{}{}", "★".repeat(filled), "☆".repeat(5 - filled))
}

/// One review: stars, who, when, the comment.
pub fn review_item(review: &ReviewView) -> impl IntoView + use<> {
    let t = &use_texts().reviews;
    let from = if review.by_publisher {
        t.from_publisher
    } else {
        t.from_solver
    };
    view! {
        <div class="review">
            <p><span class="review__stars" aria-label=format!("{} / 5", review.rating)>{stars(review.rating)}</span>
            " " <strong>{review.reviewer.clone()}</strong> " · " {from} " · " {date_of(review.created_at_ms)}
            " · " <a href=format!("/orders/{}", review.order_id)>{review.order_title.clone()}</a></p>
            {(!review.comment.is_empty()).then(|| view! { <p class="review__comment">{review.comment.clone()}</p> })}
        </div>
    }
}

fn section(reviews: OrderReviews, order_id: i64, write: ServerAction<WriteReview>) -> AnyView {
    let t = &use_texts().reviews;
    let error = Signal::derive(move || write.value().get().and_then(Result::err));
    let theirs = match &reviews.theirs {
        Some(review) => review_item(review).into_any(),
        None => view! { <p class="hint">{t.none_yet}</p> }.into_any(),
    };
    let mine = reviews
        .mine
        .as_ref()
        .map(|review| review_item(review).into_any());
    let current = reviews.mine.as_ref().map_or(5, |review| review.rating);
    let comment = reviews
        .mine
        .as_ref()
        .map(|review| review.comment.clone())
        .unwrap_or_default();
    let form = reviews.may_write.then(|| {
        let options = (1..=5)
            .rev()
            .map(|n| view! { <option value=n.to_string() selected=n == current>{format!("{n} {}", stars(n))}</option> })
            .collect_view();
        view! {
            <ActionForm action=write attr:class="form form--withdraw" attr:novalidate=true>
                <input type="hidden" name="id" value=order_id.to_string() />
                <label for="review-rating">{t.rating}</label>
                <select id="review-rating" name="rating">{options}</select>
                <FieldMessage error=error field="rating" />
                <label for="review-comment">{t.comment}</label>
                <textarea id="review-comment" name="comment" rows="3" maxlength="1000"
                    aria-describedby="comment-error">{comment}</textarea>
                <FieldMessage error=error field="comment" />
                <FormMessage error=error />
                <p class="hint">{t.edit_hint}</p>
                <button type="submit" class="button">{t.save}</button>
            </ActionForm>
        }
    });
    view! {
        <section class="panel" aria-labelledby="reviews-title">
            <h2 id="reviews-title">{t.title}</h2>
            <h3>{t.theirs}</h3>
            {theirs}
            <h3>{t.mine}</h3>
            {mine}
            {form}
        </section>
    }
    .into_any()
}

/// The reviews panel of a done order; nothing for others or before.
#[component]
pub fn ReviewSection(order_id: i64) -> impl IntoView {
    let write = ServerAction::<WriteReview>::new();
    let loaded = Resource::new(
        move || write.version().get(),
        move |_| reviews_of_order(order_id),
    );
    let body = move || {
        Suspend::new(async move {
            match loaded.await {
                Ok(Some(reviews)) => section(reviews, order_id, write),
                _ => ().into_any(),
            }
        })
    };
    view! { <Transition fallback=|| ()>{body}</Transition> }
}

fn reputation_body(reputation: Reputation) -> AnyView {
    let t = &use_texts().reviews;
    let average = match reputation.average_tenths {
        Some(tenths) => view! {
            <p class="reputation__average"><span class="review__stars">"★"</span> " "
            <strong>{tenths_text(tenths)}</strong> " " {t.out_of_five} " · "
            {reputation.review_count} " " {t.reviews}</p>
        }
        .into_any(),
        None => view! { <p class="hint">{t.no_reviews}</p> }.into_any(),
    };
    let record = (reputation.published > 0).then(|| {
        view! {
            <p class="hint">{t.as_publisher} " " {t.secured} " " {reputation.secured} " / "
            {reputation.published} " · " {t.paid} " " {reputation.paid} " · " {t.confirmed} " "
            {reputation.paid_by_confirming}</p>
        }
    });
    let recent = reputation
        .recent
        .iter()
        .map(|review| view! { <li>{review_item(review)}</li> })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="reputation-title">
            <h2 id="reputation-title">{t.reputation}</h2>
            {average}
            {record}
            <ul class="plain-list">{recent}</ul>
        </section>
    }
    .into_any()
}

/// A profile's reputation: average, count, publisher record, reviews.
#[component]
pub fn ReputationPanel(user_id: i64) -> impl IntoView {
    let loaded = Resource::new(move || user_id, user_reputation);
    let body = move || {
        Suspend::new(async move {
            match loaded.await {
                Ok(reputation) => reputation_body(reputation),
                Err(_) => ().into_any(),
            }
        })
    };
    view! { <Suspense fallback=|| ()>{body}</Suspense> }
}
