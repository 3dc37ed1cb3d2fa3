//! Calendar days without a date library: a day is the number of days since
//! 1970-01-01 (UTC), and dates travel as `YYYY-MM-DD`.
//!
//! Why not chrono or time: both targets need only these two conversions, and
//! the browser bundle is size-budgeted. The algorithm is Howard Hinnant's
//! `days_from_civil`, exact for every proleptic Gregorian date.
//!
//! Invariant: `parse_date(&format_date(d)) == Some(d)` for every day in range.

/// Milliseconds in one day.
pub const DAY_MS: i64 = 86_400_000;

/// Days since 1970-01-01 of a calendar date, if the date exists.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> Option<i64> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let m = i64::from(month);
    let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some(era * 146_097 + day_of_era - 719_468)
}

/// The calendar date (year, month, day) of a day number.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // Both are in range by construction (1..=12 and 1..=31).
    (year, month as u32, day as u32)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A `YYYY-MM-DD` date (what `<input type="date">` sends) as a day number.
pub fn parse_date(value: &str) -> Option<i64> {
    let mut parts = value.trim().splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if !(1970..=9999).contains(&year) {
        return None;
    }
    days_from_civil(year, month, day)
}

/// A day number as `YYYY-MM-DD`.
pub fn format_date(days: i64) -> String {
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The day number a Unix-millisecond instant falls on (UTC).
pub fn day_of_millis(ms: i64) -> i64 {
    ms.div_euclid(DAY_MS)
}

/// The cookie in which the browser tells the server its time zone, as
/// minutes east of UTC, so pages rendered on the server show local dates.
pub const UTC_OFFSET_COOKIE: &str = "utc_offset";

/// A `UTC_OFFSET_COOKIE` value, if it is a real zone's offset (UTC-12:00 to
/// UTC+14:00); anything else is ignored and dates show in UTC.
pub fn parse_utc_offset(value: &str) -> Option<i32> {
    value
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|minutes| (-12 * 60..=14 * 60).contains(minutes))
}

/// The date an instant falls on at `offset_minutes` east of UTC.
pub fn local_date(ms: i64, offset_minutes: i32) -> String {
    format_date(day_of_millis(ms + i64::from(offset_minutes) * 60_000))
}

/// An instant as `YYYY-MM-DD HH:MM` at `offset_minutes` east of UTC, or
/// just `HH:MM` when it falls on the same local day as `now_ms`.
pub fn format_moment(ms: i64, offset_minutes: i32, now_ms: i64) -> String {
    let shift = i64::from(offset_minutes) * 60_000;
    let local = ms + shift;
    let minutes = local.div_euclid(60_000).rem_euclid(24 * 60);
    let clock = format!("{:02}:{:02}", minutes / 60, minutes % 60);
    if day_of_millis(local) == day_of_millis(now_ms + shift) {
        clock
    } else {
        format!("{} {clock}", format_date(day_of_millis(local)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_show_the_clock_today_and_the_date_otherwise() {
        let noon = days_from_civil(2026, 12, 2).unwrap_or_default() * DAY_MS + 12 * 3_600_000;
        assert_eq!(format_moment(noon + 5 * 60_000, 0, noon), "12:05");
        assert_eq!(format_moment(noon, 8 * 60, noon), "20:00");
        assert_eq!(format_moment(noon, 13 * 60, noon), "01:00");
        assert_eq!(format_moment(noon - DAY_MS, 0, noon), "2026-12-01 12:00");
        assert_eq!(
            format_moment(noon, -13 * 60, noon + 12 * 3_600_000),
            "2026-12-01 23:00"
        );
    }

    #[test]
    fn local_dates_follow_the_offset_and_odd_cookies_are_ignored() {
        let late = days_from_civil(2026, 12, 2).unwrap_or_default() * DAY_MS + 23 * 3_600_000;
        assert_eq!(local_date(late, 0), "2026-12-02");
        assert_eq!(local_date(late, 8 * 60), "2026-12-03");
        assert_eq!(local_date(late + 2 * 3_600_000, -5 * 60), "2026-12-02");
        assert_eq!(parse_utc_offset("480"), Some(480));
        assert_eq!(parse_utc_offset("-345"), Some(-345));
        assert_eq!(parse_utc_offset("840"), Some(840));
        for odd in ["", "8h", "841", "-721", "99999999999", "4.5"] {
            assert_eq!(parse_utc_offset(odd), None, "{odd:?}");
        }
    }

    #[test]
    fn the_epoch_and_known_dates_convert_both_ways() {
        assert_eq!(days_from_civil(1970, 1, 1), Some(0));
        assert_eq!(days_from_civil(2000, 3, 1), Some(11_017));
        assert_eq!(days_from_civil(2026, 11, 25), Some(20_782));
        assert_eq!(civil_from_days(20_782), (2026, 11, 25));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn every_day_for_four_centuries_round_trips_through_text() {
        for day in (0..146_097).step_by(7) {
            assert_eq!(parse_date(&format_date(day)), Some(day), "day {day}");
        }
    }

    #[test]
    fn impossible_or_malformed_dates_are_refused() {
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "1969-12-31",
            "tomorrow",
            "2026-1",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert!(parse_date("2028-02-29").is_some());
    }

    #[test]
    fn instants_fall_on_their_utc_day() {
        assert_eq!(day_of_millis(0), 0);
        assert_eq!(day_of_millis(DAY_MS - 1), 0);
        assert_eq!(day_of_millis(-1), -1);
    }
}
