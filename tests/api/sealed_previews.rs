//! Sealed previews that prove without revealing, on SQLite and PostgreSQL:
//! what an attacker computes from a guessed answer appears nowhere in the
//! preview and matches nothing without the salt; counts are ranges; the
//! opened version is checked against the commitment shown before payment
//! (and a changed content is flagged); a version from before commitments
//! shows nothing until opened; a new version is sealed again.

use crate::support::money::{REWARD, answer, funded_submission, key, top_up};
use crate::support::orders::{draft, user};
use crate::support::stacks::stacks;
use bounty::domain::order::{SealCheck, SolutionView};
use bounty::server::services::money::{changes, fund};
use bounty::server::services::orders::{lifecycle, open, publish, seal, submit, view};
use bounty::server::state::AppState;
use sha2::{Digest, Sha256};

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The documented construction, computed here independently of the app.
fn commitment(label: &str, salt_hex: &str, digest_hex: &str) -> String {
    let mut message = format!("bounty-seal-v1\0{label}\0").into_bytes();
    message.extend(hex::decode(salt_hex).expect("salt hex"));
    message.extend(hex::decode(digest_hex).expect("digest hex"));
    sha256_hex(&message)
}

async fn stored_salt(state: &AppState, order_id: i64, version: i64) -> Option<String> {
    sqlx::query_scalar("SELECT salt FROM submissions WHERE order_id = $1 AND version = $2")
        .bind(order_id)
        .bind(version)
        .fetch_one(state.db.pool())
        .await
        .expect("salt")
}

async fn receipt_digest(state: &AppState, order_id: i64) -> String {
    sqlx::query_scalar("SELECT digest FROM reveals WHERE order_id = $1")
        .bind(order_id)
        .fetch_one(state.db.pool())
        .await
        .expect("receipt")
}

#[tokio::test]
async fn a_guessed_solution_cannot_be_confirmed_from_the_sealed_preview() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Guesser").await;
        let taker = user(state, "Solver").await;
        let id = publish::publish(state, &publisher, &draft("Short answer"))
            .await
            .expect("publish");
        lifecycle::take(state, &taker, id).await.expect("take");
        submit::submit(state, &taker, id, &answer("42"))
            .await
            .expect("submit");
        // The same answer again: a second version with its own salt.
        submit::submit(state, &taker, id, &answer("42"))
            .await
            .expect("resubmit");
        let page = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        let json = serde_json::to_string(&page).expect("json");
        // What a publisher who guesses "42" computes: the SHA-256 of the
        // text as the app hashes it, of the bare text, and the version
        // digest built from them.
        let guessed_text = sha256_hex(br#"["42"]"#);
        let guesses = [
            guessed_text.clone(),
            sha256_hex(b"42"),
            seal::submission_digest(&guessed_text, &[]),
        ];
        for guess in &guesses {
            assert!(!json.contains(guess), "{}: {guess} is shown", stack.name);
        }
        let sealed = page.solution.sealed();
        assert_eq!(sealed.len(), 2, "{}", stack.name);
        let (newer, older) = (
            sealed[0].sealed.as_ref().expect("facts"),
            sealed[1].sealed.as_ref().expect("facts"),
        );
        assert_ne!(
            newer.commitment, older.commitment,
            "equal content, new salt"
        );
        assert_ne!(newer.text_commitment, older.text_commitment);
        // Without the salt nothing matches: not the zero salt, not a
        // thousand random ones.
        let zero_salt = "00".repeat(32);
        for salt in std::iter::once(zero_salt).chain((0..1000).map(|_| seal::new_salt())) {
            assert_ne!(
                commitment("text", &salt, &guessed_text),
                newer.text_commitment
            );
        }
        // The count is a range of several values, not the exact one.
        assert!(newer.words.contains(1) && newer.words.contains(9));
        // With the salt (disclosed only when opened) the guess matches,
        // so the commitment does bind the content.
        let salt = stored_salt(state, id, 2).await.expect("salted");
        assert_eq!(
            commitment("text", &salt, &guessed_text),
            newer.text_commitment,
            "{}",
            stack.name
        );
    }
}

