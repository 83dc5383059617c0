//! JSON text -> `serde_json::Value`, numbers of any size.
//!
//! `serde_json` reads an integer beyond 64 bits as the nearest `f64` but refuses a number
//! beyond `f64`'s range (`1e400`: "number out of range"), which is valid JSON. Such a number
//! reads as the largest `f64` of its sign, as in YAML (`super::yaml`).

use serde_json::Value;

/// Parses `text`; only a document that fails is scanned for numbers beyond `f64` (each
/// rewritten as the largest `f64` of its sign) and parsed again.
pub(super) fn parse(text: &str) -> Result<Value, serde_json::Error> {
    let first = match serde_json::from_str(text) {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    match clamp_numbers(text) {
        Some(clamped) => serde_json::from_str(&clamped),
        None => Err(first),
    }
}

/// `text` with every number token outside strings that `f64` cannot hold replaced by
/// `±1.7976931348623157e308`; `None` when there is none.
fn clamp_numbers(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    // `text[copied..]` is what has not been copied to `out` yet.
    let mut copied = 0;
    let mut changed = false;
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if b == b'"' {
            in_string = true;
            i += 1;
            continue;
        }
        if b == b'-' || b.is_ascii_digit() {
            let end = bytes[i..]
                .iter()
                .position(|b| {
                    !(b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
                })
                .map_or(bytes.len(), |n| i + n);
            let token = &text[i..end];
            if super::beyond_f64(token) {
                out.push_str(&text[copied..i]);
                let sign = if token.starts_with('-') { "-" } else { "" };
                out.push_str(&format!("{sign}{:e}", f64::MAX));
                copied = end;
                changed = true;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    if !changed {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(out)
}
