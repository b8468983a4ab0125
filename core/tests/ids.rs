//! Belgian identifiers: reference values, both SSIN centuries, BIS numbers, what people type,
//! and bad input of every kind.

// Tests may panic on a failed expectation.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use careerpro_fla::UnixTime;
use careerpro_fla::{is_leap_year, Date};
use careerpro_fla::{EnterpriseNumber, ErrorCode, NssoNumber, Ssin};
use proptest::prelude::*;

/// The SSIN check digits, written from the rule (PLATFORM.md §6) rather than from the code.
fn ssin_check(nine: u64, from_2000: bool) -> u64 {
    let base = if from_2000 { 2_000_000_000 + nine } else { nine };
    97 - base % 97
}

fn make_ssin(yy: u64, mm: u64, dd: u64, seq: u64, from_2000: bool) -> String {
    let nine = yy * 10_000_000 + mm * 100_000 + dd * 1000 + seq;
    format!("{nine:09}{:02}", ssin_check(nine, from_2000))
}

fn ssin_err(text: &str) -> String {
    let e = Ssin::parse(text).unwrap_err();
    assert_eq!(e.code(), ErrorCode::SsinInvalid, "{text}");
    e.message().to_owned()
}

#[test]
fn public_ssin_examples_hold_by_the_rule() {
    // Examples used in public documentation and libraries; checked here by the rule first.
    for (ssin, from_2000, date) in [
        ("85073003328", false, (1985, 7, 30)),
        ("17073003384", true, (2017, 7, 30)),
        ("17110804680", true, (2017, 11, 8)),
    ] {
        let nine: u64 = ssin[..9].parse().unwrap();
        let cc: u64 = ssin[9..].parse().unwrap();
        assert_eq!(ssin_check(nine, from_2000), cc, "{ssin}");
        assert_ne!(ssin_check(nine, !from_2000), cc, "{ssin}");
        let s = Ssin::parse(ssin).unwrap();
        assert_eq!(s.as_str(), ssin);
        assert_eq!(s.born_from_2000(), from_2000, "{ssin}");
        assert_eq!(s.birth_date(), Some(date), "{ssin}");
        assert!(!s.is_bis());
    }
}

#[test]
fn ssin_forms_people_type() {
    for typed in [
        "85.07.30-033.28",
        "85073003328",
        "850730 033 28",
        " 85 07 30 033 28 ",
        "850730-033-28",
        "85/07/30-033.28",
        "85.07.30-033 28",
    ] {
        let s = Ssin::parse(typed).unwrap_or_else(|e| panic!("{typed}: {e}"));
        assert_eq!(s.as_str(), "85073003328");
        assert_eq!(s.formatted(), "85.07.30-033.28");
        assert_eq!(s.to_string(), "85.07.30-033.28");
    }
    assert_eq!(format!("{:?}", Ssin::parse("85073003328").unwrap()), "Ssin(85.07.30-033.28)");
}

#[test]
fn ssin_centuries_computed_from_the_rule() {
    let old = make_ssin(99, 12, 31, 997, false);
    let new = make_ssin(1, 2, 3, 4, true);
    let a = Ssin::parse(&old).unwrap();
    assert!(!a.born_from_2000());
    assert_eq!(a.birth_year(), 1999);
    assert_eq!(a.birth_date(), Some((1999, 12, 31)));
    let b = Ssin::parse(&new).unwrap();
    assert!(b.born_from_2000());
    assert_eq!(b.birth_date(), Some((2001, 2, 3)));
    // 29 February: a date in 2000 (leap) but not in 1900 (not leap).
    let leap = Ssin::parse(&make_ssin(0, 2, 29, 12, true)).unwrap();
    assert_eq!(leap.birth_date(), Some((2000, 2, 29)));
    let not_leap = Ssin::parse(&make_ssin(0, 2, 29, 12, false)).unwrap();
    assert_eq!(not_leap.birth_year(), 1900);
    assert_eq!(not_leap.birth_date(), None);
}

