//! The owner's profile form (nickname, introduction, phone) and avatar
//! upload. Both work with JavaScript off: the profile through its server
//! function, the avatar as a multipart form the server answers with a
//! redirect.

use crate::api::profile::{UpdateProfile, my_profile};
use crate::domain::account::OwnProfile;
use crate::ui::components::{AvatarCropper, FieldMessage, FormMessage};
use crate::ui::i18n::use_texts;
use crate::ui::query::use_query_map;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ProfileForm() -> impl IntoView {
    let update = ServerAction::<UpdateProfile>::new();
    let profile = Resource::new(move || update.version().get(), |_| my_profile());
    view! {
        <Suspense>
            {move || {
                profile.get().map(|result| {
                    result.ok().map(|profile| view! { <ProfileFields profile update /> }.into_any())
                })
            }}
        </Suspense>
    }
}

#[component]
fn ProfileFields(profile: OwnProfile, update: ServerAction<UpdateProfile>) -> impl IntoView {
    let texts = use_texts();
    let account = &texts.account;
    let query = use_query_map();
    let error = Signal::derive(move || update.value().get().and_then(Result::err));
    // With JavaScript the action's value says so; without, the redirect does.
    let saved = move || match update.value().get() {
        Some(result) => result.is_ok(),
        None => query.read().get("saved").is_some(),
    };
    let avatar_saved = move || query.read().get("avatar").is_some();
    let avatar_error = move || {
        query
            .read()
            .get("avatar_error")
            .map(|code| texts.errors.for_code(&code))
    };
    let public_link = format!("/users/{}", profile.id);
    let avatar = profile.avatar.clone();

    view! {
        <section class="panel auth">
            <h2>{account.profile_title}</h2>
            <div class="avatar-row">
                {avatar.map(|src| view! { <img class="avatar" src=src alt="" width="96" height="96" /> })}
                <A href=public_link>{account.public_profile_link}</A>
            </div>
            <form class="form" method="post" action="/account/avatar" enctype="multipart/form-data">
                <AvatarCropper />
                <p class="hint" id="avatar-hint">{account.avatar_hint}</p>
                <Show when=move || avatar_error().is_some()>
                    <p class="field-error" id="avatar-error" role="alert">{avatar_error}</p>
                </Show>
                <Show when=avatar_saved>
                    <p class="notice" role="status">{account.avatar_saved}</p>
                </Show>
                <button type="submit" class="button button--quiet">{account.avatar_upload}</button>
            </form>
            <ActionForm action=update attr:class="form" attr:novalidate=true>
                <p class="muted">{account.email} ": " {profile.email.clone()}</p>
                <label for="nickname">{account.nickname}</label>
                <input id="nickname" name="nickname" value=profile.nickname.clone() maxlength="32" required
                    aria-describedby="nickname-error" />
                <FieldMessage error=error field="nickname" />
                <label for="intro">{account.intro}</label>
                <textarea id="intro" name="intro" rows="4" maxlength="500" aria-describedby="intro-error">
                    {profile.intro.clone()}
                </textarea>
                <FieldMessage error=error field="intro" />
                <label for="phone">{account.phone}</label>
                <input id="phone" name="phone" type="tel" value=profile.phone.clone() maxlength="20"
                    aria-describedby="phone-hint phone-error" />
                <p class="hint" id="phone-hint">{account.phone_hint}</p>
                <FieldMessage error=error field="phone" />
                <FormMessage error=error />
                <Show when=saved>
                    <p class="notice" role="status">{account.saved_notice}</p>
                </Show>
                <button type="submit" class="button">{account.save}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}
