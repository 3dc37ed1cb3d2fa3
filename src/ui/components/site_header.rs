//! The site header: brand, main navigation, language switch.
//!
//! Rendered on the server (it knows who is signed in); only the menu button
//! is an island. Without JavaScript the navigation is always visible (it
//! wraps on narrow screens); once hydrated, narrow screens fold it behind
//! the menu button.

use super::{LanguageSwitch, UserMenu};
use crate::api::accounts::{Logout, me};
use crate::ui::chat::{BadgeCount, UnreadBadge};
use crate::ui::i18n::use_texts;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let texts = use_texts();
    let logout = ServerAction::<Logout>::new();
    let user = Resource::new(|| (), |_| async { me().await.ok().flatten() });

    view! {
        <header class="site-header">
            <a class="skip-link" href="#content">{texts.skip_to_content}</a>
            <div class="site-header__bar">
                <A href="/" attr:class="brand">
                    <img class="brand__mark" src="/favicon.svg" alt="" width="28" height="28" />
                    <span class="brand__name">{texts.site_name}</span>
                </A>
                <SiteNav>
                    <A href="/" exact=true>{texts.nav_hall}</A>
                    <A href="/publish">{texts.nav_publish}</A>
                    <A href="/messages">{texts.nav_messages} <UnreadBadge count=BadgeCount::Messages /></A>
                    <UserMenu user logout />
                    <LanguageSwitch />
                </SiteNav>
            </div>
        </header>
    }
}

/// The menu button and the navigation it folds on narrow screens; the links
/// inside are the server's.
#[island]
fn SiteNav(children: Children) -> impl IntoView {
    let texts = use_texts();
    let (menu_open, set_menu_open) = signal(false);
    let toggle_menu = move |_| set_menu_open.update(|open| *open = !*open);
    // Following a link closes the menu so the new page is not hidden under it.
    let close_menu = move |_| set_menu_open.set(false);
    view! {
        <button
            type="button"
            class="menu-toggle"
            aria-controls="site-nav"
            aria-expanded=move || menu_open.get().to_string()
            on:click=toggle_menu
        >
            {move || if menu_open.get() { texts.menu_close } else { texts.menu_open }}
        </button>
        <nav
            id="site-nav"
            class="site-nav"
            class:site-nav--open=menu_open
            aria-label=texts.nav_label
            on:click=close_menu
        >
            {children()}
        </nav>
    }
}