#[tokio::test]
async fn the_opened_solution_is_verified_against_its_commitment() {
    for stack in stacks().await {
        let state = &stack.state;
        let (publisher, _taker, id) = funded_submission(state, "Verified").await;
        let before = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        let shown = before.solution.sealed()[0]
            .sealed
            .clone()
            .expect("facts")
            .commitment;
        assert!(
            !serde_json::to_string(&before)
                .expect("json")
                .contains("Version one")
        );
        open::open_solution(state, &publisher, id)
            .await
            .expect("open");
        let after = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        let opened = after.solution.opened();
        assert_eq!(opened.len(), 1, "{}", stack.name);
        let facts = &opened[0].facts;
        let disclosed = facts.seal.clone().expect("a salted version");
        assert_eq!(disclosed.check, SealCheck::Matches, "{}", stack.name);
        assert_eq!(disclosed.commitment, shown);
        // Anyone can recompute it from what the page now shows.
        let text = sha256_hex(br#"["Version one"]"#);
        assert_eq!(facts.text_sha256, text);
        let digest = sha256_hex(format!("bounty-submission-v1\n{text}").as_bytes());
        assert_eq!(facts.digest, digest);
        assert_eq!(commitment("version", &disclosed.salt, &digest), shown);
        assert_eq!(facts.word_count, 2, "exact once opened");
        assert_eq!(
            receipt_digest(state, id).await,
            shown,
            "the receipt keeps what the publisher saw"
        );

        // The content changes behind the commitment's back: said loudly.
        sqlx::query(
            "UPDATE submissions SET blocks_json = REPLACE(blocks_json, 'Version one', 'Version two') \
             WHERE order_id = $1",
        )
        .bind(id)
        .execute(state.db.pool())
        .await
        .expect("tamper");
        let tampered = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        let check = tampered.solution.opened()[0]
            .facts
            .seal
            .as_ref()
            .map(|seal| seal.check);
        assert_eq!(check, Some(SealCheck::Mismatch), "{}", stack.name);
    }
}

#[tokio::test]
async fn a_version_from_before_sealed_commitments_shows_no_digest_or_count_until_opened() {
    for stack in stacks().await {
        let state = &stack.state;
        let (publisher, _taker, id) = funded_submission(state, "Legacy").await;
        // As the migration leaves a version submitted before it.
        sqlx::query("UPDATE submissions SET salt = NULL, commitment = NULL WHERE order_id = $1")
            .bind(id)
            .execute(state.db.pool())
            .await
            .expect("age the version");
        let page = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        let sealed = page.solution.sealed();
        assert_eq!(sealed.len(), 1);
        assert_eq!(sealed[0].sealed, None, "{}", stack.name);
        let json = serde_json::to_string(&page).expect("json");
        assert!(!json.contains(&sha256_hex(br#"["Version one"]"#)));
        assert!(page.solution.can_open());
        open::open_solution(state, &publisher, id)
            .await
            .expect("open");
        let opened = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        let facts = &opened.solution.opened()[0].facts;
        assert_eq!(facts.seal, None, "nothing to check against");
        assert_eq!(receipt_digest(state, id).await, facts.digest);
    }
}

#[tokio::test]
async fn a_new_version_after_changes_stays_sealed_until_opened_again() {
    for stack in stacks().await {
        let state = &stack.state;
        let (publisher, taker, id) = funded_submission(state, "Rounds").await;
        open::open_solution(state, &publisher, id)
            .await
            .expect("open");
        changes::request_changes(state, &publisher, id)
            .await
            .expect("changes");
        submit::submit(state, &taker, id, &answer("Version two"))
            .await
            .expect("v2");
        let page = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        let SolutionView::Versions { versions, can_open } = &page.solution else {
            panic!("{}: versions expected", stack.name);
        };
        assert_eq!(versions.len(), 2);
        assert!(*can_open, "{}", stack.name);
        assert_eq!(
            page.solution.sealed()[0].version,
            2,
            "the new one is sealed"
        );
        assert_eq!(
            page.solution.opened()[0].facts.version,
            1,
            "the opened one stays open"
        );
        assert!(
            !serde_json::to_string(&page)
                .expect("json")
                .contains("Version two")
        );

        // Given back after changes, a later solver's version 1 is not taken
        // for the one opened before.
        lifecycle::give_back(state, &taker, id)
            .await
            .expect("give back");
        let next = user(state, "Next solver").await;
        lifecycle::take(state, &next, id).await.expect("take");
        submit::submit(state, &next, id, &answer("Fresh start"))
            .await
            .expect("submit");
        let page = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        assert!(page.solution.opened().is_empty(), "{}", stack.name);
        assert!(page.solution.can_open());
    }
}

#[tokio::test]
async fn opening_an_unfunded_or_foreign_order_writes_nothing() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Unfunded").await;
        let taker = user(state, "Unpaid").await;
        let stranger = user(state, "Passer-by").await;
        let id = publish::publish(state, &publisher, &draft("Not yet paid"))
            .await
            .expect("publish");
        lifecycle::take(state, &taker, id).await.expect("take");
        submit::submit(state, &taker, id, &answer("Secret"))
            .await
            .expect("submit");
        use bounty::domain::AppError;
        let conflict = |code: &str| Err(AppError::Conflict(code.into()));
        assert_eq!(
            open::open_solution(state, &publisher, id).await,
            conflict("not_funded")
        );
        for who in [&taker, &stranger] {
            assert_eq!(
                open::open_solution(state, who, id).await,
                Err(AppError::Forbidden)
            );
        }
        assert_eq!(
            open::open_solution(state, &publisher, id + 1000).await,
            Err(AppError::NotFound)
        );
        top_up(state, &publisher, REWARD).await;
        fund::fund(state, &publisher, id, &key())
            .await
            .expect("fund");
        for who in [&taker, &stranger] {
            assert_eq!(
                open::open_solution(state, who, id).await,
                Err(AppError::Forbidden),
                "{}",
                stack.name
            );
        }
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reveals WHERE order_id = $1")
            .bind(id)
            .fetch_one(state.db.pool())
            .await
            .expect("count");
        assert_eq!(count, 0, "{}", stack.name);
        let page = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        assert!(page.solution.opened().is_empty());
    }
}
