use super::*;
use crate::domain::chat::MessageBody;
use crate::domain::order::PartyView;

const ME: i64 = 1;
const THEM: i64 = 2;
const CHAT: i64 = 10;

fn summary(last_seq: i64, read_seq: i64) -> ConversationSummary {
    ConversationSummary {
        id: CHAT,
        other: PartyView {
            id: THEM,
            nickname: "Them".into(),
            avatar: None,
        },
        online: true,
        order: None,
        last_seq,
        read_seq,
        unread: last_seq - read_seq,
        last_preview: None,
        last_at_ms: 0,
    }
}

fn text(text: &str) -> OutgoingBody {
    OutgoingBody::Text { text: text.into() }
}

fn message(seq: i64, sender: i64) -> ChatMessage {
    ChatMessage {
        id: 100 + seq,
        conversation_id: CHAT,
        seq,
        sender_id: sender,
        client_id: format!("c{seq}"),
        body: MessageBody::Text {
            text: format!("m{seq}"),
        },
        sent_at_ms: seq * 1000,
    }
}

fn listed(last_seq: i64, read_seq: i64) -> ChatState {
    let mut state = ChatState::new(ME);
    state.apply(
        ServerFrame::Conversations {
            conversations: vec![summary(last_seq, read_seq)],
            unread_total: last_seq - read_seq,
        },
        0,
    );
    state
}

fn seqs(state: &ChatState) -> Vec<i64> {
    state.messages[&CHAT].iter().map(|m| m.seq).collect()
}

#[test]
fn the_list_asks_for_whatever_is_missing_per_conversation() {
    let mut state = ChatState::new(ME);
    state.hold(CHAT, vec![message(1, THEM), message(2, THEM)]);
    let effects = state.apply(
        ServerFrame::Conversations {
            conversations: vec![summary(5, 0)],
            unread_total: 5,
        },
        0,
    );
    assert_eq!(
        effects,
        vec![Effect::Send(ClientFrame::Sync {
            conversation_id: CHAT,
            after_seq: 2
        })]
    );
    assert!(state.online.contains(&THEM));
    assert_eq!(state.unread_total(), 5);
}

#[test]
fn a_written_message_is_echoed_kept_and_sent_then_replaced_by_its_ack() {
    let mut state = listed(0, 0);
    let effects = state.write(CHAT, "local-1".into(), text("hi"), 5);
    assert!(matches!(effects[0], Effect::KeepPending(_)));
    assert!(matches!(effects[1], Effect::Send(ClientFrame::Send { .. })));
    assert_eq!(state.outbox.len(), 1);
    let effects = state.apply(
        ServerFrame::Ack {
            client_id: "local-1".into(),
            conversation_id: CHAT,
            message_id: 77,
            seq: 1,
            sent_at_ms: 9,
            duplicate: false,
        },
        0,
    );
    assert_eq!(effects[0], Effect::ForgetPending("local-1".into()));
    assert!(effects.iter().any(|e| matches!(e, Effect::Keep { .. })));
    assert!(state.outbox.is_empty());
    assert_eq!(seqs(&state), vec![1]);
    // The bus echo of the same message to my other tabs changes nothing here.
    let mut echo = message(1, ME);
    echo.client_id = "local-1".into();
    state.apply(ServerFrame::Message { message: echo }, 0);
    assert_eq!(seqs(&state), vec![1]);
    assert_eq!(state.unread_total(), 0);
}

#[test]
fn a_gap_in_seqs_asks_for_the_missing_messages() {
    let mut state = listed(1, 1);
    state.hold(CHAT, vec![message(1, THEM)]);
    let effects = state.apply(
        ServerFrame::Message {
            message: message(4, THEM),
        },
        0,
    );
    assert!(effects.contains(&Effect::Send(ClientFrame::Sync {
        conversation_id: CHAT,
        after_seq: 1
    })));
    state.apply(
        ServerFrame::History {
            conversation_id: CHAT,
            messages: vec![message(2, THEM), message(3, THEM), message(4, THEM)],
            has_more: false,
        },
        0,
    );
    assert_eq!(seqs(&state), vec![1, 2, 3, 4]);
    assert_eq!(state.unread_total(), 3);
}

#[test]
fn a_page_with_more_behind_it_asks_for_the_next_page() {
    let mut state = listed(150, 0);
    let page: Vec<ChatMessage> = (1..=100).map(|seq| message(seq, THEM)).collect();
    let effects = state.apply(
        ServerFrame::History {
            conversation_id: CHAT,
            messages: page,
            has_more: true,
        },
        0,
    );
    assert!(effects.contains(&Effect::Send(ClientFrame::Sync {
        conversation_id: CHAT,
        after_seq: 100
    })));
}

