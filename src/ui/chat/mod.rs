//! The chat in the page: the state every chat view reads, the tab's engine
//! (started while a user is signed in; stopped, with its cache deleted, on
//! sign-out), and the pieces of the messages pages.
//!
//! Islands: `ChatRoot` wraps the whole page and provides the chat to the
//! islands inside it (the header badges, the conversation list, the thread);
//! everything else about the messages pages is server HTML. It also offers
//! a reload when a push changes what a server-rendered page shows.
//!
//! Invariants: views render the server's data until the engine has listed
//! the conversations itself, so the hydrated page matches the server's
//! HTML; every change goes through `ChatState` (pure, unit-tested), never
//! around it.

mod avatar;
mod composer;
mod conversation_list;
mod message_view;
mod page_changed;
mod start_button;
mod thread;
mod thread_header;

pub use conversation_list::ConversationList;
pub use start_button::StartChatButton;
pub use thread::ThreadView;

use crate::domain::chat::client::{ChatState, Effect as ChatEffect};
use crate::domain::chat::{ClientFrame, OutgoingBody};
use crate::platform::{ChatEngine, ChatEngineStorage, clock_ms, new_client_id};
use crate::ui::i18n::use_texts;
use leptos::prelude::*;

/// The chat state and engine of this tab.
#[derive(Clone, Copy)]
pub struct Chat {
    pub state: RwSignal<ChatState>,
    pub connected: RwSignal<bool>,
    /// Minutes east of UTC for showing times: the browser's own once mounted.
    pub offset_minutes: RwSignal<i32>,
    /// The browser's clock, ticking every few seconds; 0 while rendering on
    /// the server and hydrating, so both render the same (UTC) times.
    pub now_ms: RwSignal<i64>,
    engine: StoredValue<Option<ChatEngine>, ChatEngineStorage>,
    refresher: StoredValue<Option<IntervalHandle>>,
}

impl Chat {
    fn perform(&self, effects: Vec<ChatEffect>) {
        if effects.is_empty() {
            return;
        }
        self.engine.with_value(|engine| {
            if let Some(engine) = engine {
                engine.perform(effects);
            }
        });
    }

    /// Writes a message into a conversation (shown at once, sent when it can be).
    pub fn write(&self, conversation_id: i64, body: OutgoingBody) {
        let client_id = new_client_id();
        let effects = self
            .state
            .try_update(|state| state.write(conversation_id, client_id, body, clock_ms()))
            .unwrap_or_default();
        self.perform(effects);
    }

    pub fn retry(&self, client_id: &str) {
        let effects = self
            .state
            .try_update(|state| state.retry(client_id))
            .unwrap_or_default();
        self.perform(effects);
    }

    /// Tells the other side this user is typing. Returns whether the notice
    /// went out: while offline it is dropped (a stale notice is worthless),
    /// and the composer tries again on the next keystroke.
    pub fn typing(&self, conversation_id: i64) -> bool {
        if !self.connected.get_untracked() {
            return false;
        }
        self.perform(vec![ChatEffect::Send(ClientFrame::Typing {
            conversation_id,
        })]);
        true
    }

    /// Marks the conversation read, if anything in it is unread.
    pub fn read_all(&self, conversation_id: i64) {
        let effects = self
            .state
            .with_untracked(|state| state.read_all(conversation_id));
        self.perform(effects);
    }

    /// Whether `user_id` is online: live once the engine has listed the
    /// conversations, what the server rendered (`served`) until then.
    pub fn is_online(&self, user_id: i64, served: bool) -> Signal<bool> {
        let state = self.state;
        Signal::derive(move || {
            state.with(|state| {
                if state.listed {
                    state.online.contains(&user_id)
                } else {
                    served
                }
            })
        })
    }

    /// Shows a conversation's cached history and catches up.
    pub fn open_conversation(&self, conversation_id: i64) {
        self.engine.with_value(|engine| {
            if let Some(engine) = engine {
                engine.open_conversation(conversation_id);
            }
        });
    }

