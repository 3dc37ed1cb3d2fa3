//! The admin's user list with ban and unban. Each row's forms work with
//! JavaScript off; the list reloads after every change.

use crate::api::admin::{BanUser, UnbanUser, admin_users};
use crate::domain::Role;
use crate::domain::account::UserSummary;
use crate::ui::components::{FormMessage, RequireUser};
use crate::ui::i18n::use_texts;
use crate::ui::query::use_query_map;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let texts = use_texts();
    let admin = &texts.admin;
    let query = use_query_map();
    let ban = ServerAction::<BanUser>::new();
    let unban = ServerAction::<UnbanUser>::new();
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
    };
    let users = Resource::new(
        move || (page(), ban.version().get(), unban.version().get()),
        |(page, _, _)| admin_users(page),
    );
    let error = Signal::derive(move || {
        ban.value()
            .get()
            .and_then(Result::err)
            .or_else(|| unban.value().get().and_then(Result::err))
    });

    view! {
        <Title text=admin.title />
        <RequireUser>
            <h1>{admin.title}</h1>
            <p class="lead">{admin.intro}</p>
            <FormMessage error=error />
            <Suspense>
                {move || {
                    users.get().map(|result| match result {
                        Ok(list) => {
                            let rows = list
                                .users
                                .into_iter()
                                .map(|user| view! { <UserRow user ban unban /> })
                                .collect_view();
                            let pager = view! {
                                <nav class="pager" aria-label=admin.page>
                                    <Show when=move || { list.page > 1 }>
                                        <a href=format!("?page={}", list.page - 1)>{admin.previous}</a>
                                    </Show>
                                    <span>{admin.page} " " {list.page} " / " {list.pages}</span>
                                    <Show when=move || { list.page < list.pages }>
                                        <a href=format!("?page={}", list.page + 1)>{admin.next}</a>
                                    </Show>
                                </nav>
                            };
                            view! {
                                <div class="table-wrap">
                                    <table class="users">
                                        <thead>
                                            <tr>
                                                <th scope="col">{admin.user}</th>
                                                <th scope="col">{admin.role}</th>
                                                <th scope="col">{admin.status}</th>
                                                <th scope="col">{admin.action}</th>
                                            </tr>
                                        </thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                </div>
                                {pager}
                            }
                            .into_any()
                        }
                        Err(error) => {
                            let error = Signal::derive(move || Some(error.clone()));
                            view! { <FormMessage error /> }.into_any()
                        }
                    })
                }}
            </Suspense>
        </RequireUser>
    }
    .into_any()
}

#[component]
fn UserRow(
    user: UserSummary,
    ban: ServerAction<BanUser>,
    unban: ServerAction<UnbanUser>,
) -> impl IntoView {
    let texts = use_texts();
    let admin = &texts.admin;
    let role = if user.role == Role::Admin {
        admin.role_admin
    } else {
        admin.role_user
    };
    let reason_id = format!("reason-{}", user.id);
    let action = match user.banned_reason.clone() {
        Some(_) => view! {
            <ActionForm action=unban attr:class="inline-form">
                <input type="hidden" name="user_id" value=user.id.to_string() />
                <button type="submit">{admin.unban}</button>
            </ActionForm>
        }
        .into_any(),
        None => view! {
            <ActionForm action=ban attr:class="inline-form">
                <input type="hidden" name="user_id" value=user.id.to_string() />
                <label class="visually-hidden" for=reason_id.clone()>{admin.reason}</label>
                <input id=reason_id name="reason" placeholder=admin.reason maxlength="200" required />
                <button type="submit">{admin.ban}</button>
            </ActionForm>
        }
        .into_any(),
    };
    let status = match user.banned_reason {
        Some(reason) => format!("{}: {reason}", admin.banned),
        None => admin.active.to_owned(),
    };
    view! {
        <tr>
            <td>
                <strong>{user.nickname}</strong>
                <br />
                <span class="muted">{user.email}</span>
            </td>
            <td>{role}</td>
            <td>{status}</td>
            <td>{action}</td>
        </tr>
    }
}
