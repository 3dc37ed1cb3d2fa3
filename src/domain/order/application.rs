//! Applications: on an order in "choose from applicants" mode, a would-be
//! solver sends a pitch, a delivery date and (for a negotiable reward) a
//! proposed reward; the publisher picks one, who then holds the order
//! exactly as a taker does.
//!
//! Invariants: `ApplicationForm::clean` is the only place the rules of an
//! application's content live (the server re-checks every one, with these
//! codes); an application is `Active` until its applicant withdraws it or
//! the publisher picks (it, or another one): only active ones are shown
//! to the publisher, can be edited, withdrawn or picked.

use super::super::calendar::parse_date;
use super::super::money::{Currency, parse_amount};
use super::super::{AppError, FieldError};
use serde::{Deserialize, Serialize};

/// Longest pitch, in characters.
pub const PITCH_MAX: usize = 1000;

/// Where an application is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApplicationStatus {
    /// Waiting for the publisher's choice; may be edited or withdrawn.
    Active,
    /// Withdrawn by its applicant (applying again revives it).
    Withdrawn,
    /// Picked: its applicant took the order.
    Chosen,
    /// Another applicant was picked.
    Declined,
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 4] = [
        ApplicationStatus::Active,
        ApplicationStatus::Withdrawn,
        ApplicationStatus::Chosen,
        ApplicationStatus::Declined,
    ];

    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Active => "active",
            ApplicationStatus::Withdrawn => "withdrawn",
            ApplicationStatus::Chosen => "chosen",
            ApplicationStatus::Declined => "declined",
        }
    }

    pub fn parse(value: &str) -> Option<ApplicationStatus> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == value)
    }
}

/// An application as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationForm {
    pub pitch: String,
    /// What the applicant proposes, e.g. "300"; empty for none. Only for
    /// an order whose reward is negotiable.
    pub reward: String,
    /// `YYYY-MM-DD`, today or later.
    pub delivery: String,
}

/// An application that met every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanApplication {
    pub pitch: String,
    pub reward_minor: Option<i64>,
    pub delivery_day: i64,
}

impl ApplicationForm {
    /// Checks every rule at once; `negotiable` is whether the order's
    /// reward is negotiable, `today` the current day number.
    pub fn clean(
        &self,
        currency: &Currency,
        negotiable: bool,
        today: i64,
    ) -> Result<CleanApplication, AppError> {
        let mut problems = Vec::new();
        let pitch = self.pitch.replace("\r\n", "\n").trim().to_owned();
        if let Err(error) = clean_pitch(&pitch) {
            problems.push(error);
        }
        let reward_minor = match (self.reward.trim().is_empty(), negotiable) {
            (true, _) => None,
            (false, false) => {
                problems.push(FieldError::new("reward", "reward_fixed"));
                None
            }
            (false, true) => match parse_amount("reward", &self.reward, currency) {
                Ok(minor) => Some(minor),
                Err(error) => {
                    problems.push(error);
                    None
                }
            },
        };
        let delivery_day = match parse_date(&self.delivery) {
            Some(day) if day < today => {
                problems.push(FieldError::new("delivery", "in_past"));
                None
            }
            Some(day) => Some(day),
            None if self.delivery.trim().is_empty() => {
                problems.push(FieldError::new("delivery", "required"));
                None
            }
            None => {
                problems.push(FieldError::new("delivery", "invalid_date"));
                None
            }
        };
        match delivery_day {
            Some(delivery_day) if problems.is_empty() => Ok(CleanApplication {
                pitch,
                reward_minor,
                delivery_day,
            }),
            _ => Err(AppError::Invalid(problems)),
        }
    }
}

fn clean_pitch(pitch: &str) -> Result<(), FieldError> {
    if pitch.is_empty() {
        return Err(FieldError::new("pitch", "required"));
    }
    if pitch.chars().count() > PITCH_MAX {
        return Err(FieldError::new("pitch", "too_long"));
    }
    if pitch
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(FieldError::new("pitch", "invalid_characters"));
    }
    Ok(())
}

/// One applicant as the publisher sees them: the application and the
/// applicant's standing (what their profile page shows, in short).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantView {
    pub applicant_id: i64,
    pub nickname: String,
    pub pitch: String,
    pub reward_minor: Option<i64>,
    pub delivery_day: i64,
    pub applied_at_ms: i64,
    /// Average rating in tenths; `None` before any review.
    pub average_tenths: Option<i64>,
    pub review_count: i64,
    /// Orders they took and saw through to done.
    pub delivered: i64,
}

/// The caller's own application on an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyApplication {
    pub status: ApplicationStatus,
    pub pitch: String,
    pub reward_minor: Option<i64>,
    pub delivery_day: i64,
}

/// The applications section of an order page, as the viewer may see it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationsPanel {
    /// The order is in "choose from applicants" mode.
    pub choose_applicants: bool,
    /// The order is open (applications are taken and picks made).
    pub open: bool,
    /// The order's reward is negotiable (a reward may be proposed).
    pub negotiable: bool,
    pub currency: String,
    /// The viewer published it: `applicants` lists the active ones.
    pub publisher: bool,
    pub applicants: Vec<ApplicantView>,
    /// The viewer's own application, if they ever sent one.
    pub mine: Option<MyApplication>,
    /// The viewer may send (or send again) an application now.
    pub may_apply: bool,
}

#[cfg(test)]
mod tests;
