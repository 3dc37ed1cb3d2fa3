//! The hall's "Save this search" form: a name, the digest switch and the
//! hall's current query as a hidden field, shown to signed-in users on a
//! filtered hall. A plain form post, so it works with JavaScript off.

use crate::api::accounts::me;
use crate::api::saved_searches::SaveSearch;
use crate::ui::components::{FieldMessage, FormMessage};
use crate::ui::i18n::use_texts;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// `query` is the filter's first page as a query string (`?c=1&q=...`).
#[component]
pub fn SaveSearchForm(query: String) -> impl IntoView {
    let t = &use_texts().saved_searches;
    let save = ServerAction::<SaveSearch>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let user = Resource::new(|| (), |_| async { me().await.ok().flatten() });
    let form = move || {
        let query = query.clone();
        Suspend::new(async move {
            user.await.map(|_| {
                view! {
                    <details class="panel save-search" open=move || error.get().is_some()>
                        <summary>{t.save_title}</summary>
                        <FormMessage error=error />
                        <ActionForm action=save attr:class="form">
                            <input type="hidden" name="query" value=query />
                            <label>
                                {t.name_label}
                                <input name="name" required maxlength="60" aria-describedby="name-error" />
                            </label>
                            <FieldMessage error=error field="name" />
                            <FieldMessage error=error field="query" />
                            <label class="check">
                                <input type="checkbox" name="digest" value="on" />
                                " " {t.digest_label}
                            </label>
                            <button type="submit" class="button">{t.save}</button>
                        </ActionForm>
                    </details>
                }
            })
        })
    };
    view! { <Suspense>{form}</Suspense> }
}
