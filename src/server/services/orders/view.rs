//! The order page as each viewer may see it.
//!
//! Invariants: the taker is named only to the publisher and the taker; a
//! solution's content reaches the taker, and the publisher only for the
//! versions they opened (or once the solver is paid, `domain::order::seal`);
//! before that the publisher gets the sealed preview (ranges and salted
//! commitments, no names, no text, no exact count); everyone else learns
//! nothing about it. Viewing a page never writes anything: opening a
//! solution is the explicit POST of `open::open_solution`.

use super::seal::{self, submission_digest, text_digest};
use super::{deadline_passed, load, read_blocks, state_of, today};
use crate::domain::account::avatar_path;
use crate::domain::order::lifecycle::{OrderAction, Relation, decide};
use crate::domain::order::seal::{OpenFacts, may_open, sees_content};
use crate::domain::order::{
    FileMeta, OrderCard, OrderView, PartyView, SolutionView, SubmissionFacts, SubmissionPreview,
    SubmissionView, VersionView,
};
use crate::domain::{AppError, CurrentUser};
use crate::server::db::disputes;
use crate::server::db::files::{self, FileRow};
use crate::server::db::orders::OrderRow;
use crate::server::db::submissions::{self, SubmissionRow};
use crate::server::state::AppState;
use sqlx::AnyConnection;
use std::collections::HashMap;

pub(crate) fn party(id: i64, nickname: String, avatar_key: Option<String>) -> PartyView {
    PartyView {
        id,
        nickname,
        avatar: avatar_key.map(|key| avatar_path(&key, 64)),
    }
}

fn card(row: &OrderRow, attachments: &[FileMeta]) -> Result<OrderCard, AppError> {
    Ok(OrderCard {
        id: row.id,
        title: row.title.clone(),
        excerpt: row.excerpt.clone(),
        state: state_of(row)?,
        category_en: row.category_en.clone(),
        category_zh: row.category_zh.clone(),
        reward_minor: row.reward_minor,
        deadline_day: row.deadline_day,
        publisher: party(
            row.publisher_id,
            row.publisher_nickname.clone(),
            row.publisher_avatar.clone(),
        ),
        attachment_count: row.attachment_count,
        thumbnails: attachments
            .iter()
            .filter(|file| file.has_thumbnail)
            .take(2)
            .map(|file| file.id.clone())
            .collect(),
        created_at_ms: row.created_at,
        overdue: state_of(row)? == crate::domain::order::OrderState::Taken
            && deadline_passed(row.deadline_day, today()),
        funded: row.funded_at.is_some(),
    })
}

/// A version with its content: exact facts, and the disclosed seal checked
/// against the content as stored now and against the publisher's receipt.
fn open_version(
    version: SubmissionRow,
    files: Vec<FileRow>,
    receipt: Option<&str>,
) -> Result<SubmissionView, AppError> {
    let blocks = read_blocks(&version.blocks_json)?;
    let markdown: Vec<String> = blocks.iter().map(|block| block.markdown.clone()).collect();
    let file_digests: Vec<String> = files.iter().map(|file| file.sha256.clone()).collect();
    let content_digest = submission_digest(&text_digest(&markdown)?, &file_digests);
    let seal = seal::opened_seal(&version, &content_digest, receipt);
    Ok(SubmissionView {
        facts: SubmissionFacts {
            version: version.version,
            created_at_ms: version.created_at,
            word_count: version.word_count,
            text_sha256: version.text_sha256,
            files: files.into_iter().map(FileMeta::from).collect(),
            digest: version.digest,
            seal,
        },
        blocks_html: blocks.into_iter().map(|block| block.html).collect(),
    })
}

/// The solution as `relation` may see it: every version open to the
/// taker; to the publisher each version sealed until they opened it (or
/// until the order is done); hidden from everyone else.
async fn solution(
    connection: &mut AnyConnection,
    row: &OrderRow,
    relation: Option<Relation>,
) -> Result<SolutionView, AppError> {
    if !matches!(relation, Some(Relation::Publisher | Relation::Taker)) {
        return Ok(SolutionView::Hidden);
    }
    let versions = submissions::of_order(&mut *connection, row.id).await?;
    let Some(newest) = versions.first().map(|version| version.version) else {
        return Ok(SolutionView::Hidden);
    };
    let receipts: HashMap<i64, String> = disputes::reveals(&mut *connection, row.id)
        .await?
        .into_iter()
        .map(|receipt| (receipt.version, receipt.digest))
        .collect();
    let order_state = state_of(row)?;
    let mut all_files = files::of_submissions(connection, row.id).await?;
    let mut shown = Vec::with_capacity(versions.len());
    for version in versions {
        let (mine, rest): (Vec<FileRow>, Vec<FileRow>) = all_files
            .into_iter()
            .partition(|file| file.submission_id == Some(version.id));
        all_files = rest;
        let receipt = receipts.get(&version.version).map(String::as_str);
        if sees_content(relation, receipt.is_some(), order_state) {
            shown.push(VersionView::Open(open_version(version, mine, receipt)?));
        } else {
            shown.push(VersionView::Sealed(SubmissionPreview {
                version: version.version,
                created_at_ms: version.created_at,
                sealed: seal::sealed_facts(&version, &mine)?,
            }));
        }
    }
    let can_open = relation == Some(Relation::Publisher)
        && !receipts.contains_key(&newest)
        && may_open(OpenFacts {
            relation: Relation::Publisher,
            state: order_state,
            funded: row.funded_at.is_some(),
            disputed: row.disputed_at.is_some(),
        })
        .is_ok();
    Ok(SolutionView::Versions {
        versions: shown,
        can_open,
    })
}

