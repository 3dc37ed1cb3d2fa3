//! The matrix: every server function (`POST /api/<endpoint>`) and every
//! plain route, what its call is about (the stage), the arguments that
//! reach its rights check, and what each kind of caller gets.
//!
//! Columns: anonymous, a signed-in stranger, the order's publisher, its
//! taker, an admin (a party to nothing), a banned user. Where a row has no
//! order, publisher and taker are simply two more signed-in users; on an
//! untaken order the taker column is a user who has not taken it. Allowed
//! calls are `OK` (served) or `RULE` (past the rights check, the business
//! rule answers); refusals are exact: 401 without a (live, unbanned)
//! session, 403 for a signed-in caller without the right, 404 where the
//! endpoint does not tell a stranger that the thing exists, `NIL` where it
//! answers "nothing for you" instead.

use super::call::{
    Body, E401, E403, E404, Expect, NIL, OK, RULE, Request, at, form, json, plain, with,
};
use super::scene::{PASSWORD, Scene, Stage};
use crate::support::money::answer;
use crate::support::orders::draft;
use bounty::domain::order::{HallFilter, MyOrdersFilter};
use serde_json::json as value;

pub struct Row {
    /// `METHOD /path`, the path as the router names it.
    pub route: &'static str,
    pub stage: Stage,
    pub request: fn(&Scene) -> Request,
    /// Anonymous, stranger, publisher, taker, admin, banned.
    pub expect: [Expect; 6],
}

macro_rules! rows {
    ($(($route:literal, $stage:ident, $request:expr, $expect:expr),)*) => {
        vec![$(Row {
            route: $route,
            stage: Stage::$stage,
            request: $request,
            expect: $expect,
        },)*]
    };
}

/// Every signed-in caller is served; the anonymous and the banned are not.
const SIGNED_IN: [Expect; 6] = [E401, OK, OK, OK, OK, E401];
/// Anyone is served, a session or none.
const ANYONE: [Expect; 6] = [OK; 6];
/// Public, and what decides is the business rule (a captcha, a code).
const PUBLIC_RULE: [Expect; 6] = [RULE; 6];
/// Only an admin.
const ADMIN_ONLY: [Expect; 6] = [E401, E403, E403, E403, OK, E401];
/// Only the order's publisher.
const PUBLISHER_ONLY: [Expect; 6] = [E401, E403, OK, E403, E403, E401];
/// Only the order's taker.
const TAKER_ONLY: [Expect; 6] = [E401, E403, E403, OK, E403, E401];
/// Either party of the order.
const PARTIES: [Expect; 6] = [E401, E403, OK, OK, E403, E401];

fn application(scene: &Scene) -> Request {
    form([
        ("id", scene.order.to_string()),
        ("pitch", "I can do it".into()),
        ("delivery", "2099-01-01".into()),
    ])
}

fn id(scene: &Scene) -> Request {
    form([("id", scene.order.to_string())])
}

fn keyed(scene: &Scene) -> Request {
    form([
        ("id", scene.order.to_string()),
        ("key", format!("matrix-{}", scene.serial)),
    ])
}

fn conversation(scene: &Scene) -> Request {
    form([("conversation_id", scene.conversation.to_string())])
}

fn peer(scene: &Scene) -> Request {
    form([("user_id", scene.peer.to_string())])
}

fn names(scene: &Scene) -> [(&'static str, String); 2] {
    [
        ("name_en", format!("Matrix {}", scene.serial)),
        ("name_zh", format!("矩阵 {}", scene.serial)),
    ]
}

fn to_json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).expect("json")
}

