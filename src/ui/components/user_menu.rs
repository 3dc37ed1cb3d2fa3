//! The header's account corner: a sign-in link, or the user's name and a
//! sign-out button (a form, so it works with JavaScript off).

use crate::api::accounts::Logout;
use crate::domain::{CurrentUser, Role};
use crate::ui::chat::{BadgeCount, UnreadBadge};
use crate::ui::i18n::use_texts;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::A;

/// `user` is the header's reading of the session (see `SiteHeader`).
#[component]
pub fn UserMenu(
    user: Resource<Option<CurrentUser>>,
    logout: ServerAction<Logout>,
) -> impl IntoView {
    let texts = use_texts();
    view! {
        <Transition fallback=move || view! { <A href="/login" attr:class="site-nav__sign-in">{texts.nav_sign_in}</A> }>
            {move || {
                user.get()
                    .map(|user| match user {
                        Some(user) => view! {
                            <span class="user-menu">
                                <Show when=move || user.role == Role::Admin>
                                    <A href="/admin/users">{texts.admin.nav}</A>
                                    <A href="/admin/categories">{texts.admin.categories_nav}</A>
                                    <A href="/admin/withdrawals">{texts.withdrawals.nav}</A>
                                    <A href="/admin/disputes">{texts.disputes.nav}</A>
                                </Show>
                                <A href="/my/orders">{texts.orders.my_orders}</A>
                                <A href="/wallet">{texts.money.nav_wallet}</A>
                                <A href="/notifications">{texts.notifications.nav} <UnreadBadge count=BadgeCount::Notifications /></A>
                                <A href="/account" attr:class="user-menu__name" attr:title=texts.account.signed_in_as>{user.nickname}</A>
                                <ActionForm action=logout attr:class="user-menu__logout">
                                    <button type="submit">{texts.account.sign_out}</button>
                                </ActionForm>
                            </span>
                        }
                        .into_any(),
                        None => view! { <A href="/login" attr:class="site-nav__sign-in">{texts.nav_sign_in}</A> }.into_any(),
                    })
            }}
        </Transition>
    }
}