#[test]
fn bis_numbers_and_unknown_dates() {
    // Month + 40: sex known; month + 20: sex unknown (royal decree of 8 February 1991, art. 2).
    let known = Ssin::parse(&make_ssin(85, 49, 30, 11, false)).unwrap();
    assert!(known.is_bis());
    assert_eq!(known.birth_date(), Some((1985, 9, 30)));
    let unknown_sex = Ssin::parse(&make_ssin(5, 23, 15, 100, true)).unwrap();
    assert!(unknown_sex.is_bis());
    assert_eq!(unknown_sex.birth_date(), Some((2005, 3, 15)));
    // Unknown month and day: valid, but no birth date.
    for s in [
        make_ssin(72, 20, 0, 1, false),
        make_ssin(72, 40, 0, 1, false),
        make_ssin(60, 0, 0, 5, false),
    ] {
        let s = Ssin::parse(&s).unwrap();
        assert_eq!(s.birth_date(), None);
        assert_eq!(s.birth_year() % 100, s.as_str()[..2].parse::<i32>().unwrap());
    }
    assert!(!Ssin::parse(&make_ssin(60, 0, 0, 5, false)).unwrap().is_bis());
    // A placeholder day past the end of the month is kept, without a birth date.
    let day_31 = Ssin::parse(&make_ssin(85, 4, 31, 1, false)).unwrap();
    assert_eq!(day_31.birth_date(), None);
}

#[test]
fn bad_ssins() {
    assert!(ssin_err("8507300332").contains("11 digits"));
    assert!(ssin_err("8507300332").contains("has 10"));
    assert!(ssin_err("850730033288").contains("has 12"));
    assert!(ssin_err("").contains("empty"));
    assert!(ssin_err(" .- ").contains("empty"));
    assert!(ssin_err("85O73003328").contains("character 3 is 'O'"));
    assert!(ssin_err("85073003328\u{0}").contains("a control character"));
    assert!(ssin_err("85073003329").contains("check digits"));
    assert!(ssin_err("85073003327").contains("check digits"));
    // Wrong century's digits for a number that only one rule fits.
    assert!(ssin_err("85073003300").contains("check digits"));
    // Valid check digits, impossible month or day.
    assert!(ssin_err(&make_ssin(85, 13, 1, 1, false)).contains("month"));
    assert!(ssin_err(&make_ssin(85, 33, 1, 1, false)).contains("month"));
    assert!(ssin_err(&make_ssin(85, 53, 1, 1, false)).contains("month"));
    assert!(ssin_err(&make_ssin(85, 1, 32, 1, false)).contains("day"));
    assert!(ssin_err(&"1".repeat(1000)).contains("far shorter"));
    // Messages never repeat the number (personal data).
    assert!(!ssin_err("85073003329").contains("85073003329"));
}

#[test]
fn enterprise_numbers() {
    // Belgif reference values (PLATFORM.md §6).
    assert_eq!(EnterpriseNumber::parse("0884303369").unwrap().as_str(), "0884303369");
    let e = EnterpriseNumber::parse("0884303370").unwrap_err();
    assert_eq!(e.code(), ErrorCode::EnterpriseNumberInvalid);
    assert!(e.message().contains("check digits"));
    // Rule: 97 − (first eight mod 97).
    assert_eq!(97 - 8_843_033 % 97, 69);

    for typed in [
        "BE 0884.303.369",
        "BE0884303369",
        "be 0884 303 369",
        "0884.303.369",
        "884303369",
        "884.303.369",
        " 0884-303-369 ",
    ] {
        let n = EnterpriseNumber::parse(typed).unwrap_or_else(|e| panic!("{typed}: {e}"));
        assert_eq!(n.as_str(), "0884303369");
        assert_eq!(n.formatted(), "0884.303.369");
        assert_eq!(n.to_string(), "0884.303.369");
    }
    // 10 digits starting with 1 (numbers given since 2023).
    let first8 = 10_000_000u64;
    let with_1 = format!("{first8:08}{:02}", 97 - first8 % 97);
    assert_eq!(EnterpriseNumber::parse(&with_1).unwrap().as_str(), with_1);
    // Starting with 2: refused even with matching check digits.
    let first8 = 20_000_000u64;
    let with_2 = format!("{first8:08}{:02}", 97 - first8 % 97);
    let err = EnterpriseNumber::parse(&with_2).unwrap_err();
    assert!(err.message().contains("starts with 0 or 1"), "{err}");

    let code = |t: &str| EnterpriseNumber::parse(t).unwrap_err().code();
    for bad in
        ["", "BE", "12345678", "08843033691", "0884.303.36x", "NL 0884303369", "BE BE 0884303369"]
    {
        assert_eq!(code(bad), ErrorCode::EnterpriseNumberInvalid, "{bad}");
    }
    assert!(EnterpriseNumber::parse("12345678").unwrap_err().message().contains("has 8"));
    assert_eq!(
        format!("{:?}", EnterpriseNumber::parse("884303369").unwrap()),
        "EnterpriseNumber(0884.303.369)"
    );
}