#[rustfmt::skip]
pub fn rows() -> Vec<Row> {
    rows![
        // Accounts. Sign-up, sign-in and recovery are public; their captcha
        // or mailed code decides.
        ("POST /api/captcha", Nothing, |_| plain(), ANYONE),
        ("POST /api/account/register", Nothing, |s| form([
            ("email", format!("new{}@matrix.example", s.serial)), ("password", "long-enough-1".into()),
            ("nickname", format!("New {}", s.serial)), ("captcha_id", "unsolved".into()),
            ("captcha_clicks", "1,1".into())]), PUBLIC_RULE),
        ("POST /api/account/confirm", Nothing, |s| form([
            ("email", format!("new{}@matrix.example", s.serial)), ("code", "000000".into())]), PUBLIC_RULE),
        ("POST /api/account/login", Nothing, |s| form([
            ("email", format!("nobody{}@matrix.example", s.serial)), ("password", PASSWORD.into()),
            ("captcha_id", "unsolved".into()), ("captcha_clicks", "1,1".into()), ("next", "/".into())]),
            PUBLIC_RULE),
        ("POST /api/account/logout", Nothing, |_| plain(), ANYONE),
        ("POST /api/account/me", Nothing, |_| plain(), [NIL, OK, OK, OK, OK, NIL]),
        ("POST /api/account/forgot", Nothing, |s| form([
            ("email", format!("nobody{}@matrix.example", s.serial)), ("captcha_id", "unsolved".into()),
            ("captcha_clicks", "1,1".into())]), PUBLIC_RULE),
        ("POST /api/account/reset", Nothing, |s| form([
            ("email", format!("nobody{}@matrix.example", s.serial)), ("code", "000000".into()),
            ("password", "long-enough-2".into())]), PUBLIC_RULE),
        ("POST /api/account/password", Nothing, |_| form([
            ("current_password", PASSWORD.into()), ("new_password", "long-enough-3".into())]), SIGNED_IN),
        ("POST /api/account/logout-everywhere", Nothing, |_| plain(), SIGNED_IN),

        // Profiles and notifications: one's own, or anyone's public face.
        ("POST /api/profile/mine", Nothing, |_| plain(), SIGNED_IN),
        ("POST /api/profile/update", Nothing, |s| form([
            ("nickname", format!("Renamed {}", s.serial)), ("intro", "Hello".into()), ("phone", String::new())]),
            SIGNED_IN),
        ("POST /api/profile/public", Nothing, peer, ANYONE),
        ("POST /api/notifications", Nothing, |_| plain(), SIGNED_IN),
        ("POST /api/notifications/read", Nothing, |_| plain(), SIGNED_IN),
        ("POST /api/notifications/mail", Nothing, |_| form([("mail", "on".into())]), SIGNED_IN),
        // Saved searches: one's own; another's does not exist for them.
        ("POST /api/searches", Nothing, |_| plain(), SIGNED_IN),
        ("POST /api/searches/save", Nothing, |s| form([
            ("name", format!("Matrix {}", s.serial)), ("query", "?q=matrix".into())]), SIGNED_IN),
        ("POST /api/searches/update", SavedSearch, |s| form([
            ("id", s.search.to_string()), ("name", "Renamed".into())]), [E401, E404, OK, E404, E404, E401]),
        ("POST /api/searches/delete", SavedSearch, |s| form([("id", s.search.to_string())]),
            [E401, E404, OK, E404, E404, E401]),
        ("POST /api/reviews/write", Done, |s| form([
            ("id", s.order.to_string()), ("rating", "5".into()), ("comment", "Great".into())]), PARTIES),
        ("POST /api/reviews/order", Done, id, [E401, NIL, OK, OK, NIL, E401]),
        ("POST /api/reviews/reputation", Nothing, peer, ANYONE),

        // Applications: anyone reads the section (each sees their part);
        // one's own application is edited or withdrawn; only the publisher
        // picks (here the taker column is the one who applied).
        ("POST /api/applications/panel", Applied, id, ANYONE),
        ("POST /api/applications/apply", Applied, application, [E401, OK, RULE, RULE, OK, E401]),
        ("POST /api/applications/edit", Applied, application, [E401, RULE, RULE, OK, RULE, E401]),
        ("POST /api/applications/withdraw", Applied, id, [E401, RULE, RULE, OK, RULE, E401]),
        ("POST /api/applications/pick", Applied, |s| form([
            ("id", s.order.to_string()), ("applicant", s.applicant.to_string())]), PUBLISHER_ONLY),

        // Orders. Reading is public; every change is one party's.
        ("POST /api/orders/hall", Open, |_| json(value!({ "filter": to_json(&HallFilter::default()) })), ANYONE),
        ("POST /api/orders/mine", Open, |_| json(value!({
            "filter": to_json(&MyOrdersFilter::from_pairs(std::iter::empty())) })), SIGNED_IN),
        ("POST /api/orders/categories", Nothing, |_| plain(), ANYONE),
        ("POST /api/orders/form-context", Nothing, |_| plain(), SIGNED_IN),
        ("POST /api/orders/view", Sealed, id, ANYONE),
        ("POST /api/orders/publish", Nothing, |_| json(value!({ "draft": to_json(&draft("New order")) })), SIGNED_IN),
        ("POST /api/orders/draft", Open, id, PUBLISHER_ONLY),
        ("POST /api/orders/edit", Open, |s| json(value!({ "id": s.order, "draft": to_json(&draft("Edited")) })),
            PUBLISHER_ONLY),
        ("POST /api/orders/delete", Open, id, PUBLISHER_ONLY),
        // The publisher may not take their own order: a rule (409), not a right.
        ("POST /api/orders/take", Open, id, [E401, OK, RULE, OK, OK, E401]),
        ("POST /api/orders/return", Taken, id, TAKER_ONLY),
        ("POST /api/orders/open_solution", Sealed, id, PUBLISHER_ONLY),
        ("POST /api/orders/reopen", Overdue, id, PUBLISHER_ONLY),
        ("POST /api/orders/submit", Taken, |s| json(value!({ "id": s.order, "draft": to_json(&answer("v2")) })),
            TAKER_ONLY),
        // Questions: public to read; anyone signed in asks (not under their
        // own order: a rule); only the publisher answers and hides.
        ("POST /api/questions/list", Asked, id, ANYONE),
        ("POST /api/questions/ask", Open, |s| form([("id", s.order.to_string()), ("body", "Why?".into())]),
            [E401, OK, RULE, OK, OK, E401]),
        ("POST /api/questions/answer", Asked, |s| form([
            ("id", s.question.to_string()), ("answer", "Because".into())]), PUBLISHER_ONLY),
        ("POST /api/questions/hide", Asked, |s| form([("id", s.question.to_string())]), PUBLISHER_ONLY),
        ("POST /api/orders/preview", Nothing, |_| json(value!({ "blocks": ["**hi**"] })), SIGNED_IN),

        // Money. The wallet is one's own; an order's money is its parties'.
        ("POST /api/money/wallet", Nothing, |_| plain(), SIGNED_IN),
        ("POST /api/money/order", Sealed, id, [E401, NIL, OK, OK, NIL, E401]),
        ("POST /api/money/top_up", Nothing, |s| form([
            ("amount", "10".into()), ("key", format!("matrix-{}", s.serial))]), SIGNED_IN),
        ("POST /api/money/fund", OpenWithMoney, keyed, PUBLISHER_ONLY),
        ("POST /api/money/confirm", Opened, keyed, PUBLISHER_ONLY),
        ("POST /api/money/request_changes", Opened, id, PUBLISHER_ONLY),
        ("POST /api/money/cancel", Open, keyed, PUBLISHER_ONLY),
        ("POST /api/money/agree", Taken, |s| form([
            ("id", s.order.to_string()), ("step", "propose_cancel".into()),
            ("key", format!("matrix-{}", s.serial))]), PARTIES),
        ("POST /api/money/dispute", Sealed, |s| form([("id", s.order.to_string()), ("reason", "Unfair".into())]),
            PARTIES),
        ("POST /api/money/withdraw", Funds, |s| form([
            ("amount", "10".into()), ("payout_account", "Bank 6222".into()),
            ("key", format!("matrix-{}", s.serial))]), SIGNED_IN),
        // Only the payer may ask for their payment back; to anyone else it
        // does not exist.
        ("POST /api/money/refund", Paid, |s| form([
            ("intent", s.intent.clone()), ("key", format!("matrix-{}", s.serial))]),
            [E401, E404, OK, E404, E404, E401]),

        // Admin work. The admin is a party to nothing here (deciding one's
        // own case is refused too: see security_rights).
        ("POST /api/admin/disputes", Nothing, |_| plain(), ADMIN_ONLY),
        ("POST /api/admin/disputes/case", Disputed, id, ADMIN_ONLY),
        ("POST /api/admin/disputes/decide", Disputed, |s| form([
            ("id", s.order.to_string()), ("outcome", "refund".into()), ("reason", "Fair".into()),
            ("key", format!("matrix-{}", s.serial))]), ADMIN_ONLY),
        ("POST /api/admin/withdrawals", Nothing, |_| plain(), ADMIN_ONLY),
        ("POST /api/admin/withdrawals/decide", Withdrawal, |s| form([
            ("id", s.withdrawal.to_string()), ("decision", "paid".into()), ("note", "TX-1".into()),
            ("key", format!("matrix-{}", s.serial))]), ADMIN_ONLY),
        ("POST /api/admin/users", Nothing, |_| form([("page", "1".into())]), ADMIN_ONLY),
        ("POST /api/admin/ban", Nothing, |s| form([("user_id", s.peer.to_string()), ("reason", "Spam".into())]),
            ADMIN_ONLY),
        ("POST /api/admin/unban", Nothing, peer, ADMIN_ONLY),
        ("POST /api/admin/categories/create", Nothing, |s| form(names(s)), ADMIN_ONLY),
        ("POST /api/admin/categories/rename", Nothing, |s| {
            let [en, zh] = names(s);
            form([("id", "1".into()), en, zh])
        }, ADMIN_ONLY),
        ("POST /api/admin/categories/move", Nothing, |_| form([("id", "1".into()), ("step", "1".into())]),
            ADMIN_ONLY),
        ("POST /api/admin/categories/archive", Nothing, |_| form([("id", "1".into()), ("archived", "false".into())]),
            ADMIN_ONLY),

        // Chat: one's own conversations; a non-member is not told one exists.
        ("POST /api/chat/open", Nothing, |s| form([("user_id", s.peer.to_string())]), SIGNED_IN),
        ("POST /api/chat/inbox", Nothing, |_| plain(), SIGNED_IN),
        ("POST /api/chat/thread", Chat, conversation, [E401, E404, OK, OK, E404, E401]),
        ("POST /api/chat/hide", Chat, conversation, [E401, E404, OK, OK, E404, E401]),
        ("POST /api/chat/escrow-notice/dismiss", Chat, conversation, [E401, E404, OK, OK, E404, E401]),
        ("POST /api/chat/block", Nothing, |s| form([
            ("user_id", s.peer.to_string()), ("block", "true".into()), ("back_to", "0".into())]), SIGNED_IN),

        // Plain routes.
        ("GET /healthz", Nothing, |_| plain(), ANYONE),
        ("GET /readyz", Nothing, |_| plain(), ANYONE),
        // By address, not by account: every caller here is on loopback, the
        // default `metrics.allow_from` (the refusal of other addresses is
        // `outside_the_allowed_addresses_only_the_token_reads_the_metrics`).
        ("GET /metrics", Nothing, |_| plain(), ANYONE),
        ("POST /lang", Nothing, |_| form([("lang", "zh-Hans".into()), ("next", "/".into())]), ANYONE),
        ("GET /captcha/{file}", Captcha, |s| at(format!("/captcha/{}.png", s.captcha)), ANYONE),
        // Served only with `server.test_reveal_captcha` / `server.dev_mode`
        // (and no SMTP), both off here and refused in production.
        ("GET /test/captcha/{id}", Captcha, |s| at(format!("/test/captcha/{}", s.captcha)), [E404; 6]),
        ("GET /dev/mailbox", Nothing, |_| plain(), [E404; 6]),
        ("GET /avatars/{file}", Avatar, |s| at(format!("/avatars/{}", s.avatar)), ANYONE),
        // A sealed solution's file: its taker only (the publisher once it
        // is opened, an admin once disputed).
        ("GET /files/{id}", Sealed, |s| at(format!("/files/{}", s.file)), [E401, E404, E404, OK, E404, E401]),
        ("GET /files/{id}/thumb", Sealed, |s| at(format!("/files/{}/thumb", s.file)),
            [E401, E404, E404, OK, E404, E401]),
        ("GET /wallet/export.csv", Nothing, |_| plain(), SIGNED_IN),
        ("GET /ws", Nothing, |_| with(Body::WebSocket), SIGNED_IN),
        // The provider has no session: its signature is what is checked.
        // The app here runs the sandbox, so its name is the one served.
        ("POST /payments/webhook/{provider}", Payment, |_| Request {
            path: Some("/payments/webhook/sandbox".into()),
            body: Body::SignedPayment,
        }, ANYONE),
        // The publisher started this payment; nobody else may see or decide it.
        ("GET /sandbox/checkout/{id}", Payment, |s| at(format!("/sandbox/checkout/{}", s.intent)),
            [E401, E404, OK, E404, E404, E401]),
        ("POST /sandbox/checkout/{id}", Payment, |s| Request {
            path: Some(format!("/sandbox/checkout/{}", s.intent)),
            body: Body::Form(vec![("decision", "decline".into())]),
        }, [E401, E404, OK, E404, E404, E401]),
        ("POST /account/avatar", Nothing, |_| with(Body::Picture("avatar")), SIGNED_IN),
        ("POST /uploads", Nothing, |_| with(Body::Picture("file")), SIGNED_IN),
    ]
}
