//! A user's public profile: nickname, avatar, introduction. Never the e-mail
//! or the phone (the server does not even send them).

use super::use_id_param;
use crate::api::profile::user_profile;
use crate::ui::chat::StartChatButton;
use crate::ui::components::FormMessage;
use crate::ui::i18n::use_texts;
use crate::ui::orders::ReputationPanel;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn UserProfilePage() -> impl IntoView {
    let texts = use_texts();
    let id = use_id_param();
    let profile = Resource::new(id, |id| async move {
        match id {
            Some(id) => user_profile(id).await,
            None => Err(crate::domain::AppError::NotFound),
        }
    });
    let viewer = Resource::new(
        || (),
        |_| async { crate::api::accounts::me().await.ok().flatten() },
    );
    view! {
        <Suspense>
            {move || {
                profile.get().map(|result| match result {
                    Ok(profile) => {
                        let intro = if profile.intro.is_empty() { texts.account.no_intro.to_owned() } else { profile.intro.clone() };
                        view! {
                            <Title text=profile.nickname.clone() />
                            <section class="panel profile">
                                {profile.avatar.clone().map(|src| view! { <img class="avatar avatar--large" src=src alt="" width="128" height="128" /> })}
                                <h1>{profile.nickname.clone()}</h1>
                                <p class="profile__intro">{intro}</p>
                                {move || {
                                    let other = profile.id;
                                    viewer.get().flatten().filter(|me| me.id != other).map(|_| view! {
                                        <StartChatButton user_id=other order_id=None label=texts.chat.message_user />
                                    })
                                }}
                            </section>
                            <ReputationPanel user_id=profile.id />
                        }
                        .into_any()
                    }
                    Err(error) => {
                        crate::platform::set_status(error.status_code());
                        let error = Signal::derive(move || Some(error.clone()));
                        view! { <FormMessage error /> }.into_any()
                    }
                })
            }}
        </Suspense>
    }
}
