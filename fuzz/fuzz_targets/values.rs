//! One cell or `--set` value read as money, rate, number, date and as every
//! field of the schema (what is accepted must respect the field's limits);
//! the same text as a field path and as a whole `--set KEY=VALUE`.

#![no_main]

use jincheng_incentives::money::{self, MAX_MONEY};
use jincheng_incentives::project::Project;
use jincheng_incentives::project::parse::apply_sets;
use jincheng_incentives::project::schema::{FIELDS, FieldType, parse_user_path};
use jincheng_incentives::project::value::{Value, parse_date, parse_text};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = money::parse_money(text);
    let _ = money::parse_rate(text);
    if let Ok(d) = money::parse_number(text) {
        let _ = (money::grouped(d), money::wan(d), money::plain(d));
        // Where Decimal's own parser also reads the text exactly (plain digits,
        // no separators or spaces), both must give the same number and scale.
        if let Ok(exact) = Decimal::from_str_exact(text) {
            assert_eq!((d, d.scale()), (exact, exact.scale()), "{text:?}");
        }
    }
    let _ = parse_date(text);
    let _ = parse_user_path(text);
    let _ = apply_sets(&mut Project::default(), &[text.to_string()]);
    for spec in FIELDS.iter() {
        let Ok(v) = parse_text(spec, text) else {
            continue;
        };
        let _ = v.display();
        match (&v, spec.ty) {
            (Value::Num(d), ty) => {
                assert!(*d >= Decimal::ZERO, "{}: negative {d}", spec.path);
                if let Some(max) = spec.max {
                    assert!(*d <= max, "{}: {d} over {max}", spec.path);
                }
                if spec.positive {
                    assert!(!d.is_zero(), "{}: zero", spec.path);
                }
                match ty {
                    FieldType::Money => assert!(*d <= MAX_MONEY, "{}: {d} over 10^15", spec.path),
                    FieldType::Rate => {
                        assert!(*d <= Decimal::ONE, "{}: rate {d} over 1", spec.path)
                    }
                    FieldType::Int => assert!(d.fract().is_zero(), "{}: {d} not whole", spec.path),
                    _ => {}
                }
            }
            (Value::List(l), _) => {
                assert!(l.len() <= 100);
                assert!(l.iter().all(|d| *d >= Decimal::ZERO && *d <= MAX_MONEY));
            }
            (Value::Text(t), _) => assert!(t.chars().count() <= 200 && !t.contains('\0')),
            _ => {}
        }
    }
});
