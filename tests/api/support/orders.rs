//! Helpers for order tests: users without the registration ceremony, drafts,
//! and staged files written through the real upload path.

use bounty::domain::order::{FileMeta, OrderDraft};
use bounty::domain::{CurrentUser, Role};
use bounty::server::db::users;
use bounty::server::files::store_upload;
use bounty::server::state::AppState;

/// A new ordinary user (the password hash is never used by these tests).
pub async fn user(state: &AppState, nickname: &str) -> CurrentUser {
    let mut tx = state.db.begin_write().await.expect("begin");
    let email = format!("{}@example.com", nickname.to_lowercase().replace(' ', "."));
    let id = users::insert(&mut tx, &email, nickname, "unused", 1)
        .await
        .expect("user");
    tx.commit().await.expect("commit");
    CurrentUser {
        id,
        nickname: nickname.to_owned(),
        role: Role::User,
    }
}

/// A valid draft in category 1 with a fixed reward and a far deadline.
pub fn draft(title: &str) -> OrderDraft {
    OrderDraft {
        title: title.to_owned(),
        category_id: 1,
        blocks: vec!["Please **help** with this.".into(), "Second block".into()],
        reward: "1200".into(),
        reward_negotiable: false,
        deadline: "2099-12-31".into(),
        deadline_negotiable: false,
        files: Vec::new(),
        choose_applicants: false,
    }
}

/// Uploads `bytes` as `name` for `owner`, as the upload route would.
pub async fn staged(state: &AppState, owner: &CurrentUser, name: &str, bytes: &[u8]) -> FileMeta {
    try_stage(state, owner, name, bytes).await.expect("upload")
}

pub async fn try_stage(
    state: &AppState,
    owner: &CurrentUser,
    name: &str,
    bytes: &[u8],
) -> Result<FileMeta, bounty::domain::AppError> {
    let chunks: Vec<Result<bytes::Bytes, std::io::Error>> = bytes
        .chunks(64 * 1024)
        .map(|chunk| Ok(bytes::Bytes::copy_from_slice(chunk)))
        .collect();
    store_upload(state, owner.id, name, futures::stream::iter(chunks)).await
}

/// How many rows a table has.
pub async fn count(state: &AppState, table: &str) -> i64 {
    let sql = match table {
        "orders" => "SELECT COUNT(*) FROM orders",
        "files" => "SELECT COUNT(*) FROM files",
        "submissions" => "SELECT COUNT(*) FROM submissions",
        other => panic!("unknown table {other}"),
    };
    sqlx::query_scalar(sql)
        .fetch_one(state.db.pool())
        .await
        .expect("count")
}

/// How many objects the storage directory holds.
pub fn stored_objects(state: &AppState) -> usize {
    let root = state.settings.server.data_dir.join("storage");
    walk(&root)
}

fn walk(dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|entry| {
            let path = entry.path();
            if path.is_dir() { walk(&path) } else { 1 }
        })
        .sum()
}

/// The path of the `size` picture of the avatar whose 256 px path is
/// `large`. Only the size suffix changes: the random key may itself hold
/// "-256" (one upload in 4,096), which a plain replace would also rewrite.
pub fn avatar_sized(large: &str, size: u32) -> String {
    let stem = large
        .strip_suffix("-256.jpg")
        .expect("a 256 px avatar path");
    format!("{stem}-{size}.jpg")
}

/// A small PNG picture.
pub fn png_bytes() -> Vec<u8> {
    use image::{ImageFormat, Rgb, RgbImage};
    let picture = RgbImage::from_fn(120, 80, |x, y| Rgb([(x * 2) as u8, (y * 3) as u8, 128]));
    let mut bytes = Vec::new();
    picture
        .write_to(&mut std::io::Cursor::new(&mut bytes), ImageFormat::Png)
        .expect("png");
    bytes
}

/// A session cookie for `who`, as signing in would set it.
pub async fn session_cookie(state: &AppState, who: &CurrentUser) -> String {
    use bounty::server::auth::{now_millis, random_id, token};
    let now = now_millis();
    let session_id = random_id(32);
    let mut tx = state.db.begin_write().await.expect("begin");
    bounty::server::db::sessions::insert(
        &mut tx,
        &session_id,
        who.id,
        now,
        now + token::TOKEN_LIFETIME_MS,
    )
    .await
    .expect("session");
    tx.commit().await.expect("commit");
    let token = token::issue(state.secrets.signing_key(), who.id, &session_id, now).expect("token");
    format!("session={token}")
}