#[test]
fn nsso_numbers() {
    // Belgif EmployerId: 197 ..= 5999999999; definitive ≤ 9 digits, provisional starts with 5.
    for (typed, value, provisional) in [
        ("197", 197, false),
        ("000000197", 197, false),
        ("123456789", 123_456_789, false),
        ("1234567-89", 123_456_789, false),
        ("999999999", 999_999_999, false),
        ("5000000000", 5_000_000_000, true),
        ("5 123 456 789", 5_123_456_789, true),
        ("5999999999", 5_999_999_999, true),
    ] {
        let n = NssoNumber::parse(typed).unwrap_or_else(|e| panic!("{typed}: {e}"));
        assert_eq!(n.value(), value, "{typed}");
        assert_eq!(n.as_str(), value.to_string());
        assert_eq!(n.is_provisional(), provisional, "{typed}");
        assert_eq!(NssoNumber::from_u64(value).unwrap(), n);
    }
    let err = |t: &str| {
        let e = NssoNumber::parse(t).unwrap_err();
        assert_eq!(e.code(), ErrorCode::NssoNumberInvalid, "{t}");
        e.message().to_owned()
    };
    assert!(err("196").contains("below 197"));
    assert!(err("0").contains("below 197"));
    assert!(err("1000000000").contains("without starting with 5"));
    assert!(err("4999999999").contains("without starting with 5"));
    assert!(err("6000000000").contains("above 5999999999"));
    assert!(err("12345678901").contains("at most 10 digits"));
    assert!(err("12a").contains("character 3"));
    assert!(err("").contains("empty"));
    assert_eq!(NssoNumber::from_u64(u64::MAX).unwrap_err().code(), ErrorCode::NssoNumberInvalid);
    assert_eq!(NssoNumber::parse("00000000000000000197").unwrap().value(), 197);
}

#[test]
fn dates() {
    let d = Date::parse("2024-02-29").unwrap();
    assert_eq!((d.year(), d.month(), d.day()), (2024, 2, 29));
    assert_eq!(d.to_string(), "2024-02-29");
    assert_eq!(format!("{d:?}"), "Date(2024-02-29)");
    assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
    assert_eq!(Date::parse("2026-01-01").unwrap().days_since_epoch(), 1_767_225_600 / 86_400);
    assert_eq!(Date::parse("1969-12-31").unwrap().days_since_epoch(), -1);
    assert_eq!(
        Date::from_unix(UnixTime::from_secs(1_767_225_600 + 86_399)).unwrap(),
        Date::parse("2026-01-01").unwrap()
    );
    assert_eq!(
        Date::from_unix(UnixTime::from_secs(-1)).unwrap(),
        Date::parse("1969-12-31").unwrap()
    );
    assert_eq!(Date::parse(" 2000-02-29 ").unwrap(), Date::new(2000, 2, 29).unwrap());
    assert!(Date::parse("2024-01-01").unwrap() < Date::parse("2024-01-02").unwrap());
    assert!(is_leap_year(2000) && is_leap_year(2024) && !is_leap_year(1900) && !is_leap_year(2023));

    for bad in [
        "2023-02-29",
        "1900-02-29",
        "2024-04-31",
        "2024-13-01",
        "2024-00-10",
        "2024-01-00",
        "2024-1-01",
        "24-01-01",
        "2024/01/01",
        "2024-01-01T00:00:00Z",
        "",
        "２０２４-01-01",
        "+024-01-01",
    ] {
        let e = Date::parse(bad).unwrap_err();
        assert_eq!(e.code(), ErrorCode::DateInvalid, "{bad}");
    }
    assert!(Date::parse("2023-02-29").unwrap_err().message().contains("days 01–28"));
    assert!(Date::parse("2024-13-01").unwrap_err().message().contains("month 13"));
    assert!(Date::parse(&"9".repeat(100)).unwrap_err().message().contains("yyyy-MM-dd"));
    assert_eq!(Date::new(10_000, 1, 1).unwrap_err().code(), ErrorCode::DateInvalid);
    assert_eq!(Date::new(-1, 1, 1).unwrap_err().code(), ErrorCode::DateInvalid);
}

