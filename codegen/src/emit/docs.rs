//! Doc comments from spec text.

/// Spec prose made safe for rustdoc: brackets would be read as intra-doc links and angle
/// brackets as HTML, bare URLs draw a lint; text inside backticks is left alone.
pub(crate) fn prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, segment) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(segment);
            continue;
        }
        let mut words = segment.split(' ').peekable();
        while let Some(word) = words.next() {
            if word.starts_with("http://") || word.starts_with("https://") {
                let end = word.trim_end_matches(['.', ',', ';', ':', ')']);
                out.push('<');
                out.push_str(end);
                out.push('>');
                out.push_str(&word[end.len()..]);
            } else {
                for c in word.chars() {
                    match c {
                        '[' | ']' | '<' | '>' => {
                            out.push('\\');
                            out.push(c);
                        }
                        _ => out.push(c),
                    }
                }
            }
            if words.peek().is_some() {
                out.push(' ');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_escapes_links_and_html_but_not_code() {
        assert_eq!(prose("Map of id -> [a] <b>"), r"Map of id -\> \[a\] \<b\>");
        assert_eq!(prose("see `Vec<T>` and [x]"), r"see `Vec<T>` and \[x\]");
        assert_eq!(
            prose("docs at https://x.io/a."),
            "docs at <https://x.io/a>."
        );
    }
}
