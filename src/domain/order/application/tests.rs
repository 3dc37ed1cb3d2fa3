use super::*;

const TODAY: i64 = 20_000;

fn form(pitch: &str, reward: &str, delivery: &str) -> ApplicationForm {
    ApplicationForm {
        pitch: pitch.into(),
        reward: reward.into(),
        delivery: delivery.into(),
    }
}

fn codes(result: Result<CleanApplication, AppError>) -> Vec<(String, String)> {
    match result {
        Err(AppError::Invalid(errors)) => errors
            .into_iter()
            .map(|error| (error.field, error.code))
            .collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn date(offset: i64) -> String {
    crate::domain::calendar::format_date(TODAY + offset)
}

#[test]
fn a_pitch_with_a_delivery_date_is_an_application_and_is_trimmed() {
    let clean = form("  I can do it.\r\nTwo days. ", "", &date(2))
        .clean(&Currency::new("CNY"), false, TODAY)
        .expect("clean");
    assert_eq!(clean.pitch, "I can do it.\nTwo days.");
    assert_eq!(clean.reward_minor, None);
    assert_eq!(clean.delivery_day, TODAY + 2);
}

#[test]
fn a_reward_may_be_proposed_only_for_a_negotiable_order() {
    let currency = Currency::new("CNY");
    let clean = form("Yes", "300.50", &date(0))
        .clean(&currency, true, TODAY)
        .expect("negotiable");
    assert_eq!(clean.reward_minor, Some(30_050));
    assert_eq!(
        codes(form("Yes", "300", &date(0)).clean(&currency, false, TODAY)),
        vec![("reward".to_owned(), "reward_fixed".to_owned())]
    );
    assert_eq!(
        codes(form("Yes", "0", &date(0)).clean(&currency, true, TODAY)),
        vec![("reward".to_owned(), "not_positive".to_owned())]
    );
    assert_eq!(
        codes(form("Yes", "9999999999999", &date(0)).clean(&currency, true, TODAY)),
        vec![("reward".to_owned(), "too_large".to_owned())]
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let long = "x".repeat(PITCH_MAX + 1);
    assert_eq!(
        codes(form("  ", "", &date(-1)).clean(&Currency::new("CNY"), true, TODAY)),
        vec![
            ("pitch".to_owned(), "required".to_owned()),
            ("delivery".to_owned(), "in_past".to_owned()),
        ]
    );
    assert_eq!(
        codes(form(&long, "abc", "").clean(&Currency::new("CNY"), true, TODAY)),
        vec![
            ("pitch".to_owned(), "too_long".to_owned()),
            ("reward".to_owned(), "invalid_amount".to_owned()),
            ("delivery".to_owned(), "required".to_owned()),
        ]
    );
    assert_eq!(
        codes(form("ok\u{0}", "", "2026-13-40").clean(&Currency::new("CNY"), true, TODAY)),
        vec![
            ("pitch".to_owned(), "invalid_characters".to_owned()),
            ("delivery".to_owned(), "invalid_date".to_owned()),
        ]
    );
}

#[test]
fn statuses_round_trip_through_their_stored_names() {
    for status in ApplicationStatus::ALL {
        assert_eq!(ApplicationStatus::parse(status.as_str()), Some(status));
    }
    assert_eq!(ApplicationStatus::parse("picked"), None);
}
