//! Wraps pages that need a signed-in user: others are sent to the sign-in
//! page with `next` pointing back. This is for the user's convenience only;
//! every server function checks the session itself.

use crate::api::accounts::me;
use crate::domain::navigation::query_escape;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

#[component]
pub fn RequireUser(children: ChildrenFn) -> impl IntoView {
    let location = use_location();
    let user = Resource::new_blocking(|| (), |_| async { me().await.ok().flatten() });
    let login = move || {
        format!(
            "/login?next={}",
            query_escape(&location.pathname.get_untracked())
        )
    };
    view! {
        <Suspense>
            {move || {
                user.get()
                    .map(|user| match user {
                        Some(_) => children().into_any(),
                        None => view! { <Redirect path=login() /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}
