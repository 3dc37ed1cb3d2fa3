//! Times on Alipay's wire: `yyyy-MM-dd HH:mm:ss` in Beijing time (UTC+8,
//! no daylight saving), as the common request parameter `timestamp`
//! ("发送请求的时间，格式 yyyy-MM-dd HH:mm:ss", GMT+8; the gateway allows
//! ten minutes of skew) and the notification's `notify_time`, `gmt_create`
//! and `gmt_payment` carry them.
//!
//! Invariant: `parse(&format(t)) == Some(t)` for every whole second `t`
//! from 1970 on; anything not exactly that shape is refused, not guessed.

use crate::domain::calendar::{DAY_MS, civil_from_days, day_of_millis, days_from_civil};

/// Beijing is eight hours ahead of UTC all year round.
const OFFSET_SECS: i64 = 8 * 3600;

/// Unix milliseconds as Alipay writes them: `2014-07-24 03:07:50`.
pub fn format(unix_ms: i64) -> String {
    let local_ms = unix_ms + OFFSET_SECS * 1000;
    let day = day_of_millis(local_ms);
    let (year, month, date) = civil_from_days(day);
    let secs = (local_ms - day * DAY_MS) / 1000;
    let (hour, minute, second) = (secs / 3600, secs / 60 % 60, secs % 60);
    format!("{year:04}-{month:02}-{date:02} {hour:02}:{minute:02}:{second:02}")
}

/// Alipay's `yyyy-MM-dd HH:mm:ss` (Beijing) as Unix seconds.
pub fn parse(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 19
        && bytes.iter().enumerate().all(|(at, byte)| match at {
            4 | 7 => *byte == b'-',
            10 => *byte == b' ',
            13 | 16 => *byte == b':',
            _ => byte.is_ascii_digit(),
        });
    if !shape {
        return None;
    }
    // All digits where read, so these parse.
    let number = |from: usize, to: usize| text[from..to].parse::<u32>().ok();
    let day = days_from_civil(i64::from(number(0, 4)?), number(5, 7)?, number(8, 10)?)?;
    let (hour, minute, second) = (number(11, 13)?, number(14, 16)?, number(17, 19)?);
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let local = day * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    Some(local - OFFSET_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_instants_are_written_eight_hours_ahead() {
        assert_eq!(format(0), "1970-01-01 08:00:00");
        // 2014-07-23 19:07:50 UTC, the documented example time in Beijing.
        assert_eq!(format(1_406_142_470_000), "2014-07-24 03:07:50");
        // Late on New Year's Eve in UTC is already the new year in Beijing.
        assert_eq!(format(1_767_225_599_000), "2026-01-01 07:59:59");
    }

    #[test]
    fn written_times_read_back_to_the_same_second() {
        for secs in [0, 1_406_142_470, 1_767_225_599, 4_102_444_800] {
            assert_eq!(parse(&format(secs * 1000)), Some(secs), "{secs}");
        }
    }

    #[test]
    fn anything_but_the_exact_shape_is_refused() {
        for text in [
            "2014-07-24T03:07:50",
            "2014-7-24 03:07:50",
            "2014-07-24 03:07",
            "2014-02-30 03:07:50",
            "2014-07-24 24:00:00",
            "2014-07-24 03:60:00",
            "",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }
}
