//! Where in a JSON document a decode error happened, as a path (`custom_taxes[0].rate`).
//!
//! serde_json tells where an error happened as a line and column, not as a path. The path is
//! found afterwards by reading the document's structure up to that position: no second pass
//! through the model's `Deserialize` (which would compile every model's decoding a second
//! time, for a wrapping deserializer, in every crate that decodes a response) and no cost on
//! bodies that decode.
//!
//! The path names the value being read when decoding stopped: the innermost object member or
//! array element whose value had begun. An error that a model raises once its object has been
//! read (a missing field) names that object; an error about the document as a whole (bytes
//! after the value) is `.`; a syntax error (a body cut short, a missing comma) names the value
//! read last before it. This is the notation of the `serde_path_to_error` crate: members
//! joined with `.`, elements as `[i]`, the root alone as `.`.

/// The path of the value being decoded when `error` stopped decoding `body`.
pub fn path_of_error(body: &[u8], error: &serde_json::Error) -> String {
    match offset_of(body, error.line(), error.column()) {
        Some(offset) => path_at(body, offset),
        None => ".".to_string(),
    }
}

/// The byte offset of serde_json's (1-based line, column) position: the column counts the
/// bytes read on that line. `None` for an error that carries no position.
fn offset_of(body: &[u8], line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let mut start = 0;
    for _ in 1..line {
        start += body[start..].iter().position(|&b| b == b'\n')? + 1;
    }
    Some((start + column).min(body.len()))
}

/// One open object or array, with how far the reading of its current member has got.
enum Frame {
    /// `key` is the current member's name once it has been read; `in_value` once its `:` has.
    Object { key: Option<String>, in_value: bool },
    /// `index` is the current element's; `in_value` once its first byte has been read.
    Array { index: usize, in_value: bool },
}

/// The path of the value being read after the first `offset` bytes of `body`.
fn path_at(body: &[u8], offset: usize) -> String {
    let text = &body[..offset.min(body.len())];
    let mut stack: Vec<Frame> = Vec::new();
    let mut at = 0;
    while at < text.len() {
        match text[at] {
            b'{' | b'[' => {
                begin_value(&mut stack);
                stack.push(if text[at] == b'{' {
                    Frame::Object {
                        key: None,
                        in_value: false,
                    }
                } else {
                    Frame::Array {
                        index: 0,
                        in_value: false,
                    }
                });
            }
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, in_value }) => {
                    *key = None;
                    *in_value = false;
                }
                Some(Frame::Array { index, in_value }) => {
                    *index += 1;
                    *in_value = false;
                }
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { in_value, .. }) = stack.last_mut() {
                    *in_value = true;
                }
            }
            b'"' => {
                let end = string_end(text, at);
                match stack.last_mut() {
                    // A member's name, once it is whole; a name cut short names nothing yet.
                    Some(Frame::Object {
                        key,
                        in_value: false,
                    }) if end < text.len() => *key = Some(unescape(&text[at..=end])),
                    _ => begin_value(&mut stack),
                }
                at = end;
            }
            b' ' | b'\t' | b'\n' | b'\r' => {}
            // A number or a literal.
            _ => begin_value(&mut stack),
        }
        at += 1;
    }
    // serde_json reports a value of the wrong kind that opens a container before reading it:
    // the position is just ahead of the element's `{` or `[`, whose element has then begun.
    let next = body[text.len()..].iter().find(|b| !b.is_ascii_whitespace());
    if matches!(next, Some(b) if *b != b']' && *b != b',') {
        begin_value(&mut stack);
    }
    render(&stack)
}

/// A value starts in the current frame: an array's element is then under way (an object's
/// member is from its `:`).
fn begin_value(stack: &mut [Frame]) {
    if let Some(Frame::Array { in_value, .. }) = stack.last_mut() {
        *in_value = true;
    }
}

/// The index of the quote that closes the string opening at `start`, or the text's length
/// when it is cut short.
fn string_end(text: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    while at < text.len() {
        match text[at] {
            b'\\' => at += 2,
            b'"' => return at,
            _ => at += 1,
        }
    }
    text.len()
}

/// A member name's text, from its quoted JSON form.
fn unescape(quoted: &[u8]) -> String {
    match serde_json::from_slice::<String>(quoted) {
        Ok(name) => name,
        // Not valid JSON: serde_json stopped on it already; name it as it is written.
        Err(_) => String::from_utf8_lossy(quoted.get(1..quoted.len() - 1).unwrap_or_default())
            .into_owned(),
    }
}

