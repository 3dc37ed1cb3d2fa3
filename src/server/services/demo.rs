//! `bounty demo`: a living hall for someone trying the product. Three users,
//! orders in English and Chinese with pictures and text files, one taken
//! order and one with a submitted solution, so every role can be tried.
//!
//! Invariants: passwords are random and returned once (the caller prints
//! them), never fixed in code; everything goes through the same services as
//! the site; running it twice is refused rather than duplicating the data.

use crate::domain::order::{OrderDraft, SubmissionDraft};
use crate::domain::{AppError, CurrentUser, Role};
use crate::server::auth::{now_millis, password, random_id};
use crate::server::db::users;
use crate::server::files::store_upload;
use crate::server::services::orders::{lifecycle, publish, submit};
use crate::server::state::AppState;

/// A demo account and its one-time password.
pub struct DemoUser {
    pub email: String,
    pub nickname: String,
    pub password: String,
}

const PEOPLE: [(&str, &str); 3] = [
    ("demo-alice@example.com", "Alice"),
    ("demo-bob@example.com", "Bob"),
    ("demo-chen@example.com", "陈晨"),
];

async fn account(
    state: &AppState,
    email: &str,
    nickname: &str,
) -> Result<(CurrentUser, String), AppError> {
    let secret = random_id(6);
    let hash = password::hash(secret.clone()).await?;
    let mut tx = state.db.begin_write().await?;
    let id = users::insert(&mut tx, email, nickname, hash.as_str(), now_millis()).await?;
    tx.commit().await?;
    let user = CurrentUser {
        id,
        nickname: nickname.to_owned(),
        role: Role::User,
    };
    Ok((user, secret))
}

async fn file(
    state: &AppState,
    owner: &CurrentUser,
    name: &str,
    bytes: Vec<u8>,
) -> Result<String, AppError> {
    let chunks = futures::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from(bytes))]);
    Ok(store_upload(state, owner.id, name, chunks).await?.id)
}

/// A simple picture: a coloured gradient with a band, as PNG.
fn picture(hue: u8) -> Result<Vec<u8>, AppError> {
    use image::{ImageFormat, Rgb, RgbImage};
    let image = RgbImage::from_fn(480, 320, |x, y| {
        let band = u8::from((y / 40) % 2 == 0) * 40;
        Rgb([
            hue.wrapping_add((x / 4) as u8),
            (y / 3) as u8 + band,
            200 - hue / 2,
        ])
    });
    let mut bytes = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut bytes), ImageFormat::Png)
        .map_err(crate::server::error::internal)?;
    Ok(bytes)
}

fn draft(
    title: &str,
    category: i64,
    blocks: &[&str],
    reward: Option<&str>,
    deadline: Option<&str>,
    files: Vec<String>,
) -> OrderDraft {
    OrderDraft {
        title: title.to_owned(),
        category_id: category,
        blocks: blocks.iter().map(|b| (*b).to_owned()).collect(),
        reward: reward.unwrap_or_default().to_owned(),
        reward_negotiable: reward.is_none(),
        deadline: deadline.unwrap_or_default().to_owned(),
        deadline_negotiable: deadline.is_none(),
        files,
        choose_applicants: false,
    }
}

/// Seeds the demo data; returns the accounts with their passwords.
pub async fn seed(state: &AppState) -> Result<Vec<DemoUser>, AppError> {
    let mut connection = state.db.pool().acquire().await?;
    if users::find_by_email(&mut connection, PEOPLE[0].0)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict("demo_present".into()));
    }
    drop(connection);
    let mut people = Vec::new();
    let mut created = Vec::new();
    for (email, nickname) in PEOPLE {
        let (user, secret) = account(state, email, nickname).await?;
        created.push(DemoUser {
            email: email.to_owned(),
            nickname: nickname.to_owned(),
            password: secret,
        });
        people.push(user);
    }
    let [alice, bob, chen] = [&people[0], &people[1], &people[2]];
    let year = crate::domain::calendar::civil_from_days(crate::domain::calendar::day_of_millis(
        now_millis(),
    ))
    .0 + 1;
    let later = |month: u32| format!("{year}-{month:02}-15");
    let logo = file(state, alice, "logo-draft.png", picture(30)?).await?;
    let brief = file(
        state,
        alice,
        "brief.txt",
        b"Colours: teal and amber.\nShapes: round.\nDeliver SVG and PNG.\n".to_vec(),
    )
    .await?;
    publish::publish(
        state,
        alice,
        &draft(
            "Design a logo for a tea shop",
            2,
            &[
                "We open a small **tea shop** in spring and need a logo.",
                "- round shape\n- teal and amber\n- works in one colour",
            ],
            Some("3000"),
            Some(&later(3)),
            vec![logo, brief],
        ),
    )
    .await?;
    let sketch = file(state, chen, "草图.png", picture(120)?).await?;
    publish::publish(
        state,
        chen,
        &draft(
            "把产品说明书翻译成英文",
            4,
            &[
                "一份 12 页的产品说明书，需要翻译成**自然流畅**的英文。",
                "术语表已附上。",
            ],
            Some("1800"),
            Some(&later(1)),
            vec![sketch],
        ),
    )
    .await?;
    let csv = file(
        state,
        bob,
        "sales.csv",
        b"month,sales\n2026-01,120\n2026-02,135\n2026-03,160\n".to_vec(),
    )
    .await?;
    publish::publish(
        state,
        bob,
        &draft(
            "Forecast next quarter's sales",
            5,
            &["Three months of sales are attached. I need a forecast with a short explanation."],
            None,
            None,
            vec![csv],
        ),
    )
    .await?;
    publish::publish(
        state,
        chen,
        &draft(
            "写一篇关于 Rust 所有权的入门文章",
            3,
            &["面向初学者，3000 字左右，附带可运行的示例代码。"],
            Some("800"),
            None,
            Vec::new(),
        ),
    )
    .await?;
    publish::publish(
        state,
        alice,
        &draft(
            "Fix a flaky date parser",
            1,
            &[
                "Our parser accepts `31/02/2026`. It must refuse impossible dates.",
                "```rust\nfn parse(s: &str) -> Option<Date>\n```",
            ],
            Some("6500"),
            Some(&later(2)),
            Vec::new(),
        ),
    )
    .await?;
    let taken = publish::publish(
        state,
        bob,
        &draft(
            "Proofread a short story",
            3,
            &["About 4,000 words. Grammar and flow, not plot."],
            Some("500"),
            Some(&later(1)),
            Vec::new(),
        ),
    )
    .await?;
    lifecycle::take(state, chen, taken).await?;
    let solved = publish::publish(
        state,
        chen,
        &draft(
            "用 Python 清洗一个 CSV 文件",
            5,
            &["去掉重复行，统一日期格式。"],
            Some("1200"),
            Some(&later(2)),
            Vec::new(),
        ),
    )
    .await?;
    lifecycle::take(state, alice, solved).await?;
    let script = file(
        state,
        alice,
        "clean.py",
        b"import csv\n\n# de-duplicate and normalise dates\n".to_vec(),
    )
    .await?;
    submit::submit(
        state,
        alice,
        solved,
        &SubmissionDraft {
            blocks: vec!["脚本已附上，运行 `python clean.py input.csv`。".into()],
            files: vec![script],
        },
    )
    .await?;
    Ok(created)
}