proptest! {
    #[test]
    fn parsers_never_panic(text in ".{0,80}") {
        let _ = Ssin::parse(&text);
        let _ = EnterpriseNumber::parse(&text);
        let _ = NssoNumber::parse(&text);
        let _ = Date::parse(&text);
    }

    #[test]
    fn digit_strings_never_panic(text in "[0-9 .\\-/BE]{0,30}") {
        let _ = Ssin::parse(&text);
        let _ = EnterpriseNumber::parse(&text);
        let _ = NssoNumber::parse(&text);
    }

    #[test]
    fn valid_ssins_round_trip(
        yy in 0u64..100,
        mm in prop_oneof![0u64..=12, 20u64..=32, 40u64..=52],
        dd in 0u64..=31,
        seq in 0u64..1000,
        from_2000 in any::<bool>(),
    ) {
        let wire = make_ssin(yy, mm, dd, seq, from_2000);
        let s = Ssin::parse(&wire).unwrap();
        prop_assert_eq!(s.as_str(), wire.as_str());
        prop_assert_eq!(s.born_from_2000(), from_2000);
        prop_assert_eq!(s.is_bis(), mm >= 20);
        let again = Ssin::parse(&s.formatted()).unwrap();
        prop_assert_eq!(&again, &s);
        // Any other check digits are refused.
        let cc: u64 = wire[9..].parse().unwrap();
        let wrong = format!("{}{:02}", &wire[..9], (cc + 1) % 100);
        if (cc + 1) % 100 != ssin_check(wire[..9].parse().unwrap(), !from_2000) {
            prop_assert!(Ssin::parse(&wrong).is_err());
        }
    }

    #[test]
    fn valid_enterprise_numbers_round_trip(first8 in 0u64..20_000_000) {
        let wire = format!("{first8:08}{:02}", 97 - first8 % 97);
        let n = EnterpriseNumber::parse(&wire).unwrap();
        prop_assert_eq!(n.as_str(), wire.as_str());
        let formatted = EnterpriseNumber::parse(&n.formatted()).unwrap();
        prop_assert_eq!(&formatted, &n);
        let prefixed = EnterpriseNumber::parse(&format!("BE {}", n.formatted())).unwrap();
        prop_assert_eq!(&prefixed, &n);
    }

    #[test]
    fn valid_dates_round_trip(days in -719_468i64..2_932_896) {
        // 0000-03-01 to 9999-12-31.
        let d = Date::from_unix(UnixTime::from_secs(days * 86_400)).unwrap();
        prop_assert_eq!(d.days_since_epoch(), days);
        prop_assert_eq!(Date::parse(&d.to_string()).unwrap(), d);
    }

    #[test]
    fn nsso_numbers_round_trip(value in prop_oneof![197u64..1_000_000_000, 5_000_000_000u64..6_000_000_000]) {
        let n = NssoNumber::from_u64(value).unwrap();
        prop_assert_eq!(NssoNumber::parse(&n.as_str()).unwrap(), n);
    }
}
