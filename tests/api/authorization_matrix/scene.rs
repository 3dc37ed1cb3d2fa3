//! The callers of the matrix and the world each call is made in.
//!
//! Every row gets its own cast (six users, built straight in the database,
//! the admin with the admin role and the banned user banned while their
//! session row stays live, so only the ban check stands between them and
//! the endpoint), and every cell gets a fresh scene (the order, file,
//! conversation, ... the call is about), so one caller's allowed call never
//! changes what the next caller meets.

use crate::support::TestApp;
use crate::support::money::{REWARD, answer, intent_of, key, pay, top_up};
use crate::support::orders::{draft, png_bytes, session_cookie, staged};
use bounty::domain::history_filter::HistoryFilter;
use bounty::domain::{CurrentUser, Role};
use bounty::server::auth::now_millis;
use bounty::server::db::users;
use bounty::server::payments::EventKind;
use bounty::server::services::chat::conversations;
use bounty::server::services::money::{
    confirm, dispute, fund, top_up as top_ups, wallet, withdraw,
};
use bounty::server::services::orders::{lifecycle, open, publish, questions, submit};
use bounty::server::services::profile;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The password every cast member has (for `account/password`).
pub const PASSWORD: &str = "matrix-pass-1";

/// The kinds of caller, in the order of the table's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    Anonymous,
    Stranger,
    Publisher,
    Taker,
    Admin,
    Banned,
}

pub const CALLERS: [Caller; 6] = [
    Caller::Anonymous,
    Caller::Stranger,
    Caller::Publisher,
    Caller::Taker,
    Caller::Admin,
    Caller::Banned,
];

/// Makes every nickname, e-mail address and category name unique per app.
static SERIAL: AtomicUsize = AtomicUsize::new(0);

pub fn serial() -> usize {
    SERIAL.fetch_add(1, Ordering::Relaxed)
}

/// The users of one row.
pub struct Cast {
    pub publisher: CurrentUser,
    pub taker: CurrentUser,
    pub stranger: CurrentUser,
    pub admin: CurrentUser,
    pub banned: CurrentUser,
    /// Someone none of the callers is: the user a call is about (a profile,
    /// a ban, a block).
    pub peer: CurrentUser,
}

async fn member(app: &TestApp, password_hash: &str, name: &str, role: Role) -> CurrentUser {
    let nickname = format!("{name} {}", serial());
    let email = format!(
        "{}@matrix.example",
        nickname.to_lowercase().replace(' ', ".")
    );
    let mut tx = app.state.db.begin_write().await.expect("begin");
    let id = users::insert(&mut tx, &email, &nickname, password_hash, now_millis())
        .await
        .expect("user");
    if role == Role::Admin {
        users::set_role_by_email(&mut tx, &email, role.as_str(), now_millis())
            .await
            .expect("admin");
    }
    tx.commit().await.expect("commit");
    CurrentUser { id, nickname, role }
}

impl Cast {
    pub async fn new(app: &TestApp, password_hash: &str) -> Cast {
        Cast {
            publisher: member(app, password_hash, "Publisher", Role::User).await,
            taker: member(app, password_hash, "Taker", Role::User).await,
            stranger: member(app, password_hash, "Stranger", Role::User).await,
            admin: member(app, password_hash, "Admin", Role::Admin).await,
            banned: member(app, password_hash, "Banned", Role::User).await,
            peer: member(app, password_hash, "Peer", Role::User).await,
        }
    }

    pub fn user(&self, caller: Caller) -> Option<&CurrentUser> {
        match caller {
            Caller::Anonymous => None,
            Caller::Stranger => Some(&self.stranger),
            Caller::Publisher => Some(&self.publisher),
            Caller::Taker => Some(&self.taker),
            Caller::Admin => Some(&self.admin),
            Caller::Banned => Some(&self.banned),
        }
    }

    /// A fresh session cookie for `caller` (`None` for the anonymous one).
    /// The banned user is banned after their session was made and without
    /// revoking it, so the refusal comes from the ban check itself.
    pub async fn cookie(&self, app: &TestApp, caller: Caller) -> Option<String> {
        let who = self.user(caller)?;
        let cookie = session_cookie(&app.state, who).await;
        if caller == Caller::Banned {
            let mut tx = app.state.db.begin_write().await.expect("begin");
            users::set_ban(&mut tx, who.id, Some("spam"), now_millis())
                .await
                .expect("ban");
            tx.commit().await.expect("commit");
        }
        Some(cookie)
    }
}

/// What the call of a cell is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Nothing beyond the cast.
    Nothing,
    /// An untaken, unfunded order.
    Open,
    /// An untaken order whose publisher has the reward in their wallet.
    OpenWithMoney,
    /// An order the taker took.
    Taken,
    /// Taken, and its deadline day is long past.
    Overdue,
    /// Nothing beyond the cast, each of whom has money in their wallet.
    Funds,
    /// Taken, submitted (with a picture) and funded: the solution sealed.
    Sealed,
    /// Sealed, then opened by the publisher.
    Opened,
    /// Sealed, then disputed by the taker.
    Disputed,
    /// Opened and confirmed.
    Done,
    /// A conversation between the publisher and the taker.
    Chat,
    /// A pending withdrawal of the taker's.
    Withdrawal,
    /// A pending top-up of the publisher's.
    Payment,
    /// A paid top-up of the publisher's.
    Paid,
    /// A live captcha.
    Captcha,
    /// The peer's avatar.
    Avatar,
    /// A saved search of the publisher's.
    SavedSearch,
    /// An order whose publisher chooses among applicants; the taker applied.
    Applied,
    /// An open order with the peer's question under it.
    Asked,
}