    /// Follows the signed-in user: starts the engine for them, stops (and
    /// forgets) it when nobody or somebody else is signed in.
    pub fn follow_user(&self, user: Option<i64>) {
        let running = self
            .engine
            .with_value(|engine| engine.as_ref().map(ChatEngine::user));
        if running == user {
            return;
        }
        self.engine.update_value(|engine| {
            if let Some(old) = engine.take() {
                old.stop_and_forget();
            }
        });
        if let Some(refresher) = self.refresher.get_value() {
            refresher.clear();
        }
        self.connected.set(false);
        if let Some(me) = user {
            let engine = ChatEngine::start(me, self.state, self.connected);
            self.engine.set_value(Some(engine));
            self.refresher.set_value(keep_session_fresh());
        } else {
            self.state.set(ChatState::default());
        }
    }
}

/// A chat tab can stay open for hours without a page load: ask the server
/// now and then, which re-issues the session cookie while the session is
/// live, so the socket's reconnects keep working.
fn keep_session_fresh() -> Option<IntervalHandle> {
    set_interval_with_handle(
        || {
            leptos::task::spawn_local(async {
                let _ = crate::api::accounts::me().await;
            });
        },
        std::time::Duration::from_secs(5 * 60),
    )
    .ok()
}

/// The tab's chat around the whole page: the islands inside it share one
/// engine. In the browser it asks who is signed in (each page is a fresh
/// load, and signing in or out is a form post that no engine sees), starts
/// that user's engine and deletes the cache of a user who has left.
#[island]
pub fn ChatRoot(children: Children) -> impl IntoView {
    let chat = provide_chat();
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            let Ok(user) = crate::api::accounts::me().await else {
                // Unknown (offline, server down): keep everything as it is.
                return;
            };
            let user = user.map(|user| user.id);
            ChatEngine::forget_previous_user(user);
            chat.follow_user(user);
        });
    });
    Effect::new(move |_| crate::platform::mark_connected(chat.connected.get()));
    view! {
        <page_changed::PageChangedNotice chat />
        {children()}
    }
}

/// Creates the tab's chat; `ChatRoot` calls it once for the page.
pub fn provide_chat() -> Chat {
    let chat = Chat {
        state: RwSignal::new(ChatState::default()),
        connected: RwSignal::new(false),
        offset_minutes: RwSignal::new(0),
        now_ms: RwSignal::new(0),
        engine: StoredValue::new_with_storage(None),
        refresher: StoredValue::new(None),
    };
    provide_context(chat);
    // Browser only (effects do not run on the server): local time, a clock.
    Effect::new(move |_| {
        chat.offset_minutes
            .set(crate::platform::utc_offset_minutes());
        chat.now_ms.set(clock_ms());
        let tick = set_interval_with_handle(
            move || chat.now_ms.set(clock_ms()),
            std::time::Duration::from_secs(1),
        );
        on_cleanup(move || {
            if let Ok(tick) = tick {
                tick.clear();
            }
        });
    });
    chat
}

pub fn use_chat() -> Chat {
    use_context::<Chat>().unwrap_or_else(|| {
        // Only a view rendered outside `App` lacks it; give it an idle chat.
        provide_chat()
    })
}

/// Which count a header badge shows.
#[derive(Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BadgeCount {
    /// Unread chat messages, beside "Messages".
    Messages,
    /// Unread notifications, beside "Notifications".
    Notifications,
}

/// An unread count in the header; absent at zero and until the realtime
/// connection has said it. One island for both counts: each island kind
/// costs its own entry point and props reader in the WASM.
#[island]
pub fn UnreadBadge(count: BadgeCount) -> impl IntoView {
    let chat = use_chat();
    let texts = use_texts();
    let (test_id, label) = match count {
        BadgeCount::Messages => ("unread-badge", texts.chat.unread),
        BadgeCount::Notifications => ("notification-badge", texts.notifications.unread),
    };
    move || {
        let unread = chat.state.with(|state| match count {
            BadgeCount::Messages => state.unread_total(),
            BadgeCount::Notifications => state.notifications_unread,
        });
        (unread > 0).then(|| {
            view! {
                <span class="badge" data-testid=test_id aria-label=format!("{unread} {label}")>
                    {unread}
                </span>
            }
        })
    }
}

/// When something happened, in the viewer's time zone once the page runs in
/// the browser (`HH:MM` today, with the date otherwise), in UTC before.
pub fn moment(chat: Chat, ms: i64) -> impl Fn() -> String + Send + Sync + 'static {
    use crate::domain::calendar::format_moment;
    move || match chat.now_ms.get() {
        0 => format!("{} UTC", format_moment(ms, 0, i64::MIN / 4)),
        now => format_moment(ms, chat.offset_minutes.get(), now),
    }
}
