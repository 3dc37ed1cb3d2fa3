//! What a publisher (or a solver) sends, and the rules it must meet before
//! anything is written: title, category, text blocks, reward, deadline and
//! the list of uploaded files.
//!
//! Invariant: `OrderDraft::clean` either returns a `CleanDraft` that every
//! later step may trust, or every problem at once as field errors.

use super::super::calendar::parse_date;
use super::super::money::{Currency, parse_amount};
use super::super::{AppError, FieldError};
use serde::{Deserialize, Serialize};

pub const TITLE_MAX: usize = 100;
pub const BLOCKS_MAX: usize = 20;
pub const BLOCK_MAX: usize = 10_000;
pub const FILES_MAX: usize = 20;

/// An order as the publish form sends it (JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDraft {
    pub title: String,
    pub category_id: i64,
    /// Markdown, in display order.
    pub blocks: Vec<String>,
    /// What the user typed, e.g. "1,200.50"; ignored when negotiable.
    pub reward: String,
    pub reward_negotiable: bool,
    /// `YYYY-MM-DD`; ignored when negotiable.
    pub deadline: String,
    pub deadline_negotiable: bool,
    /// Ids of files this user uploaded, in display order.
    pub files: Vec<String>,
    /// "Choose the solver from applicants" instead of "first to take";
    /// absent in older clients' drafts, which meant first to take.
    #[serde(default)]
    pub choose_applicants: bool,
}

/// A draft that met every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanDraft {
    pub title: String,
    pub category_id: i64,
    pub blocks: Vec<String>,
    /// Minor units; `None` is "negotiable".
    pub reward_minor: Option<i64>,
    /// Day number (see `calendar`); `None` is "negotiable".
    pub deadline_day: Option<i64>,
    pub files: Vec<String>,
    pub choose_applicants: bool,
}

impl OrderDraft {
    /// Checks every rule; `today` is the current day number, since a
    /// deadline must not be in the past.
    pub fn clean(&self, currency: &Currency, today: i64) -> Result<CleanDraft, AppError> {
        let mut problems = Vec::new();
        let mut check = |result: Result<(), FieldError>| {
            if let Err(error) = result {
                problems.push(error);
            }
        };
        let title = self.title.trim().to_owned();
        check(clean_title(&title));
        if self.category_id <= 0 {
            check(Err(FieldError::new("category", "required")));
        }
        let blocks = match clean_blocks(&self.blocks) {
            Ok(blocks) => blocks,
            Err(error) => {
                check(Err(error));
                Vec::new()
            }
        };
        let reward_minor = if self.reward_negotiable {
            None
        } else {
            match parse_amount("reward", &self.reward, currency) {
                Ok(minor) => Some(minor),
                Err(error) => {
                    check(Err(error));
                    None
                }
            }
        };
        let deadline_day = if self.deadline_negotiable {
            None
        } else {
            match parse_date(&self.deadline) {
                Some(day) if day < today => {
                    check(Err(FieldError::new("deadline", "in_past")));
                    None
                }
                Some(day) => Some(day),
                None if self.deadline.trim().is_empty() => {
                    check(Err(FieldError::new("deadline", "required")));
                    None
                }
                None => {
                    check(Err(FieldError::new("deadline", "invalid_date")));
                    None
                }
            }
        };
        check(clean_file_list(&self.files));
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        Ok(CleanDraft {
            title,
            category_id: self.category_id,
            blocks,
            reward_minor,
            deadline_day,
            files: self.files.clone(),
            choose_applicants: self.choose_applicants,
        })
    }
}

fn clean_title(title: &str) -> Result<(), FieldError> {
    if title.is_empty() {
        return Err(FieldError::new("title", "required"));
    }
    if title.chars().count() > TITLE_MAX {
        return Err(FieldError::new("title", "too_long"));
    }
    if title.chars().any(char::is_control) {
        return Err(FieldError::new("title", "invalid_characters"));
    }
    Ok(())
}

/// Text blocks: empty ones are dropped, at least one must remain.
pub fn clean_blocks(blocks: &[String]) -> Result<Vec<String>, FieldError> {
    let kept: Vec<String> = blocks
        .iter()
        .map(|block| block.replace("\r\n", "\n").trim().to_owned())
        .filter(|block| !block.is_empty())
        .collect();
    if kept.is_empty() {
        return Err(FieldError::new("blocks", "required"));
    }
    if kept.len() > BLOCKS_MAX {
        return Err(FieldError::new("blocks", "too_many"));
    }
    if kept.iter().any(|block| block.chars().count() > BLOCK_MAX) {
        return Err(FieldError::new("blocks", "too_long"));
    }
    Ok(kept)
}

/// At most `FILES_MAX` files, none listed twice.
pub fn clean_file_list(files: &[String]) -> Result<(), FieldError> {
    if files.len() > FILES_MAX {
        return Err(FieldError::new("files", "too_many"));
    }
    let mut seen = std::collections::HashSet::new();
    if !files.iter().all(|id| seen.insert(id)) {
        return Err(FieldError::new("files", "duplicate"));
    }
    Ok(())
}

/// Words in a text, for the sealed preview: runs of letters or digits, and
/// each CJK character on its own (those scripts do not separate words).
pub fn word_count(text: &str) -> i64 {
    let mut words = 0;
    let mut in_word = false;
    for c in text.chars() {
        if is_cjk(c) {
            words += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                words += 1;
            }
            in_word = true;
        } else if !(in_word && (c == '\'' || c == '-')) {
            in_word = false;
        }
    }
    words
}

fn is_cjk(c: char) -> bool {
    matches!(u32::from(c), 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

#[cfg(test)]
mod tests;
