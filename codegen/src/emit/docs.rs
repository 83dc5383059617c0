//! Doc comments from spec text.

/// Spec prose made safe for rustdoc: brackets would be read as intra-doc links and angle
/// brackets as HTML, bare URLs draw a lint; text inside backticks is left alone. A line that
/// continues a list item without indentation is indented under it ([`indent_continuations`]).
pub(crate) fn prose(text: &str) -> String {
    indent_continuations(&escaped(text))
}

/// `- <head><text>` as one list item, spec prose already made safe ([`prose`]) in `text`: its
/// later lines are indented under the item's text, a line the spec indented further (Beezup's
/// YAML pasted into a description) moved back to it, so that the item neither ends early nor
/// reads as over-indented to clippy.
pub(crate) fn list_item(head: &str, text: &str) -> String {
    let mut item = format!("- {head}");
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            item.push('\n');
            if !line.is_empty() {
                item.push_str("  ");
            }
        }
        item.push_str(line);
    }
    indent_continuations(&item)
}

/// Markdown reads a line right after a list item as part of that item even when it is not
/// indented (a "lazy continuation"); clippy's `doc_lazy_continuation` denies it, and specs
/// write it often (a list of values, then a sentence). Indenting the line under the item's
/// text keeps what markdown renders and satisfies the lint. A line indented past the item's
/// text (Kubernetes aligns wrapped lines under a word) is the same paragraph to markdown and
/// `doc_overindented_list_items` to clippy, so it moves back to the item's text too. Fenced
/// code, and whatever follows a blank line, is left alone.
fn indent_continuations(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut item: Option<usize> = None;
    let mut fenced = false;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let content = line.trim_start();
        let lead = line.len() - content.len();
        if content.starts_with("```") || content.starts_with("~~~") {
            fenced = !fenced;
            item = None;
        } else if fenced {
        } else if content.is_empty() {
            item = None;
        } else if let Some(width) = list_marker(content) {
            item = Some(lead + width);
        } else if let Some(width) = item.filter(|width| lead != *width) {
            out.extend(std::iter::repeat_n(' ', width));
            out.push_str(content);
            continue;
        }
        out.push_str(line);
    }
    out
}

/// Where the text of the list item `line` starts, if it starts with one: after the marker and
/// the spaces after it (`- `: 2, `12. `: 4, GitHub's `*   `: 4). Five spaces or more start an
/// indented code block one space after the marker, as CommonMark reads it.
fn list_marker(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let marker = match bytes.first()? {
        b'-' | b'*' | b'+' => 1,
        _ if (1..=9).contains(&digits) && matches!(bytes.get(digits), Some(b'.' | b')')) => {
            digits + 1
        }
        _ => return None,
    };
    let spaces = bytes[marker..].iter().take_while(|b| **b == b' ').count();
    match spaces {
        0 => None,
        // A marker alone on its line, or with only spaces after it.
        _ if marker + spaces == bytes.len() => None,
        1..=4 => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, segment) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(segment);
            continue;
        }
        // Words end at any whitespace: a URL at the end of a line must not take the line
        // break and what follows into its `<..>` (Bitbucket's `..evzijst/1\n\nResponse:`).
        for word in segment.split_inclusive(char::is_whitespace) {
            let (word, space) = word.split_at(word.trim_end_matches(char::is_whitespace).len());
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
            out.push_str(space);
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
        // A URL ends at a line break or a tab too.
        assert_eq!(
            prose("curl https://x.io/1\n\nResponse:\n\n    HTTP/1.1 200\thttps://y.io\t[z]"),
            "curl <https://x.io/1>\n\nResponse:\n\n    HTTP/1.1 200\t<https://y.io>\t\\[z\\]"
        );
    }

    #[test]
    fn a_line_lazily_continuing_a_list_item_is_indented_under_it() {
        assert_eq!(
            prose("Kinds:\n- a\n- b\nThe rest.\n\nAfter."),
            "Kinds:\n- a\n- b\n  The rest.\n\nAfter."
        );
        assert_eq!(
            prose("1. one\ntwo\n10) ten\nmore"),
            "1. one\n   two\n10) ten\n    more"
        );
        // GitHub's `*   ` items: their text starts at the fourth column.
        assert_eq!(
            prose("*   a long\n  line\n *  b"),
            "*   a long\n    line\n *  b"
        );
        // Kubernetes aligns wrapped lines under a word; markdown reads them as the item's text.
        assert_eq!(
            prose(
                "- SyncFailed: the controller\n              could not\n- 1) `atomic`\n     more"
            ),
            "- SyncFailed: the controller\n  could not\n- 1) `atomic`\n  more"
        );
        assert_eq!(prose("1) a\n     b"), "1) a\n   b");
        // Indented enough already, a new paragraph, fenced code, or no list at all: unchanged.
        for text in [
            "- a\n  more",
            "- a\n\nnext",
            "- a\n```\ncode\n```",
            "-a\nb",
            "3.5 units\nmore",
            "* a\n```\n- x\ny\n```",
            "- a\n\n      code after a blank line",
            "Not a list\n      indented",
            "-\n  after an empty item",
        ] {
            assert_eq!(prose(text), text);
        }
    }

    #[test]
    fn a_list_item_of_several_lines_keeps_them_under_its_text() {
        // Beezup's 404: YAML pasted into the description, indented past the item's text.
        let description = prose("ExecutionId not found\n        schema:\n  $ref: 'x'");
        assert_eq!(
            list_item("404: ", &description),
            "- 404: ExecutionId not found\n  schema:\n  $ref: 'x'"
        );
        // A list inside the description nests under the item; a new paragraph stays in it.
        assert_eq!(
            list_item("400: ", &prose("Bad:\n- a\nmore\n\nAfter.")),
            "- 400: Bad:\n  - a\n    more\n\n  After."
        );
    }
}
