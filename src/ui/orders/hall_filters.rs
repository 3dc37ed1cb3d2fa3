//! The hall's filters: a GET form, so it works without JavaScript and a
//! filtered hall is an ordinary shareable URL.

use super::format::category_name;
use crate::domain::order::Category;
use crate::domain::order::hall::{
    DeadlineBucket, HallFilter, HallSort, PublishedBucket, RewardBucket,
};
use crate::ui::i18n::{use_locale, use_texts};
use leptos::prelude::*;

/// A group of checkbox chips named `name`.
fn chips(
    legend: &'static str,
    name: &'static str,
    options: Vec<(String, String, bool)>,
) -> impl IntoView {
    view! {
        <fieldset class="chips">
            <legend>{legend}</legend>
            {options
                .into_iter()
                .map(|(value, label, checked)| {
                    view! {
                        <label class="chip">
                            <input type="checkbox" name=name value=value checked=checked />
                            <span>{label}</span>
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// `action` is where the form goes (the hall, or a personal list);
/// `children` adds controls of that list before the common ones.
#[component]
pub fn HallFilters(
    filter: HallFilter,
    categories: Vec<Category>,
    #[prop(default = "/")] action: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let texts = use_texts();
    let locale = use_locale();
    let t = &texts.orders;
    let category_options = categories
        .iter()
        .filter(|c| !c.archived)
        .map(|c| {
            let name = category_name(locale, &c.name_en, &c.name_zh).to_owned();
            (c.id.to_string(), name, filter.categories.contains(&c.id))
        })
        .collect();
    let deadline_options = DeadlineBucket::ALL
        .iter()
        .zip(t.deadline_buckets)
        .map(|(b, label)| {
            (
                b.key().to_owned(),
                label.to_owned(),
                filter.deadline.contains(b),
            )
        })
        .collect();
    let published_options = PublishedBucket::ALL
        .iter()
        .zip(t.published_buckets)
        .map(|(b, label)| {
            (
                b.key().to_owned(),
                label.to_owned(),
                filter.published.contains(b),
            )
        })
        .collect();
    let reward_options = RewardBucket::ALL
        .iter()
        .zip(t.reward_buckets)
        .map(|(b, label)| {
            (
                b.key().to_owned(),
                label.to_owned(),
                filter.reward.contains(b),
            )
        })
        .collect();
    let by_reward = filter.sort == HallSort::Reward;
    let narrowed = !(filter.categories.is_empty()
        && filter.deadline.is_empty()
        && filter.published.is_empty()
        && filter.reward.is_empty());
    view! {
        <form class="filters panel" method="get" action=action role="search">
            <h2 class="visually-hidden">{t.filters}</h2>
            {children.map(|children| children())}
            <div class="filters__search">
                <label for="hall-search">{t.search}</label>
                <input id="hall-search" type="search" name="q" value=filter.search.clone()
                    placeholder=t.search_placeholder maxlength="100" />
                <label for="hall-sort">{t.sort}</label>
                <select id="hall-sort" name="sort">
                    <option value="newest" selected=!by_reward>{t.sort_newest}</option>
                    <option value="reward" selected=by_reward>{t.sort_reward}</option>
                </select>
            </div>
            // Folded on phones so the results come first; open when in use.
            <details class="filters__more" open=narrowed>
                <summary>{t.filters}</summary>
                {chips(t.category, "c", category_options)}
                {chips(t.deadline, "d", deadline_options)}
                {chips(t.published, "p", published_options)}
                {chips(t.reward, "r", reward_options)}
            </details>
            <div class="filters__actions">
                <button type="submit" class="button">{t.apply}</button>
                <a href=action class="button button--quiet">{t.clear}</a>
            </div>
        </form>
    }
    .into_any()
}