fn render(stack: &[Frame]) -> String {
    let mut path = String::new();
    for frame in stack {
        match frame {
            Frame::Object {
                key: Some(key),
                in_value: true,
            } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Array {
                index,
                in_value: true,
            } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
            // The innermost frame, before any member or element of it has begun.
            _ => break,
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[allow(dead_code)]
    #[derive(Debug, Deserialize)]
    struct Tax {
        name: String,
        rate: f64,
    }

    #[allow(dead_code)]
    #[derive(Debug, Deserialize)]
    struct Customer {
        id: String,
        taxes: Vec<Tax>,
        address: Option<Address>,
        #[serde(rename = "odd \"key\"")]
        odd: Option<u8>,
        tags: Option<Vec<Vec<u8>>>,
    }

    #[allow(dead_code)]
    #[derive(Debug, Deserialize)]
    struct Address {
        city: String,
        lines: Vec<String>,
    }

    /// The path `serde_path_to_error` finds with a second pass, which this module replaces.
    fn tracked(body: &str) -> String {
        let mut deserializer = serde_json::Deserializer::from_str(body);
        match serde_path_to_error::deserialize::<_, Customer>(&mut deserializer) {
            Ok(_) => match deserializer.end() {
                Ok(()) => panic!("{body} decoded"),
                Err(_) => ".".to_string(),
            },
            Err(e) => e.path().to_string(),
        }
    }

    fn located(body: &str) -> String {
        match serde_json::from_str::<Customer>(body) {
            Ok(_) => panic!("{body} decoded"),
            Err(e) => path_of_error(body.as_bytes(), &e),
        }
    }

    #[test]
    fn names_the_value_being_read() {
        for (body, path) in [
            (r#"{"id": 1}"#, "id"),
            (
                r#"{"id": "c", "taxes": [{"name": "a", "rate": 1}, {"name": 2}]}"#,
                "taxes[1].name",
            ),
            (r#"{"id": "c", "taxes": [{"name": "a"}]}"#, "taxes[0]"),
            // Syntax errors: the value read last.
            (r#"{"id": "c", "taxes": []"#, "taxes"),
            (
                r#"{"id": "c", "taxes": [{"name": "a" "rate": 1}]}"#,
                "taxes[0].name",
            ),
            (r#"{"id": "c", "taxes": [1, "#, "taxes[0]"),
            (r#"{"id": "c", "ta"#, "."),
            (
                r#"{"id": "c", "taxes": [], "address": {"city": "x", "lines": ["a", 3]}}"#,
                "address.lines[1]",
            ),
            (
                r#"{"id": "c", "taxes": [], "odd \"key\"": 300}"#,
                "odd \"key\"",
            ),
            (
                r#"{"id": "c", "taxes": [], "tags": [[1], [2, -1]]}"#,
                "tags[1][1]",
            ),
            (r#"{"id": "c", "taxes": {}}"#, "taxes"),
            (
                "{\n  \"id\": \"c\",\n  \"taxes\": [\n    {\"name\": true}\n  ]\n}",
                "taxes[0].name",
            ),
            (r#"{"id": "c", "taxes": []} x"#, "."),
            // A struct may be read from an array of its fields.
            (r#"[1]"#, "[0]"),
        ] {
            assert_eq!(located(body), path, "{body}");
            if let Err(e) = serde_json::from_str::<Customer>(body) {
                if e.classify() == serde_json::error::Category::Data {
                    assert_eq!(tracked(body), path, "{body}");
                }
            }
        }
    }

    /// Every data error (a value of the wrong type, a missing field) from breaking a body
    /// (each byte removed, each prefix, each scalar replaced by a value of another type) gives
    /// the path `serde_path_to_error` gives. Syntax errors differ: it names a member whose
    /// name could not be read `?`, where this names the value read last.
    #[test]
    fn agrees_with_a_tracking_second_pass_on_every_broken_body() {
        let good = "{\"id\": \"c\\u0031\", \"taxes\": [{\"name\": \"a\", \"rate\": 0.5}, \
                    {\"rate\": 2, \"name\": \"b\"}], \"address\": {\"lines\": [\"x\", \"y\"], \
                    \"city\": \"P\"}, \"tags\": [[1, 2], []], \"odd \\\"key\\\"\": 7}";
        assert!(serde_json::from_str::<Customer>(good).is_ok());
        let mut bodies: Vec<String> = Vec::new();
        for cut in 0..good.len() {
            bodies.push(good[..cut].to_string());
            bodies.push(format!("{}{}", &good[..cut], &good[cut + 1..]));
        }
        for (at, _) in good.match_indices(|c: char| c.is_ascii_digit() || c == '"') {
            for other in ["true", "{}", "[]", "\"s\"", "-1", "null"] {
                bodies.push(format!("{}{}{}", &good[..at], other, &good[at + 1..]));
            }
        }
        let mut compared = 0;
        let mut differ = Vec::new();
        for body in &bodies {
            match serde_json::from_str::<Customer>(body) {
                Err(e) if e.classify() == serde_json::error::Category::Data => {}
                _ => continue,
            }
            if located(body) != tracked(body) {
                differ.push(format!("{body}: {} here, {}", located(body), tracked(body)));
            }
            compared += 1;
        }
        assert!(
            differ.is_empty(),
            "{} differ:\n{}",
            differ.len(),
            differ.join("\n")
        );
        assert!(compared > 90, "only {compared} bodies with a data error");
    }
}
