//! Values as the gateway reads and writes them: times as `yyyy-MM-dd
//! HH:mm:ss` in Beijing time (UTC+8) and amounts as yuan with exactly two
//! decimals, written out here from the documentation rather than taken
//! from the adapter.

use bounty::domain::calendar::{DAY_MS, civil_from_days, days_from_civil};

/// `yyyy-MM-dd HH:mm:ss` in Beijing time, within the gateway's ten minutes.
pub fn check_timestamp(timestamp: &str) -> Result<(), String> {
    let field = |from: usize, to: usize| timestamp.get(from..to)?.parse::<u32>().ok();
    let shape = timestamp.len() == 19
        && timestamp.as_bytes()[10] == b' '
        && [4, 7].iter().all(|&at| timestamp.as_bytes()[at] == b'-')
        && [13, 16].iter().all(|&at| timestamp.as_bytes()[at] == b':');
    let parsed = shape
        .then(|| {
            let day = days_from_civil(i64::from(field(0, 4)?), field(5, 7)?, field(8, 10)?)?;
            let secs = field(11, 13)? * 3600 + field(14, 16)? * 60 + field(17, 19)?;
            Some(day * 86_400 + i64::from(secs) - 8 * 3600)
        })
        .flatten();
    let now = bounty::server::auth::now_millis() / 1000;
    match parsed {
        Some(at) if (at - now).abs() <= 600 => Ok(()),
        _ => Err(format!("isv.invalid-timestamp: {timestamp}")),
    }
}

/// Now, as Alipay writes times (Beijing, UTC+8).
pub fn beijing_now() -> String {
    let local_ms = bounty::server::auth::now_millis() + 8 * 3_600_000;
    let day = local_ms.div_euclid(DAY_MS);
    let (year, month, date) = civil_from_days(day);
    let secs = (local_ms - day * DAY_MS) / 1000;
    format!(
        "{year:04}-{month:02}-{date:02} {:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// A yuan amount with exactly two decimals, in fen.
pub fn fen(amount: &str) -> Option<i64> {
    let (yuan, fen) = amount.split_once('.')?;
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !digits(yuan) || fen.len() != 2 || !digits(fen) {
        return None;
    }
    Some(yuan.parse::<i64>().ok()? * 100 + fen.parse::<i64>().ok()?)
}

/// Fen as yuan with two decimals.
pub fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}
