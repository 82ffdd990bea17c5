//! Numbers for people: `180 B` parameters, `3.8 × 10²⁵` FLOPs, `42%`.

/// A count in short scale: `125 M`, `7 B`, `1.8 T`; below a million as digits.
pub fn count(n: u64) -> String {
    let (value, unit) = match n {
        n if n >= 1_000_000_000_000 => (n as f64 / 1e12, "T"),
        n if n >= 1_000_000_000 => (n as f64 / 1e9, "B"),
        n if n >= 1_000_000 => (n as f64 / 1e6, "M"),
        n => return n.to_string(),
    };
    format!("{} {unit}", trim(value))
}

/// Two significant digits at most, trailing zeros dropped: 180 → `180`, 1.30 → `1.3`, 6.74 → `6.7`.
fn trim(v: f64) -> String {
    let s = if v >= 10.0 { format!("{v:.0}") } else { format!("{v:.1}") };
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

const SUPERSCRIPT: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/// Scientific notation with a real exponent: 3.8e25 → `3.8 × 10²⁵`.
pub fn scientific(v: f64) -> String {
    if !v.is_finite() || v <= 0.0 {
        return format!("{v}");
    }
    let mut exp = v.log10().floor() as i32;
    let mut mantissa = v / 10f64.powi(exp);
    // Rounding 9.96 to one decimal gives 10.0: carry it into the exponent.
    if (mantissa * 10.0).round() >= 100.0 {
        mantissa /= 10.0;
        exp += 1;
    }
    let digits: String =
        exp.abs().to_string().chars().filter_map(|c| c.to_digit(10).map(|d| SUPERSCRIPT[d as usize])).collect();
    let sign = if exp < 0 { "⁻" } else { "" };
    let m = format!("{mantissa:.1}");
    let m = m.strip_suffix(".0").unwrap_or(&m);
    format!("{m} × 10{sign}{digits}")
}

/// Text with its raw numbers written for people: counts of ten digits or more in short scale
/// (`70000000000` → `70 B`) and powers of ten with a real exponent (`10^25` → `10²⁵`).
pub fn humanise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = tail.find(|c: char| !c.is_ascii_digit()).unwrap_or(tail.len());
        let digits = &tail[..end];
        let after = &tail[end..];
        if let Some(len) = exponent_form(tail)
            && let Ok(v) = tail[..len].parse::<f64>()
        {
            out.push_str(&scientific(v));
            rest = &tail[len..];
            continue;
        }
        if digits == "10" && after.starts_with('^') {
            let exp_len = after[1..].find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len() - 1);
            let exp = &after[1..1 + exp_len];
            if !exp.is_empty() {
                out.push_str("10");
                out.extend(exp.chars().filter_map(|c| c.to_digit(10).map(|d| SUPERSCRIPT[d as usize])));
                rest = &after[1 + exp_len..];
                continue;
            }
        }
        match digits.parse::<u64>() {
            Ok(n) if digits.len() >= 10 && !after.starts_with(['.', ',']) => out.push_str(&count(n)),
            _ => out.push_str(digits),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The length of a number written as `8.40e23` at the start of `text`, if it is one.
fn exponent_form(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if b.get(i) == Some(&b'.') {
        i += 1 + b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
    }
    if b.get(i) != Some(&b'e') {
        return None;
    }
    let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
    (digits > 0).then_some(i + 1 + digits)
}

/// A share as a whole percentage.
pub fn percent(v: f64) -> String {
    format!("{:.0}%", v * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_powers_read_as_people_write_them() {
        assert_eq!(count(180_000_000_000), "180 B");
        assert_eq!(count(1_300_000_000), "1.3 B");
        assert_eq!(count(6_740_000_000), "6.7 B");
        assert_eq!(count(125_000_000), "125 M");
        assert_eq!(count(1_800_000_000_000), "1.8 T");
        assert_eq!(count(5_000), "5000");
        assert_eq!(scientific(3.8e25), "3.8 × 10²⁵");
        assert_eq!(scientific(1e26), "1 × 10²⁶");
        assert_eq!(scientific(9.96e22), "1 × 10²³");
        assert_eq!(scientific(2.5e-3), "2.5 × 10⁻³");
        assert_eq!(percent(0.425), "42%");
        assert_eq!(
            humanise("6 × 70000000000 parameters × 2000000000000 tokens is below 10^25; 8.40e23 and 2024-05"),
            "6 × 70 B parameters × 2 T tokens is below 10²⁵; 8.4 × 10²³ and 2024-05"
        );
    }
}
