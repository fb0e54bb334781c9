//! Event times: RFC 3339 / ISO 8601 text to Unix milliseconds, without a clock or a date crate.

/// Parses an RFC 3339 / ISO 8601 date-time with an offset (`2024-07-15T08:23:11.5Z`,
/// `2018-05-11T08:18:04+08:00`, also `+0800` and a space instead of `T`) to Unix milliseconds.
/// A time without an offset is read as UTC (AfterShip documents UTC).
pub fn parse_rfc3339_ms(text: &str) -> Option<i64> {
    let b = text.trim().as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(range)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut i = 19;
    let mut millis = 0i64;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        let mut end = start;
        while b.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        if end == start {
            return None;
        }
        let digits = &b[start..end.min(start + 3)];
        let mut value = 0i64;
        for d in digits {
            value = value * 10 + i64::from(d - b'0');
        }
        for _ in digits.len()..3 {
            value *= 10;
        }
        millis = value;
        i = end;
    }
    let offset_minutes = match b.get(i) {
        None => 0,
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(sign @ (b'+' | b'-')) => {
            let hours = num(i + 1..i + 3)?;
            let rest = &b[i + 3..];
            let minutes = match rest {
                [] => 0,
                [b':', _, _] => num(i + 4..i + 6)?,
                [_, _] => num(i + 3..i + 5)?,
                _ => return None,
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let total = hours * 60 + minutes;
            if *sign == b'-' {
                -total
            } else {
                total
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_forms() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339_ms("2026-07-06T08:49:37Z"),
            Some(1_783_327_777_000)
        );
        assert_eq!(
            parse_rfc3339_ms("2026-07-06T16:49:37.250+08:00"),
            Some(1_783_327_777_250)
        );
        assert_eq!(
            parse_rfc3339_ms("2026-07-06 03:49:37-0500"),
            Some(1_783_327_777_000)
        );
        assert_eq!(
            parse_rfc3339_ms("2026-07-06T08:49:37.123456789Z"),
            Some(1_783_327_777_123)
        );
        assert_eq!(
            parse_rfc3339_ms("2024-02-29T00:00:00Z"),
            Some(1_709_164_800_000)
        );
        for bad in [
            "",
            "2026-07-06",
            "2026-13-06T08:49:37Z",
            "2023-02-29T00:00:00Z",
            "2026-07-06T08:49:37Zjunk",
            "2026-07-06T08:49:37.Z",
            "2026-07-06T08:49:37+8",
            "２０26-07-06T08:49:37Z",
        ] {
            assert_eq!(parse_rfc3339_ms(bad), None, "{bad}");
        }
    }
}
