//! An ordered list of Markdown text blocks: add, remove, reorder by buttons
//! or by dragging.

use crate::ui::i18n::use_texts;
use leptos::prelude::*;

/// One block being edited; `key` keeps its identity while the list moves.
#[derive(Clone, Copy)]
pub struct BlockItem {
    key: u64,
    pub text: RwSignal<String>,
}

/// The editor's state: the blocks in order.
#[derive(Clone, Copy)]
pub struct Blocks {
    items: RwSignal<Vec<BlockItem>>,
    next_key: StoredValue<u64>,
}

impl Blocks {
    pub fn new(initial: Vec<String>) -> Blocks {
        let initial = if initial.is_empty() {
            vec![String::new()]
        } else {
            initial
        };
        let items = initial
            .into_iter()
            .enumerate()
            .map(|(key, text)| BlockItem {
                key: key as u64,
                text: RwSignal::new(text),
            })
            .collect::<Vec<_>>();
        let next_key = StoredValue::new(items.len() as u64);
        Blocks {
            items: RwSignal::new(items),
            next_key,
        }
    }

    /// The texts, in order.
    pub fn texts(&self) -> Vec<String> {
        self.items
            .get()
            .iter()
            .map(|item| item.text.get())
            .collect()
    }

    fn add(&self) {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        self.items.update(|items| {
            items.push(BlockItem {
                key,
                text: RwSignal::new(String::new()),
            })
        });
    }

    fn remove(&self, key: u64) {
        self.items
            .update(|items| items.retain(|item| item.key != key));
    }

    /// Moves block `key` to `to` (clamped).
    fn move_to(&self, key: u64, to: usize) {
        self.items.update(|items| {
            if let Some(from) = items.iter().position(|item| item.key == key) {
                let item = items.remove(from);
                items.insert(to.min(items.len()), item);
            }
        });
    }

    fn index_of(&self, key: u64) -> usize {
        self.items
            .with(|items| items.iter().position(|item| item.key == key))
            .unwrap_or_default()
    }
}

#[component]
pub fn BlocksEditor(blocks: Blocks) -> impl IntoView {
    let texts = use_texts();
    let t = &texts.orders;
    let dragging = RwSignal::new(None::<u64>);
    let count = move || blocks.items.with(Vec::len);
    let row = move |item: BlockItem| {
        let key = item.key;
        let label = move || format!("{} {}", t.block, blocks.index_of(key) + 1);
        view! {
            <li class="block-editor" draggable="true"
                class:block-editor--dragging=move || dragging.get() == Some(key)
                on:dragstart=move |_| dragging.set(Some(key))
                on:dragend=move |_| dragging.set(None)
                on:dragover=move |event| event.prevent_default()
                on:drop=move |event| {
                    event.prevent_default();
                    if let Some(moved) = dragging.get_untracked() {
                        blocks.move_to(moved, blocks.index_of(key));
                    }
                    dragging.set(None);
                }>
                <div class="block-editor__bar">
                    <span class="block-editor__handle" aria-hidden="true">"⠿"</span>
                    <span>{label}</span>
                    <button type="button" class="icon-button" title=t.move_up aria-label=t.move_up
                        disabled=move || blocks.index_of(key) == 0
                        on:click=move |_| blocks.move_to(key, blocks.index_of(key).saturating_sub(1))>"↑"</button>
                    <button type="button" class="icon-button" title=t.move_down aria-label=t.move_down
                        disabled=move || { blocks.index_of(key) + 1 >= count() }
                        on:click=move |_| blocks.move_to(key, blocks.index_of(key) + 1)>"↓"</button>
                    <button type="button" class="icon-button" title=t.remove aria-label=t.remove
                        disabled=move || { count() <= 1 }
                        on:click=move |_| blocks.remove(key)>"✕"</button>
                </div>
                <textarea rows="5" aria-label=label maxlength="10000"
                    prop:value=move || item.text.get()
                    on:input=move |event| item.text.set(event_target_value(&event))></textarea>
            </li>
        }
    };
    view! {
        <fieldset class="blocks">
            <legend>{t.blocks}</legend>
            <p class="hint">{t.blocks_hint}</p>
            <ol class="blocks__list">
                <For each=move || blocks.items.get() key=|item| item.key children=row />
            </ol>
            <button type="button" class="button button--quiet" on:click=move |_| blocks.add()>
                {t.add_block}
            </button>
        </fieldset>
    }
    .into_any()
}