/// The description blocks, rendered and sanitised at publish time.
fn blocks_html(row: &OrderRow) -> Result<Vec<String>, AppError> {
    Ok(read_blocks(&row.blocks_json)?
        .into_iter()
        .map(|block| block.html)
        .collect())
}

async fn attachments_of(
    connection: &mut AnyConnection,
    order_id: i64,
) -> Result<Vec<FileMeta>, AppError> {
    Ok(files::of_order(connection, order_id)
        .await?
        .into_iter()
        .map(FileMeta::from)
        .collect())
}

/// A dispute was opened and the order is still live (undecided).
fn in_dispute(row: &OrderRow) -> bool {
    row.disputed_at.is_some() && matches!(row.state.as_str(), "taken" | "submitted")
}

/// The order page for `viewer` (`None` when signed out).
pub async fn order(
    state: &AppState,
    viewer: Option<&CurrentUser>,
    order_id: i64,
) -> Result<OrderView, AppError> {
    let mut connection = state.db.pool().acquire().await?;
    let row = load(&mut connection, order_id).await?;
    let order_state = state_of(&row)?;
    let attachments = attachments_of(&mut connection, order_id).await?;
    let relation = viewer.map(|user| Relation::of(user.id, row.publisher_id, row.taker_id));
    let passed = deadline_passed(row.deadline_day, today());
    // A disputed order is frozen until an admin decides it.
    let actions = relation
        .filter(|_| row.disputed_at.is_none())
        .map(|relation| {
            OrderAction::ALL
                .into_iter()
                .filter(|action| decide(order_state, relation, *action, passed).is_ok())
                // In "choose from applicants" mode, applying replaces taking.
                .filter(|action| row.choose_applicants == 0 || *action != OrderAction::Take)
                .collect()
        })
        .unwrap_or_default();
    let taker = match (relation, row.taker_id) {
        (Some(Relation::Publisher | Relation::Taker), Some(taker_id)) => Some(party(
            taker_id,
            row.taker_nickname.clone().unwrap_or_default(),
            row.taker_avatar.clone(),
        )),
        _ => None,
    };
    let solution = solution(&mut connection, &row, relation).await?;
    drop(connection);
    Ok(OrderView {
        card: card(&row, &attachments)?,
        blocks_html: blocks_html(&row)?,
        attachments,
        currency: state.settings.payments.currency.clone(),
        taker,
        deadline_passed: passed,
        viewer: relation,
        actions,
        solution,
        in_dispute: in_dispute(&row),
    })
}

/// The order as an admin deciding its dispute sees it: what the solver
/// sees (every version with its content), both parties, no actions. Only
/// the dispute service calls it, after checking the admin role.
pub(crate) async fn order_for_arbiter(
    connection: &mut AnyConnection,
    state: &AppState,
    order_id: i64,
) -> Result<OrderView, AppError> {
    let row = load(&mut *connection, order_id).await?;
    let attachments = attachments_of(&mut *connection, order_id).await?;
    // What the solver sees: every version open, with its disclosed seal.
    let solution = solution(&mut *connection, &row, Some(Relation::Taker)).await?;
    let taker = row.taker_id.map(|taker_id| {
        party(
            taker_id,
            row.taker_nickname.clone().unwrap_or_default(),
            row.taker_avatar.clone(),
        )
    });
    Ok(OrderView {
        card: card(&row, &attachments)?,
        blocks_html: blocks_html(&row)?,
        attachments,
        currency: state.settings.payments.currency.clone(),
        taker,
        deadline_passed: deadline_passed(row.deadline_day, today()),
        viewer: None,
        actions: Vec::new(),
        in_dispute: in_dispute(&row),
        solution,
    })
}

/// The publisher's draft of their order, for the edit form.
pub async fn draft_for_edit(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
) -> Result<(crate::domain::order::OrderDraft, Vec<FileMeta>), AppError> {
    let mut connection = state.db.pool().acquire().await?;
    let row = load(&mut connection, order_id).await?;
    super::check(&row, user.id, OrderAction::Edit)?;
    let attachments = attachments_of(&mut connection, order_id).await?;
    let currency = super::currency(state);
    let draft = crate::domain::order::OrderDraft {
        title: row.title.clone(),
        category_id: row.category_id,
        blocks: read_blocks(&row.blocks_json)?
            .into_iter()
            .map(|block| block.markdown)
            .collect(),
        reward: row
            .reward_minor
            .map(|minor| crate::domain::money::plain_amount(minor, &currency))
            .unwrap_or_default(),
        reward_negotiable: row.reward_minor.is_none(),
        deadline: row
            .deadline_day
            .map(crate::domain::calendar::format_date)
            .unwrap_or_default(),
        deadline_negotiable: row.deadline_day.is_none(),
        files: attachments.iter().map(|file| file.id.clone()).collect(),
        choose_applicants: row.choose_applicants != 0,
    };
    Ok((draft, attachments))
}