#[test]
fn a_reconnect_resends_what_is_still_sending_but_not_what_failed() {
    let mut state = listed(0, 0);
    state.write(CHAT, "a".into(), text("one"), 0);
    state.write(CHAT, "b".into(), text("two"), 0);
    state.apply(
        ServerFrame::Error {
            error: AppError::Conflict("blocked".into()),
            client_id: Some("b".into()),
        },
        0,
    );
    let effects = state.on_connected();
    let resent: Vec<&ClientFrame> = effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Send(frame @ ClientFrame::Send { .. }) => Some(frame),
            _ => None,
        })
        .collect();
    assert_eq!(resent.len(), 1);
    assert_eq!(effects[0], Effect::Send(ClientFrame::Conversations));
    // Retrying the failed one sends it and clears its failure.
    let effects = state.retry("b");
    assert!(matches!(effects[1], Effect::Send(ClientFrame::Send { .. })));
    assert!(state.outbox.iter().all(|pending| pending.failed.is_none()));
}

#[test]
fn unread_follows_the_servers_cursor_and_my_own_replies() {
    let mut state = listed(3, 0);
    assert_eq!(state.unread_total(), 3);
    assert_eq!(
        state.read_all(CHAT),
        vec![Effect::Send(ClientFrame::Read {
            conversation_id: CHAT,
            seq: 3
        })]
    );
    state.apply(
        ServerFrame::ReadMoved {
            conversation_id: CHAT,
            read_seq: 2,
            unread_total: 1,
        },
        0,
    );
    assert_eq!(state.unread_total(), 1);
    // A stale move never takes the cursor back.
    state.apply(
        ServerFrame::ReadMoved {
            conversation_id: CHAT,
            read_seq: 1,
            unread_total: 2,
        },
        0,
    );
    assert_eq!(state.unread_total(), 1);
    state.apply(
        ServerFrame::Message {
            message: message(4, ME),
        },
        0,
    );
    assert_eq!(state.unread_total(), 0);
    assert!(state.read_all(CHAT).is_empty());
}

#[test]
fn a_message_from_an_unknown_conversation_refreshes_the_list() {
    let mut state = ChatState::new(ME);
    let effects = state.apply(
        ServerFrame::Message {
            message: message(1, THEM),
        },
        0,
    );
    assert!(effects.contains(&Effect::Send(ClientFrame::Conversations)));
}

#[test]
fn typing_shows_for_a_few_seconds_and_stops_when_the_message_comes() {
    let mut state = listed(0, 0);
    state.apply(
        ServerFrame::Typing {
            conversation_id: CHAT,
            user_id: THEM,
        },
        1000,
    );
    assert!(state.is_typing(CHAT, 2000));
    assert!(!state.is_typing(CHAT, 1000 + TYPING_SHOWS_MS));
    state.apply(
        ServerFrame::Message {
            message: message(1, THEM),
        },
        1500,
    );
    assert!(!state.is_typing(CHAT, 2000));
}

#[test]
fn presence_changes_live() {
    let mut state = listed(0, 0);
    state.apply(
        ServerFrame::Presence {
            user_id: THEM,
            online: false,
        },
        0,
    );
    assert!(!state.online.contains(&THEM));
}

#[test]
fn what_a_page_wrote_before_the_engine_started_is_sent_for_its_own_user() {
    let mut state = ChatState::default();
    state.served_to(ME);
    state.hold(CHAT, vec![message(1, THEM)]);
    let effects = state.write(CHAT, "early".into(), text("hi"), 5);
    assert_eq!(effects.len(), 2, "kept and sent once possible");

    state.start_for(ME);
    assert_eq!(state.me, ME);
    assert_eq!(state.outbox.len(), 1);
    assert_eq!(
        state.held_seq(CHAT),
        0,
        "caught up (and cached) after the list"
    );
    let resent = state.on_connected();
    assert!(resent.iter().any(|effect| matches!(
        effect,
        Effect::Send(ClientFrame::Send { client_id, .. }) if client_id == "early"
    )));
}

#[test]
fn another_users_state_is_never_carried_into_an_engine() {
    let mut served_to_someone_else = ChatState::default();
    served_to_someone_else.served_to(THEM);
    served_to_someone_else.write(CHAT, "theirs".into(), text("not mine"), 5);
    served_to_someone_else.start_for(ME);
    assert_eq!(served_to_someone_else, ChatState::new(ME));

    let mut unclaimed = ChatState::default();
    unclaimed.write(CHAT, "early".into(), text("hi"), 5);
    unclaimed.start_for(ME);
    assert_eq!(
        unclaimed.outbox.len(),
        1,
        "an unclaimed page's state is the user's"
    );
}
