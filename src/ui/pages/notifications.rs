//! The notifications page: what happened to my orders and withdrawals,
//! newest first a page at a time (older pages by plain links), unread
//! ones marked; "mark all as read"; and whether the
//! important ones are also mailed. It reloads when the realtime connection
//! brings a new one. Every form works with JavaScript off.

use crate::api::notifications::{MarkNotificationsRead, SetNotificationMail, notification_list};
use crate::domain::notification::{NotificationPage, NotificationView};
use crate::domain::paging;
use crate::ui::components::{FormMessage, PageError, Pager, RequireUser};
use crate::ui::i18n::use_texts;
use crate::ui::orders::format::date_of;
use crate::ui::query::use_query_map;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

fn item(note: NotificationView) -> impl IntoView + use<> {
    let t = &use_texts().notifications;
    let what = t.kinds[note.kind.index()];
    let target = match (note.order_id, note.order_title) {
        (Some(id), Some(title)) => {
            view! { " · " <a href=format!("/orders/{id}")>{title}</a> }.into_any()
        }
        _ => view! { " · " <a href="/wallet">{t.wallet}</a> }.into_any(),
    };
    let actor = note.actor.map(|actor| format!(" {} {actor}", t.by));
    let class = if note.read {
        "notification"
    } else {
        "notification notification--unread"
    };
    view! {
        <li class=class>
            <span class="hint">{date_of(note.created_at_ms)}</span>
            <p><strong>{what}</strong>{target}<span class="hint">{actor}</span></p>
        </li>
    }
}

fn body(
    page: NotificationPage,
    read: ServerAction<MarkNotificationsRead>,
    mail: ServerAction<SetNotificationMail>,
    saved: bool,
) -> AnyView {
    let t = &use_texts().notifications;
    let list = if page.items.is_empty() {
        view! { <p class="hint">{t.empty}</p> }.into_any()
    } else {
        let items = page.items.into_iter().map(item).collect_view();
        view! { <ul class="plain-list notifications">{items}</ul> }.into_any()
    };
    let next = page
        .next
        .map(|before| paging::page_href("/notifications", &[], Some(&before.to_string())));
    let first = page
        .paged
        .then(|| paging::page_href("/notifications", &[], None));
    let mark = (page.unread > 0).then(|| {
        view! {
            <ActionForm action=read attr:class="inline-form">
                <button type="submit" class="button button--quiet">{t.mark_read}</button>
            </ActionForm>
        }
    });
    view! {
        // What a push refreshes in place (ui::chat::page_changed).
        <div class="live-part" data-live-part="notifications">
            {mark}
            {list}
            <Pager next first />
        </div>
        <section class="panel" aria-labelledby="mail-title">
            <h2 id="mail-title">{t.settings_title}</h2>
            {saved.then(|| view! { <p class="notice" role="status">{t.saved}</p> })}
            <ActionForm action=mail attr:class="form">
                <label class="check">
                    <input type="checkbox" name="mail" value="on" checked=page.mail />
                    " " {t.mail_label}
                </label>
                <button type="submit" class="button">{t.save}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let texts = use_texts();
    let query = use_query_map();
    let read = ServerAction::<MarkNotificationsRead>::new();
    let mail = ServerAction::<SetNotificationMail>::new();
    let loaded = Resource::new(
        move || {
            let before = query.read().get(paging::FIELD);
            (read.version().get(), mail.version().get(), before)
        },
        |(_, _, before)| notification_list(before),
    );
    let error = Signal::derive(move || {
        read.value()
            .get()
            .and_then(Result::err)
            .or_else(|| mail.value().get().and_then(Result::err))
    });
    let view_body = move || {
        Suspend::new(async move {
            let saved = query.read_untracked().get("saved").is_some()
                || mail
                    .value()
                    .read_untracked()
                    .as_ref()
                    .is_some_and(Result::is_ok);
            match loaded.await {
                Ok(page) => body(page, read, mail, saved),
                Err(error) => {
                    // A malformed `?before=` is the browser's mistake (422).
                    crate::platform::set_status(error.status_code());
                    view! { <PageError error /> }.into_any()
                }
            }
        })
    };
    view! {
        <Title text=texts.notifications.title />
        <RequireUser>
            // A new notification pushed to this page appears in place.
            <h1 data-live="notifications">{texts.notifications.title}</h1>
            <p><a href="/searches">{texts.saved_searches.nav}</a></p>
            <FormMessage error=error />
            <Transition fallback=move || view! { <p>{texts.orders.loading}</p> }>{view_body}</Transition>
        </RequireUser>
    }
    .into_any()
}