/// One cell's world: the ids its call names.
#[derive(Default)]
pub struct Scene {
    pub order: i64,
    pub file: String,
    pub conversation: i64,
    pub withdrawal: i64,
    pub intent: String,
    pub captcha: String,
    pub avatar: String,
    pub peer: i64,
    pub search: i64,
    /// Who applied to the `Applied` order (the taker column).
    pub applicant: i64,
    pub question: i64,
    /// A number no other call of this app uses (for unique names).
    pub serial: usize,
}

impl Scene {
    pub async fn build(app: &TestApp, cast: &Cast, stage: Stage) -> Scene {
        let state = &app.state;
        let (publisher, taker) = (&cast.publisher, &cast.taker);
        let mut scene = Scene {
            peer: cast.peer.id,
            serial: serial(),
            ..Scene::default()
        };
        let publish = || async {
            publish::publish(state, publisher, &draft("Matrix order"))
                .await
                .expect("publish")
        };
        let sealed = || async {
            let id = publish().await;
            lifecycle::take(state, taker, id).await.expect("take");
            let picture = staged(state, taker, "answer.png", &png_bytes()).await;
            let mut solution = answer("The answer");
            solution.files = vec![picture.id.clone()];
            submit::submit(state, taker, id, &solution)
                .await
                .expect("submit");
            top_up(state, publisher, REWARD).await;
            fund::fund(state, publisher, id, &key())
                .await
                .expect("fund");
            (id, picture.id)
        };
        match stage {
            Stage::Nothing => {}
            Stage::Open => scene.order = publish().await,
            Stage::OpenWithMoney => {
                scene.order = publish().await;
                top_up(state, publisher, REWARD).await;
            }
            Stage::Taken | Stage::Overdue => {
                scene.order = publish().await;
                lifecycle::take(state, taker, scene.order)
                    .await
                    .expect("take");
                if stage == Stage::Overdue {
                    // No form accepts a past deadline: set it as time would.
                    sqlx::query("UPDATE orders SET deadline_day = 1 WHERE id = $1")
                        .bind(scene.order)
                        .execute(state.db.pool())
                        .await
                        .expect("deadline passes");
                }
            }
            Stage::Funds => {
                for who in [publisher, taker, &cast.stranger, &cast.admin, &cast.banned] {
                    top_up(state, who, 10_000).await;
                }
            }
            Stage::Sealed | Stage::Opened | Stage::Disputed | Stage::Done => {
                (scene.order, scene.file) = sealed().await;
                if stage == Stage::Disputed {
                    dispute::open(state, taker, scene.order, "Not paid")
                        .await
                        .expect("dispute");
                }
                if matches!(stage, Stage::Opened | Stage::Done) {
                    open::open_solution(state, publisher, scene.order)
                        .await
                        .expect("open the solution");
                }
                if stage == Stage::Done {
                    confirm::confirm(state, publisher, scene.order, &key())
                        .await
                        .expect("confirm");
                }
            }
            Stage::Chat => {
                scene.conversation = conversations::open(state, publisher, taker.id, None)
                    .await
                    .expect("conversation");
            }
            Stage::Withdrawal => {
                top_up(state, taker, 10_000).await;
                withdraw::request(state, taker, 4_000, "Bank 6222 0001", &key())
                    .await
                    .expect("withdrawal");
                let mine = wallet::wallet(state, taker, HistoryFilter::default())
                    .await
                    .expect("wallet");
                scene.withdrawal = mine.withdrawals[0].id;
            }
            Stage::Payment => {
                let checkout = top_ups::start(state, publisher, 1_000, None, &key())
                    .await
                    .expect("top-up");
                scene.intent = intent_of(&checkout);
            }
            Stage::Paid => {
                scene.intent = pay(state, publisher, 1_000, None, EventKind::Succeeded).await;
            }
            Stage::Captcha => {
                scene.captcha = bounty::server::captcha::issue(state, None)
                    .await
                    .expect("captcha")
                    .id;
            }
            Stage::Applied => {
                let mut choose = draft("Matrix applicants order");
                choose.choose_applicants = true;
                scene.order = publish::publish(state, publisher, &choose)
                    .await
                    .expect("publish");
                let form = bounty::domain::order::application::ApplicationForm {
                    pitch: "Me".into(),
                    reward: String::new(),
                    delivery: "2099-01-01".into(),
                };
                bounty::server::services::orders::applications::apply(
                    state,
                    taker,
                    scene.order,
                    &form,
                )
                .await
                .expect("apply");
                scene.applicant = taker.id;
            }
            Stage::Asked => {
                scene.order = publish().await;
                scene.question = questions::ask(state, &cast.peer, scene.order, "Matrix question?")
                    .await
                    .expect("ask");
            }
            Stage::Avatar => {
                let path = profile::set_avatar(state, cast.peer.id, png_bytes(), None)
                    .await
                    .expect("avatar");
                scene.avatar = path.rsplit('/').next().expect("file").to_owned();
            }
            Stage::SavedSearch => {
                scene.search = bounty::server::services::saved_searches::save(
                    state,
                    publisher,
                    "Matrix search",
                    "?q=matrix",
                    false,
                )
                .await
                .expect("saved search");
            }
        }
        scene
    }
}
