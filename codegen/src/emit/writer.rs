//! An indenting text buffer: generated code is written as text, in the layout rustfmt would
//! give it, with no syntax tree in between.

/// Lines at an indentation that `block` changes.
pub(crate) struct Writer {
    text: String,
    indent: usize,
}

impl Writer {
    pub(crate) fn new() -> Self {
        Writer {
            text: String::with_capacity(64 * 1024),
            indent: 0,
        }
    }

    /// One line at the current indentation; an empty `line` is a blank line.
    pub(crate) fn line(&mut self, line: &str) {
        if !line.is_empty() {
            for _ in 0..self.indent {
                self.text.push_str("    ");
            }
            self.text.push_str(line);
        }
        self.text.push('\n');
    }

    /// `open`, the lines `body` writes one level deeper, then `close`.
    pub(crate) fn block(&mut self, open: &str, close: &str, body: impl FnOnce(&mut Self)) {
        self.line(open);
        self.indented(body);
        self.line(close);
    }

    /// The lines `body` writes, one level deeper.
    pub(crate) fn indented(&mut self, body: impl FnOnce(&mut Self)) {
        self.indent += 1;
        body(self);
        self.indent -= 1;
    }

    /// `///` lines for paragraphs of spec text (escaped for rustdoc), a blank `///` between
    /// paragraphs.
    pub(crate) fn docs<S: AsRef<str>>(&mut self, paragraphs: &[S]) {
        let mut first = true;
        for paragraph in paragraphs {
            let paragraph = paragraph.as_ref().trim();
            if paragraph.is_empty() {
                continue;
            }
            if !first {
                self.line("///");
            }
            first = false;
            for text in paragraph.lines() {
                let text = text.trim_end();
                if text.is_empty() {
                    self.line("///");
                } else {
                    self.line(&format!("/// {text}"));
                }
            }
        }
    }

    /// A function signature `head(params) tail`, on one line when it fits in 100 columns, else
    /// one parameter per line, as rustfmt lays it out.
    pub(crate) fn signature(&mut self, head: &str, params: &[String], tail: &str) {
        let one_line = format!("{head}({}){tail}", params.join(", "));
        if self.indent * 4 + one_line.len() <= 100 {
            self.line(&one_line);
            return;
        }
        self.line(&format!("{head}("));
        self.indent += 1;
        for param in params {
            self.line(&format!("{param},"));
        }
        self.indent -= 1;
        self.line(&format!("){tail}"));
    }

    pub(crate) fn finish(self) -> String {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_indent_and_docs_separate_paragraphs() {
        let mut w = Writer::new();
        w.block("mod m {", "}", |w| {
            w.docs(&["One", "Two\n\nlines"]);
            w.line("struct A;");
        });
        assert_eq!(
            w.finish(),
            "mod m {\n    /// One\n    ///\n    /// Two\n    ///\n    /// lines\n    struct A;\n}\n"
        );
    }

    #[test]
    fn long_signatures_take_one_parameter_per_line() {
        let mut w = Writer::new();
        w.signature("fn f", &["a: u8".into()], " {");
        let long: Vec<String> = (0..9).map(|i| format!("argument_{i}: u32")).collect();
        w.signature("fn g", &long, " {");
        let text = w.finish();
        assert!(
            text.starts_with("fn f(a: u8) {\nfn g(\n    argument_0: u32,\n"),
            "{text}"
        );
        assert!(text.ends_with("    argument_8: u32,\n) {\n"), "{text}");
    }
}
