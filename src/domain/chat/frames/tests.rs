use super::*;

#[test]
fn a_send_frame_round_trips_with_its_version() {
    let frame = ClientFrame::Send {
        conversation_id: 7,
        client_id: "c-1".into(),
        body: OutgoingBody::Text {
            text: "你好 \"quoted\"".into(),
        },
    };
    let text = encode(&frame);
    assert!(text.contains("\"v\":1"), "{text}");
    assert!(text.contains("\"type\":\"send\""), "{text}");
    assert_eq!(decode_client_frame(&text), Ok(frame));
}

#[test]
fn frames_without_arguments_are_one_word() {
    assert_eq!(
        decode_client_frame(r#"{"v":1,"type":"ping"}"#),
        Ok(ClientFrame::Ping)
    );
    assert_eq!(
        decode_client_frame(r#"{"v":1,"type":"conversations"}"#),
        Ok(ClientFrame::Conversations)
    );
}

#[test]
fn a_wrong_version_is_told_apart_from_garbage() {
    assert_eq!(
        decode_client_frame(r#"{"v":2,"type":"ping"}"#),
        Err((FrameError::UnsupportedVersion, None))
    );
    assert_eq!(
        decode_client_frame(r#"{"type":"ping"}"#),
        Err((FrameError::Malformed, None))
    );
    assert_eq!(
        decode_client_frame("not json"),
        Err((FrameError::Malformed, None))
    );
    assert_eq!(
        decode_client_frame(r#"{"v":1,"type":"launch_missiles"}"#),
        Err((FrameError::Malformed, None))
    );
}

#[test]
fn a_broken_send_still_names_its_client_id() {
    let text = r#"{"v":1,"type":"send","client_id":"abc","conversation_id":"seven"}"#;
    assert_eq!(
        decode_client_frame(text),
        Err((FrameError::Malformed, Some("abc".into())))
    );
}

#[test]
fn an_oversized_frame_is_refused_before_parsing() {
    let text = format!(
        r#"{{"v":1,"type":"send","client_id":"a","conversation_id":1,"body":{{"kind":"text","text":"{}"}}}}"#,
        "x".repeat(MAX_FRAME_BYTES)
    );
    assert_eq!(
        decode_client_frame(&text),
        Err((FrameError::TooLarge, None))
    );
    assert_eq!(
        FrameError::TooLarge.to_app_error(),
        AppError::invalid("frame", "too_large")
    );
}

#[test]
fn clients_ignore_server_frames_of_types_they_do_not_know() {
    assert_eq!(
        decode_server_frame(r#"{"v":1,"type":"payment_settled","order_id":3}"#),
        Ok(None)
    );
    assert_eq!(
        decode_server_frame(&encode(&ServerFrame::Pong)),
        Ok(Some(ServerFrame::Pong))
    );
    assert_eq!(decode_server_frame("[]"), Err(FrameError::Malformed));
}

#[test]
fn an_error_frame_carries_the_app_error() {
    let frame = ServerFrame::Error {
        error: AppError::RateLimited {
            retry_after_secs: 3,
        },
        client_id: Some("m-9".into()),
    };
    assert_eq!(decode_server_frame(&encode(&frame)), Ok(Some(frame)));
}

#[test]
fn every_server_frame_reads_back_as_written() {
    use crate::domain::chat::{ChatMessage, ConversationSummary, MessageBody};
    use crate::domain::order::PartyView;
    let message = ChatMessage {
        id: 5,
        conversation_id: 2,
        seq: 3,
        sender_id: 9,
        client_id: "c-3".into(),
        body: MessageBody::Text { text: "hi".into() },
        sent_at_ms: 1_700_000_000_000,
    };
    let summary = ConversationSummary {
        id: 2,
        other: PartyView {
            id: 9,
            nickname: "Bo".into(),
            avatar: None,
        },
        online: true,
        order: None,
        last_seq: 3,
        read_seq: 1,
        unread: 2,
        last_preview: Some("hi".into()),
        last_at_ms: 1_700_000_000_000,
    };
    let frames = [
        ServerFrame::Hello {
            user_id: 1,
            heartbeat_secs: 20,
            notifications_unread: 4,
        },
        ServerFrame::Ack {
            client_id: "c-3".into(),
            conversation_id: 2,
            message_id: 5,
            seq: 3,
            sent_at_ms: 7,
            duplicate: true,
        },
        ServerFrame::Message {
            message: message.clone(),
        },
        ServerFrame::History {
            conversation_id: 2,
            messages: vec![message],
            has_more: false,
        },
        ServerFrame::Conversations {
            conversations: vec![summary],
            unread_total: 2,
        },
        ServerFrame::ReadMoved {
            conversation_id: 2,
            read_seq: 3,
            unread_total: 0,
        },
        ServerFrame::Presence {
            user_id: 9,
            online: false,
        },
        ServerFrame::Resync,
        ServerFrame::Typing {
            conversation_id: 2,
            user_id: 9,
        },
        ServerFrame::Pong,
        ServerFrame::MoneyMoved { order_id: Some(8) },
        ServerFrame::MoneyMoved { order_id: None },
        ServerFrame::Notified { unread: 6 },
        ServerFrame::Error {
            error: AppError::NotFound,
            client_id: None,
        },
    ];
    for frame in frames {
        assert_eq!(decode_server_frame(&encode(&frame)), Ok(Some(frame)));
    }
}

#[test]
fn a_known_server_frame_missing_a_field_is_not_taken_for_another() {
    assert_eq!(
        decode_server_frame(r#"{"v":1,"type":"presence","user_id":3}"#),
        Ok(None)
    );
    assert_eq!(
        decode_server_frame(r#"{"v":2,"type":"pong"}"#),
        Err(FrameError::UnsupportedVersion)
    );
    assert_eq!(
        decode_server_frame(r#"{"type":"pong"}"#),
        Err(FrameError::Malformed)
    );
}
