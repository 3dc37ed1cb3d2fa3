//! The chat engine in the browser: owns the tab's realtime link and the
//! IndexedDB cache, feeds server frames to the pure `ChatState`, and carries
//! out the effects it returns.
//!
//! Invariants: the cache is opened (and the outbox restored) before the
//! socket, so nothing arrives before it can be kept (and the outbox the page
//! wrote before the engine started is kept with it); a frame that cannot be
//! sent while offline is dropped only when the state re-creates it on the
//! next connect (list, catch-up, outbox), so going offline loses nothing.

use super::chat_store::ChatStore;
use super::realtime::{self, RealtimeLink};
use super::timing::now_ms;
use crate::domain::chat::ClientFrame;
use crate::domain::chat::client::{ChatState, Effect};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

#[derive(Clone)]
pub struct ChatEngine {
    inner: Rc<Inner>,
}

struct Inner {
    me: i64,
    state: RwSignal<ChatState>,
    link: RefCell<Option<RealtimeLink>>,
    store: RefCell<Option<Rc<ChatStore>>>,
    stopped: Cell<bool>,
}

impl ChatEngine {
    /// Deletes the cache of whoever was signed in here before, if that is
    /// no longer `user` (see `ChatStore::forget_previous_user`).
    pub fn forget_previous_user(user: Option<i64>) {
        wasm_bindgen_futures::spawn_local(ChatStore::forget_previous_user(user));
    }

    /// Opens the cache of user `me`, then the connection.
    pub fn start(me: i64, state: RwSignal<ChatState>, connected: RwSignal<bool>) -> ChatEngine {
        state.update(|state| state.start_for(me));
        let engine = ChatEngine {
            inner: Rc::new(Inner {
                me,
                state,
                link: RefCell::new(None),
                store: RefCell::new(None),
                stopped: Cell::new(false),
            }),
        };
        let starting = engine.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let store = Rc::new(ChatStore::open(me).await);
            let pending = store.pending().await;
            // From here on every write is kept as it is made; what was
            // written on this page before the cache was open is kept now.
            *starting.inner.store.borrow_mut() = Some(store.clone());
            let unkept: Vec<_> = state.with_untracked(|state| {
                state
                    .outbox
                    .iter()
                    .filter(|written| {
                        !pending
                            .iter()
                            .any(|kept| kept.client_id == written.client_id)
                    })
                    .cloned()
                    .collect()
            });
            for written in &unkept {
                store.keep_pending(written).await;
            }
            state.update(|state| state.restore_outbox(pending));
            if starting.inner.stopped.get() {
                return;
            }
            let on_frame = {
                let engine = starting.clone();
                move |frame| {
                    let effects = state
                        .try_update(|state| state.apply(frame, now_ms() as i64))
                        .unwrap_or_default();
                    engine.perform(effects);
                }
            };
            let on_status = {
                let engine = starting.clone();
                move |up: bool| {
                    connected.set(up);
                    if up {
                        let effects = state
                            .try_update(ChatState::on_connected)
                            .unwrap_or_default();
                        engine.perform(effects);
                    }
                }
            };
            let link = realtime::connect(on_frame, on_status);
            *starting.inner.link.borrow_mut() = Some(link);
        });
        engine
    }

    pub fn user(&self) -> i64 {
        self.inner.me
    }

    /// Carries out what the state asked for.
    pub fn perform(&self, effects: Vec<Effect>) {
        let mut to_keep = Vec::new();
        for effect in effects {
            match effect {
                Effect::Send(frame) => self.send(&frame),
                other => to_keep.push(other),
            }
        }
        if to_keep.is_empty() {
            return;
        }
        let Some(store) = self.inner.store.borrow().clone() else {
            return;
        };
        wasm_bindgen_futures::spawn_local(async move {
            for effect in to_keep {
                match effect {
                    Effect::Keep {
                        conversation_id,
                        messages,
                    } => store.keep(conversation_id, &messages).await,
                    Effect::KeepPending(pending) => store.keep_pending(&pending).await,
                    Effect::ForgetPending(client_id) => store.forget_pending(&client_id).await,
                    Effect::Send(_) => {}
                }
            }
        });
    }

    fn send(&self, frame: &ClientFrame) {
        if let Some(link) = &*self.inner.link.borrow() {
            // Offline: the state repeats what matters on the next connect.
            link.send(frame);
        }
    }

    /// Shows a conversation's cached history at once, then catches up.
    pub fn open_conversation(&self, conversation_id: i64) {
        let Some(store) = self.inner.store.borrow().clone() else {
            return;
        };
        let engine = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let cached = store.messages(conversation_id).await;
            let state = engine.inner.state;
            state.update(|state| state.hold(conversation_id, cached));
            let after_seq = state.with_untracked(|state| state.held_seq(conversation_id));
            engine.send(&ClientFrame::Sync {
                conversation_id,
                after_seq,
            });
        });
    }

    /// Signing out: closes the connection and deletes the user's cache.
    pub fn stop_and_forget(&self) {
        self.inner.stopped.set(true);
        if let Some(link) = self.inner.link.borrow_mut().take() {
            link.stop();
        }
        let store = self.inner.store.borrow_mut().take();
        let me = self.inner.me;
        wasm_bindgen_futures::spawn_local(async move {
            // Writes still in flight hold the store for a moment; the
            // database can only be deleted once its connection is closed.
            let mut store = store;
            for _ in 0..100 {
                match store.map(Rc::try_unwrap) {
                    Some(Ok(only)) => {
                        only.close();
                        break;
                    }
                    Some(Err(shared)) => {
                        store = Some(shared);
                        super::timing::sleep_ms(20).await;
                    }
                    None => break,
                }
            }
            ChatStore::delete(me).await;
        });
    }
}

/// A fresh client message id.
pub fn new_client_id() -> String {
    let random = || (js_sys::Math::random() * 4_294_967_296.0) as u64;
    format!("{:x}-{:08x}{:08x}", now_ms() as u64, random(), random())
}

/// Milliseconds since the Unix epoch, as the browser's clock says.
pub fn clock_ms() -> i64 {
    now_ms() as i64
}

/// Minutes east of UTC in the browser's time zone now.
pub fn utc_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}
