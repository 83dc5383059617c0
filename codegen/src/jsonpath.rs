//! The subset of JSONPath (RFC 9535) that OpenAPI Overlay targets need.
//!
//! [`parse`] turns an expression into a [`Path`]; [`select`] evaluates it against a document
//! and returns the *locations* it matched (object keys and array indexes from the root) rather
//! than the values, so the overlay step can update or remove the nodes afterwards.
//!
//! # Supported syntax
//!
//! - The root `$`, which must start the expression.
//! - Child segments:
//!   - `.name`, where the name is one or more ASCII letters, digits, `_`, `-` or non-ASCII
//!     characters. Digits and `-` are accepted anywhere in the name (RFC 9535 allows neither
//!     `-` nor a leading digit), so `$.responses.200` and `$.x-internal` work.
//!   - `.*` and `[*]`: every member value of an object, every element of an array.
//!   - `['name']` and `["name"]`, with the escapes `\'`, `\"`, `\\`, `\/`, `\b`, `\f`, `\n`,
//!     `\r`, `\t` and `\uXXXX` (surrogate pairs included). Either quote may be escaped inside
//!     either kind of string.
//!   - `[0]` and `[-1]`: an array element, counted from the end when negative.
//!   - Several selectors in one bracket, separated by commas: `['a','b']`, `[0, -1]`.
//! - Descendant segments, which apply their selector to the node and every node below it:
//!   `..name`, `..*`, `..['name']`, `..[0]`, `..[?...]`.
//! - Filter selectors `[?...]`, with or without parentheses around the test: `[?(@.a == 'x')]`
//!   and `[?@.a == 'x']`. A filter on an object tests its member values, on an array its
//!   elements; anything else has no children to test. The test is one of:
//!   - `@q == literal` or `@q != literal`, where `@q` is `@` followed by zero or more `.name`,
//!     `['name']` or `[index]` steps, and the literal is a single- or double-quoted string, a
//!     number, `true`, `false` or `null`. A missing `@q` is equal to nothing, so `!=` matches
//!     it. Numbers compare by value (`1 == 1.0`); objects and arrays equal no literal.
//!   - `@q` alone: true when that member or element exists, whatever its value (even `null`).
//!
//! Blank space is allowed where RFC 9535 allows it: between segments, inside brackets around
//! selectors and commas, and around the parts of a filter.
//!
//! Anything else is a parse error that names the construct: array slices (`[1:3]`), function
//! extensions (`length(...)`, `match(...)`), logical operators (`&&`, `||`, `!`), the
//! comparisons `<`, `<=`, `>`, `>=`, absolute queries (`$`) inside filters, non-literal right
//! sides, and wildcards, descendants, filters or several selectors inside a filter's `@` path.
//!
//! # Results
//!
//! [`select`] returns each matched location once, in document order: a node comes before the
//! nodes below it, array elements by index, object members in the order the document lists
//! them. RFC 9535 keeps duplicates and orders some results by selector; an overlay wants each
//! node touched once, and removal wants a predictable order.

use serde_json::{Number, Value};

/// One step from a node to one of its children.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Token {
    /// A member of an object, by key.
    Key(String),
    /// An element of an array, by position.
    Index(usize),
}

/// A parsed JSONPath expression, ready for [`select`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Path {
    segments: Vec<Segment>,
}

/// One `.x`, `[...]` or `..x` part of a path.
#[derive(Debug, Clone, PartialEq)]
struct Segment {
    /// `..`: the selectors apply to the input node and all its descendants.
    descendant: bool,
    selectors: Vec<Selector>,
}

#[derive(Debug, Clone, PartialEq)]
enum Selector {
    Name(String),
    Index(i64),
    Wildcard,
    Filter(Filter),
}

/// `[?@q == literal]`, `[?@q != literal]` or `[?@q]`.
#[derive(Debug, Clone, PartialEq)]
struct Filter {
    query: Vec<Step>,
    test: Test,
}

/// A step of the singular relative path inside a filter.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Name(String),
    Index(i64),
}

#[derive(Debug, Clone, PartialEq)]
enum Test {
    Exists,
    Equal(Value),
    NotEqual(Value),
}

/// Parses `expr`; the error says what is wrong and at which character (counted from 1).
pub(crate) fn parse(expr: &str) -> Result<Path, String> {
    Parser::new(expr).path()
}

/// The locations `path` matches in `doc`, each a list of tokens from the root, in document
/// order and without duplicates. `$` alone matches the root, whose location is empty.
pub(crate) fn select(path: &Path, doc: &Value) -> Vec<Vec<Token>> {
    let mut nodes = vec![Node {
        value: doc,
        tokens: Vec::new(),
        order: Vec::new(),
    }];
    for segment in &path.segments {
        let mut next = Vec::new();
        for node in &nodes {
            if segment.descendant {
                descend(node, &segment.selectors, &mut next);
            } else {
                apply_selectors(node, &segment.selectors, &mut next);
            }
        }
        // Deduplicating after every segment, not just at the end, keeps queries such as
        // `$..*..*` from multiplying the same nodes segment after segment.
        next.sort_by(|a, b| a.order.cmp(&b.order));
        next.dedup_by(|a, b| a.order == b.order);
        nodes = next;
    }
    nodes.into_iter().map(|node| node.tokens).collect()
}

/// A node reached while evaluating, with its location twice over: as tokens for the caller,
/// and as positions (member index within its object, element index within its array), whose
/// lexicographic order is document order.
struct Node<'a> {
    value: &'a Value,
    tokens: Vec<Token>,
    order: Vec<usize>,
}

impl<'a> Node<'a> {
    fn child(&self, value: &'a Value, token: Token, position: usize) -> Node<'a> {
        let mut tokens = self.tokens.clone();
        tokens.push(token);
        let mut order = self.order.clone();
        order.push(position);
        Node {
            value,
            tokens,
            order,
        }
    }

    /// Every child, in document order.
    fn children(&self) -> Vec<Node<'a>> {
        match self.value {
            Value::Object(map) => map
                .iter()
                .enumerate()
                .map(|(i, (key, value))| self.child(value, Token::Key(key.clone()), i))
                .collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, value)| self.child(value, Token::Index(i), i))
                .collect(),
            _ => Vec::new(),
        }
    }
}

fn descend<'a>(node: &Node<'a>, selectors: &[Selector], out: &mut Vec<Node<'a>>) {
    apply_selectors(node, selectors, out);
    for child in node.children() {
        descend(&child, selectors, out);
    }
}

fn apply_selectors<'a>(node: &Node<'a>, selectors: &[Selector], out: &mut Vec<Node<'a>>) {
    for selector in selectors {
        match selector {
            Selector::Name(name) => {
                if let Value::Object(map) = node.value {
                    if let Some((i, (key, value))) =
                        map.iter().enumerate().find(|(_, (key, _))| *key == name)
                    {
                        out.push(node.child(value, Token::Key(key.clone()), i));
                    }
                }
            }
            Selector::Index(index) => {
                if let Value::Array(items) = node.value {
                    if let Some((i, value)) = resolve_index(items, *index) {
                        out.push(node.child(value, Token::Index(i), i));
                    }
                }
            }
            Selector::Wildcard => out.extend(node.children()),
            Selector::Filter(filter) => out.extend(
                node.children()
                    .into_iter()
                    .filter(|child| filter.accepts(child.value)),
            ),
        }
    }
}

/// The element `index` designates (negative counts from the end), if the array has it.
fn resolve_index(items: &[Value], index: i64) -> Option<(usize, &Value)> {
    let position = if index < 0 {
        let len = i64::try_from(items.len()).ok()?;
        usize::try_from(len.checked_add(index)?).ok()?
    } else {
        usize::try_from(index).ok()?
    };
    items.get(position).map(|value| (position, value))
}

impl Filter {
    fn accepts(&self, candidate: &Value) -> bool {
        let found = self
            .query
            .iter()
            .try_fold(candidate, |value, step| match step {
                Step::Name(name) => value.as_object().and_then(|map| map.get(name)),
                Step::Index(index) => value
                    .as_array()
                    .and_then(|items| resolve_index(items, *index))
                    .map(|(_, value)| value),
            });
        match &self.test {
            Test::Exists => found.is_some(),
            Test::Equal(literal) => found.is_some_and(|value| equals_literal(value, literal)),
            Test::NotEqual(literal) => !found.is_some_and(|value| equals_literal(value, literal)),
        }
    }
}

fn equals_literal(value: &Value, literal: &Value) -> bool {
    match (value, literal) {
        (Value::Number(a), Value::Number(b)) => numbers_equal(a, b),
        (Value::String(a), Value::String(b)) => a == b,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Null, Value::Null) => true,
        _ => false,
    }
}

/// Compares by value, exactly when both are integers so large integers do not collide
/// through `f64` rounding.
fn numbers_equal(a: &Number, b: &Number) -> bool {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return x == y;
    }
    if a.is_f64() || b.is_f64() {
        if let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) {
            return x == y;
        }
    }
    false
}

/// RFC 9535 keeps integers within the range IEEE doubles represent exactly.
const MAX_INDEX: i64 = (1 << 53) - 1;

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn new(expr: &str) -> Parser {
        Parser {
            chars: expr.chars().collect(),
            pos: 0,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn looking_at(&self, text: &str) -> bool {
        text.chars()
            .enumerate()
            .all(|(i, c)| self.peek_at(i) == Some(c))
    }

    fn error_at(&self, pos: usize, message: &str) -> String {
        format!("{message} at character {}", pos + 1)
    }

    fn error(&self, message: &str) -> String {
        self.error_at(self.pos, message)
    }

    /// What is at the current position, for "expected X, found Y" messages.
    fn found(&self) -> String {
        match self.peek() {
            Some(c) => format!("`{c}`"),
            None => "the end of the expression".to_string(),
        }
    }

    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.pos += 1;
        }
    }

    fn path(&mut self) -> Result<Path, String> {
        if self.peek() != Some('$') {
            return Err(self.error(&format!(
                "a JSONPath must start with `$`, found {}",
                self.found()
            )));
        }
        self.pos += 1;
        let mut segments = Vec::new();
        loop {
            let before = self.pos;
            self.skip_blanks();
            if self.peek().is_none() {
                if self.pos != before {
                    return Err(self.error_at(before, "blank space after the end of the path"));
                }
                return Ok(Path { segments });
            }
            segments.push(self.segment()?);
        }
    }

    fn segment(&mut self) -> Result<Segment, String> {
        if self.looking_at("..") {
            self.pos += 2;
            let selectors = match self.peek() {
                Some('*') => {
                    self.pos += 1;
                    vec![Selector::Wildcard]
                }
                Some('[') => self.bracket()?,
                Some(c) if is_name_char(c) => vec![Selector::Name(self.dot_name())],
                _ => {
                    return Err(self.error(&format!(
                        "expected a member name, `*` or `[` after `..`, found {}",
                        self.found()
                    )));
                }
            };
            return Ok(Segment {
                descendant: true,
                selectors,
            });
        }
        let selectors = match self.peek() {
            Some('.') => {
                self.pos += 1;
                match self.peek() {
                    Some('*') => {
                        self.pos += 1;
                        vec![Selector::Wildcard]
                    }
                    Some(c) if is_name_char(c) => vec![Selector::Name(self.dot_name())],
                    _ => return Err(self.bad_dot_name()),
                }
            }
            Some('[') => self.bracket()?,
            _ => {
                return Err(self.error(&format!(
                    "expected `.`, `..` or `[`, found {}",
                    self.found()
                )));
            }
        };
        Ok(Segment {
            descendant: false,
            selectors,
        })
    }

    fn bad_dot_name(&self) -> String {
        self.error(&format!(
            "expected a member name or `*` after `.`, found {}; names with characters other \
             than letters, digits, `_` and `-` need brackets, as in `['/a/{{b}}']`",
            self.found()
        ))
    }

    /// Reads a name after `.` or `..`; the caller has checked the first character.
    fn dot_name(&mut self) -> String {
        let mut name = String::new();
        while let Some(c) = self.peek().filter(|&c| is_name_char(c)) {
            name.push(c);
            self.pos += 1;
        }
        name
    }

    /// `[selector, ...]`, the current character being `[`.
    fn bracket(&mut self) -> Result<Vec<Selector>, String> {
        self.pos += 1;
        let mut selectors = Vec::new();
        loop {
            self.skip_blanks();
            selectors.push(self.selector()?);
            self.skip_blanks();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(']') => {
                    self.pos += 1;
                    return Ok(selectors);
                }
                Some(':') => return Err(self.slice_error()),
                _ => {
                    return Err(self.error(&format!(
                        "expected `,` or `]` after a selector, found {}",
                        self.found()
                    )));
                }
            }
        }
    }

    fn selector(&mut self) -> Result<Selector, String> {
        match self.peek() {
            Some(quote @ ('\'' | '"')) => Ok(Selector::Name(self.string(quote)?)),
            Some('*') => {
                self.pos += 1;
                Ok(Selector::Wildcard)
            }
            Some('?') => {
                self.pos += 1;
                Ok(Selector::Filter(self.filter()?))
            }
            Some(c) if c == '-' || c.is_ascii_digit() => Ok(Selector::Index(self.integer()?)),
            Some(':') => Err(self.slice_error()),
            _ => Err(self.error(&format!(
                "expected a selector (a quoted name, an index, `*` or `?`), found {}",
                self.found()
            ))),
        }
    }

    fn slice_error(&self) -> String {
        self.error("array slice selectors (`[start:end:step]`) are not supported")
    }

    /// An index: `0`, or an optional `-` and digits without a leading zero.
    fn integer(&mut self) -> Result<i64, String> {
        let start = self.pos;
        let negative = self.peek() == Some('-');
        if negative {
            self.pos += 1;
        }
        let digits_start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let digits: String = self
            .chars
            .get(digits_start..self.pos)
            .unwrap_or_default()
            .iter()
            .collect();
        if digits.is_empty() {
            return Err(self.error(&format!(
                "expected digits after `-`, found {}",
                self.found()
            )));
        }
        if (digits.len() > 1 && digits.starts_with('0')) || (negative && digits == "0") {
            return Err(self.error_at(start, "an index must not have leading zeros or be `-0`"));
        }
        let value = digits
            .parse::<i64>()
            .ok()
            .filter(|v| *v <= MAX_INDEX)
            .ok_or_else(|| self.error_at(start, "index out of range"))?;
        Ok(if negative { -value } else { value })
    }

    /// A quoted string, the current character being its opening `quote`.
    fn string(&mut self, quote: char) -> Result<String, String> {
        let start = self.pos;
        self.pos += 1;
        let mut text = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.error_at(start, "unterminated string"));
            };
            if c == quote {
                self.pos += 1;
                return Ok(text);
            }
            if c == '\\' {
                text.push(self.escape()?);
                continue;
            }
            if c < ' ' {
                return Err(self.error("control characters in a string must be escaped"));
            }
            text.push(c);
            self.pos += 1;
        }
    }

    /// One escape sequence, the current character being its backslash.
    fn escape(&mut self) -> Result<char, String> {
        let start = self.pos;
        self.pos += 1;
        let Some(c) = self.peek() else {
            return Err(self.error_at(start, "unterminated string"));
        };
        self.pos += 1;
        let simple = match c {
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            '/' | '\\' | '\'' | '"' => c,
            'u' => return self.unicode_escape(start),
            _ => return Err(self.error_at(start, &format!("invalid escape `\\{c}`"))),
        };
        Ok(simple)
    }

    /// The rest of `\uXXXX` (and of its low surrogate when it is a high one).
    fn unicode_escape(&mut self, start: usize) -> Result<char, String> {
        let high = self.hex4(start)?;
        let code = match high {
            0xD800..=0xDBFF => {
                if !self.looking_at("\\u") {
                    return Err(self.error_at(
                        start,
                        "a high surrogate `\\u` escape must be followed by a low one",
                    ));
                }
                self.pos += 2;
                let low = self.hex4(start)?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(self.error_at(
                        start,
                        "a high surrogate `\\u` escape must be followed by a low one",
                    ));
                }
                0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            }
            0xDC00..=0xDFFF => {
                return Err(self.error_at(start, "a low surrogate `\\u` escape without a high one"));
            }
            _ => high,
        };
        char::from_u32(code).ok_or_else(|| self.error_at(start, "invalid `\\u` escape"))
    }

    fn hex4(&mut self, start: usize) -> Result<u32, String> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|c| c.to_digit(16))
                .ok_or_else(|| self.error_at(start, "`\\u` must be followed by four hex digits"))?;
            code = code * 16 + digit;
            self.pos += 1;
        }
        Ok(code)
    }

    /// The test after `?`, with any parentheses around it.
    fn filter(&mut self) -> Result<Filter, String> {
        self.skip_blanks();
        let mut parens = 0;
        while self.peek() == Some('(') {
            parens += 1;
            self.pos += 1;
            self.skip_blanks();
        }
        if self.peek() == Some('!') {
            return Err(self.error("the logical operator `!` is not supported in filters"));
        }
        let query = self.filter_query()?;
        self.skip_blanks();
        let test = if self.looking_at("==") || self.looking_at("!=") {
            let equal = self.peek() == Some('=');
            self.pos += 2;
            self.skip_blanks();
            let literal = self.literal()?;
            if equal {
                Test::Equal(literal)
            } else {
                Test::NotEqual(literal)
            }
        } else {
            Test::Exists
        };
        self.skip_blanks();
        self.reject_operators()?;
        for _ in 0..parens {
            self.skip_blanks();
            if self.peek() != Some(')') {
                return Err(self.error(&format!("expected `)`, found {}", self.found())));
            }
            self.pos += 1;
        }
        Ok(Filter { query, test })
    }

    /// Names the operators this subset leaves out, where a filter test could continue.
    fn reject_operators(&self) -> Result<(), String> {
        for op in ["&&", "||"] {
            if self.looking_at(op) {
                return Err(self.error(&format!(
                    "the logical operator `{op}` is not supported in filters"
                )));
            }
        }
        for op in ["<=", ">=", "<", ">"] {
            if self.looking_at(op) {
                return Err(self.error(&format!(
                    "the comparison `{op}` is not supported in filters; only `==` and `!=` are"
                )));
            }
        }
        if self.peek() == Some('=') {
            return Err(self.error("expected `==` or `!=`, found a single `=`"));
        }
        Ok(())
    }

    /// The `@...` path on the left of a filter test.
    fn filter_query(&mut self) -> Result<Vec<Step>, String> {
        match self.peek() {
            Some('@') => self.pos += 1,
            Some('$') => {
                return Err(self.error(
                    "absolute queries (`$`) are not supported inside filters; start with `@`",
                ));
            }
            _ => {
                self.reject_function()?;
                return Err(self.error(&format!(
                    "a filter test must start with a relative path `@`, found {}",
                    self.found()
                )));
            }
        }
        let mut steps = Vec::new();
        loop {
            let before = self.pos;
            self.skip_blanks();
            match self.peek() {
                Some('.') => {
                    self.pos += 1;
                    match self.peek() {
                        Some('.') => {
                            return Err(self.error(
                                "descendant segments (`..`) are not supported inside filters",
                            ));
                        }
                        Some('*') => {
                            return Err(
                                self.error("wildcards (`*`) are not supported inside filters")
                            );
                        }
                        Some(c) if is_name_char(c) => steps.push(Step::Name(self.dot_name())),
                        _ => return Err(self.bad_dot_name()),
                    }
                }
                Some('[') => {
                    self.pos += 1;
                    self.skip_blanks();
                    let step = match self.peek() {
                        Some(quote @ ('\'' | '"')) => Step::Name(self.string(quote)?),
                        Some(c) if c == '-' || c.is_ascii_digit() => Step::Index(self.integer()?),
                        Some('*') => {
                            return Err(
                                self.error("wildcards (`*`) are not supported inside filters")
                            );
                        }
                        Some('?') => return Err(self.error("nested filters are not supported")),
                        Some(':') => return Err(self.slice_error()),
                        _ => {
                            return Err(self.error(&format!(
                                "expected a quoted name or an index, found {}",
                                self.found()
                            )));
                        }
                    };
                    self.skip_blanks();
                    match self.peek() {
                        Some(']') => self.pos += 1,
                        Some(',') => {
                            return Err(self.error(
                                "several selectors in one bracket are not supported inside \
                                 filters",
                            ));
                        }
                        Some(':') => return Err(self.slice_error()),
                        _ => {
                            return Err(
                                self.error(&format!("expected `]`, found {}", self.found()))
                            );
                        }
                    }
                    steps.push(step);
                }
                _ => {
                    self.pos = before;
                    return Ok(steps);
                }
            }
        }
    }

    /// Errors naming a function extension such as `length(` when one starts here.
    fn reject_function(&self) -> Result<(), String> {
        let mut end = self.pos;
        while self
            .chars
            .get(end)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
        {
            end += 1;
        }
        if end > self.pos && self.chars.get(end) == Some(&'(') {
            let name: String = self
                .chars
                .get(self.pos..end)
                .unwrap_or_default()
                .iter()
                .collect();
            return Err(self.error(&format!(
                "function extensions such as `{name}()` are not supported in filters"
            )));
        }
        Ok(())
    }

    /// The literal on the right of `==` or `!=`.
    fn literal(&mut self) -> Result<Value, String> {
        match self.peek() {
            Some(quote @ ('\'' | '"')) => Ok(Value::String(self.string(quote)?)),
            Some(c) if c == '-' || c.is_ascii_digit() => self.number(),
            Some('@' | '$') => Err(self.error(
                "the right side of a comparison must be a literal (a string, number, `true`, \
                 `false` or `null`), not a query",
            )),
            _ => {
                self.reject_function()?;
                for (word, value) in [
                    ("true", Value::Bool(true)),
                    ("false", Value::Bool(false)),
                    ("null", Value::Null),
                ] {
                    let next = self.peek_at(word.len());
                    if self.looking_at(word)
                        && !next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                    {
                        self.pos += word.len();
                        return Ok(value);
                    }
                }
                Err(self.error(&format!(
                    "expected a literal (a string, number, `true`, `false` or `null`), found {}",
                    self.found()
                )))
            }
        }
    }

    /// Appends the digits at the current position to `text`, and says how many there were.
    fn digits(&mut self, text: &mut String) -> usize {
        let mut count = 0;
        while let Some(c) = self.peek().filter(|c| c.is_ascii_digit()) {
            text.push(c);
            self.pos += 1;
            count += 1;
        }
        count
    }

    /// A number literal with RFC 9535's grammar: `-`? int (`.` digits)? (`e` sign? digits)?.
    fn number(&mut self) -> Result<Value, String> {
        let start = self.pos;
        let mut text = String::new();
        if self.peek() == Some('-') {
            text.push('-');
            self.pos += 1;
        }
        let leading_zero = self.peek() == Some('0');
        let int_digits = self.digits(&mut text);
        if int_digits == 0 {
            return Err(self.error(&format!(
                "expected digits in a number, found {}",
                self.found()
            )));
        }
        if int_digits > 1 && leading_zero {
            return Err(self.error_at(start, "a number must not have leading zeros"));
        }
        let mut integral = true;
        if self.peek() == Some('.') {
            integral = false;
            text.push('.');
            self.pos += 1;
            if self.digits(&mut text) == 0 {
                return Err(self.error(&format!(
                    "expected digits after `.` in a number, found {}",
                    self.found()
                )));
            }
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            integral = false;
            text.push('e');
            self.pos += 1;
            if let Some(sign @ ('+' | '-')) = self.peek() {
                text.push(sign);
                self.pos += 1;
            }
            if self.digits(&mut text) == 0 {
                return Err(self.error(&format!(
                    "expected digits in a number's exponent, found {}",
                    self.found()
                )));
            }
        }
        let number = if integral {
            text.parse::<i64>()
                .map(Number::from)
                .or_else(|_| text.parse::<u64>().map(Number::from))
                .ok()
        } else {
            None
        };
        let number = number.or_else(|| text.parse::<f64>().ok().and_then(Number::from_f64));
        number
            .map(Value::Number)
            .ok_or_else(|| self.error_at(start, "number out of range"))
    }
}

/// Characters allowed in a `.name` shorthand.
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-' || !c.is_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key(k: &str) -> Token {
        Token::Key(k.to_string())
    }

    /// The matches of `expr` in `doc`, as JSON pointers for readable assertions.
    fn pointers(expr: &str, doc: &Value) -> Vec<String> {
        let path = parse(expr).unwrap();
        select(&path, doc)
            .into_iter()
            .map(|tokens| {
                tokens
                    .iter()
                    .map(|t| match t {
                        Token::Key(k) => format!("/{k}"),
                        Token::Index(i) => format!("/{i}"),
                    })
                    .collect()
            })
            .collect()
    }

    fn parse_error(expr: &str) -> String {
        parse(expr).unwrap_err()
    }

    fn spec() -> Value {
        json!({
            "openapi": "3.1.0",
            "paths": {
                "/api/v1/customers/{id_or_alias}": {
                    "get": {
                        "parameters": [
                            {"name": "id_or_alias", "in": "path", "required": true},
                            {"name": "expand", "in": "query", "required": false},
                            {"name": "limit", "in": "query", "x-max": 100}
                        ],
                        "responses": {"200": {"description": "ok"}}
                    }
                },
                "/api/v1/plans": {
                    "get": {"responses": {"200": {"description": "list"}}},
                    "post": {"x-internal": true}
                }
            },
            "components": {
                "schemas": {
                    "Customer": {"type": "object", "x~tilde": 1},
                    "Plan": {"type": "object", "description": null}
                }
            }
        })
    }

    #[test]
    fn root_selects_the_whole_document() {
        let doc = spec();
        assert_eq!(
            select(&parse("$").unwrap(), &doc),
            vec![Vec::<Token>::new()]
        );
    }

    #[test]
    fn dot_names_walk_objects() {
        let doc = spec();
        assert_eq!(
            select(&parse("$.components.schemas.Plan").unwrap(), &doc),
            vec![vec![key("components"), key("schemas"), key("Plan")]]
        );
        assert_eq!(
            pointers("$.paths.*.get.responses.200", &doc),
            [
                "/paths//api/v1/customers/{id_or_alias}/get/responses/200",
                "/paths//api/v1/plans/get/responses/200"
            ]
        );
        assert_eq!(
            pointers("$.paths['/api/v1/plans'].post.x-internal", &doc).len(),
            1
        );
        assert!(pointers("$.nothing.here", &doc).is_empty());
        // A name on an array, or an index on an object, selects nothing.
        assert!(pointers("$.paths[0]", &doc).is_empty());
        let get = "$.paths['/api/v1/customers/{id_or_alias}'].get";
        assert!(pointers(&format!("{get}.parameters.name"), &doc).is_empty());
    }

    #[test]
    fn non_ascii_dot_names() {
        let doc = json!({"données": {"clé": 1}});
        assert_eq!(pointers("$.données.clé", &doc), ["/données/clé"]);
    }

    #[test]
    fn bracket_names_with_slashes_braces_and_tildes() {
        let doc = spec();
        assert_eq!(
            select(
                &parse("$.paths['/api/v1/customers/{id_or_alias}']").unwrap(),
                &doc
            ),
            vec![vec![key("paths"), key("/api/v1/customers/{id_or_alias}")]]
        );
        assert_eq!(
            pointers(r#"$["components"]["schemas"]['Customer']['x~tilde']"#, &doc),
            ["/components/schemas/Customer/x~tilde"]
        );
        let content = json!({"content": {"application/json": {"schema": {}}}});
        assert_eq!(
            pointers("$.content['application/json'].schema", &content),
            ["/content/application/json/schema"]
        );
    }

    #[test]
    fn string_escapes() {
        let doc = json!({"it's": 1, "say \"hi\"": 2, "a\\b": 3, "a/b": 4, "l\nt\t": 5, "é😀": 6});
        assert_eq!(pointers(r"$['it\'s']", &doc), ["/it's"]);
        assert_eq!(pointers(r#"$["it's"]"#, &doc), ["/it's"]);
        assert_eq!(pointers(r#"$["say \"hi\""]"#, &doc), ["/say \"hi\""]);
        assert_eq!(pointers(r#"$['say \"hi\"']"#, &doc), ["/say \"hi\""]);
        assert_eq!(pointers(r"$['a\\b']", &doc), ["/a\\b"]);
        assert_eq!(pointers(r"$['a\/b']", &doc), ["/a/b"]);
        assert_eq!(pointers(r"$['l\nt\t']", &doc), ["/l\nt\t"]);
        assert_eq!(pointers(r"$['\u00e9\uD83D\uDE00']", &doc), ["/é😀"]);
        assert!(parse_error(r"$['a\x']").contains("invalid escape `\\x` at character 5"));
        assert!(parse_error(r"$['\u12']").contains("four hex digits"));
        assert!(parse_error(r"$['\uD83D']").contains("low one"));
        assert!(parse_error(r"$['\uDE00']").contains("without a high one"));
        assert!(parse_error("$['a\u{1}']").contains("control characters"));
        assert_eq!(parse_error("$['abc"), "unterminated string at character 3");
    }

    #[test]
    fn several_names_in_one_bracket_come_back_in_document_order() {
        let doc = json!({"a": 1, "b": 2, "c": 3});
        assert_eq!(pointers("$['c','a']", &doc), ["/a", "/c"]);
        assert_eq!(pointers("$[ 'b' , \"c\" ]", &doc), ["/b", "/c"]);
        // Naming a member twice still selects it once.
        assert_eq!(pointers("$['a','a']", &doc), ["/a"]);
    }

    #[test]
    fn indexes_positive_and_negative() {
        let doc = json!({"xs": [10, 20, 30]});
        assert_eq!(
            select(&parse("$.xs[0]").unwrap(), &doc),
            vec![vec![key("xs"), Token::Index(0)]]
        );
        assert_eq!(pointers("$.xs[-1]", &doc), ["/xs/2"]);
        assert_eq!(pointers("$.xs[-3]", &doc), ["/xs/0"]);
        assert_eq!(pointers("$.xs[2, 0, -1]", &doc), ["/xs/0", "/xs/2"]);
        assert!(pointers("$.xs[3]", &doc).is_empty());
        assert!(pointers("$.xs[-4]", &doc).is_empty());
    }

    #[test]
    fn wildcards_on_objects_and_arrays() {
        let doc = json!({"o": {"z": 1, "a": 2}, "xs": ["p", "q"], "s": "scalar"});
        assert_eq!(pointers("$.o.*", &doc), ["/o/z", "/o/a"]);
        assert_eq!(pointers("$.o[*]", &doc), ["/o/z", "/o/a"]);
        assert_eq!(pointers("$.xs.*", &doc), ["/xs/0", "/xs/1"]);
        assert_eq!(pointers("$.xs[*]", &doc), ["/xs/0", "/xs/1"]);
        assert!(pointers("$.s.*", &doc).is_empty());
        assert_eq!(pointers("$.*", &doc), ["/o", "/xs", "/s"]);
    }

    #[test]
    fn descendant_names_at_several_depths() {
        let doc = json!({
            "type": "root",
            "a": {"type": "one", "b": {"type": "two", "c": [{"type": "three"}, {"x": 1}]}},
            "d": [[{"type": "deep"}]]
        });
        assert_eq!(
            pointers("$..type", &doc),
            [
                "/type",
                "/a/type",
                "/a/b/type",
                "/a/b/c/0/type",
                "/d/0/0/type"
            ]
        );
        assert_eq!(pointers("$..['type']", &doc).len(), 5);
        assert_eq!(
            pointers("$.a..type", &doc),
            ["/a/type", "/a/b/type", "/a/b/c/0/type"]
        );
    }

    #[test]
    fn descendant_wildcard_is_every_node_below_in_pre_order() {
        let doc = json!({"a": {"b": [1, {"c": 2}]}, "d": 3});
        assert_eq!(
            pointers("$..*", &doc),
            ["/a", "/a/b", "/a/b/0", "/a/b/1", "/a/b/1/c", "/d"]
        );
        // Every node is reachable many ways here; each still comes back once, in order.
        assert_eq!(
            pointers("$..*..*", &doc),
            ["/a/b", "/a/b/0", "/a/b/1", "/a/b/1/c"]
        );
        assert_eq!(pointers("$..[0]", &doc), ["/a/b/0"]);
    }

    #[test]
    fn filters_on_arrays_compare_strings() {
        let doc = spec();
        let params = "$.paths['/api/v1/customers/{id_or_alias}'].get.parameters";
        assert_eq!(
            pointers(&format!("{params}[?(@.in == 'query')]"), &doc),
            [
                "/paths//api/v1/customers/{id_or_alias}/get/parameters/1",
                "/paths//api/v1/customers/{id_or_alias}/get/parameters/2"
            ]
        );
        assert_eq!(
            pointers(&format!("{params}[?@.in != \"query\"]"), &doc),
            ["/paths//api/v1/customers/{id_or_alias}/get/parameters/0"]
        );
        assert_eq!(
            pointers(&format!("{params}[?@['name']=='limit']"), &doc).len(),
            1
        );
    }

    #[test]
    fn filters_on_objects_test_member_values() {
        let doc = spec();
        assert_eq!(
            pointers("$.paths.*[?@.x-internal == true]", &doc),
            ["/paths//api/v1/plans/post"]
        );
        // Members without the key are unequal to everything.
        assert_eq!(
            pointers("$.paths['/api/v1/plans'][?@.x-internal != true]", &doc),
            ["/paths//api/v1/plans/get"]
        );
        assert_eq!(
            pointers("$.components.schemas[?@.description == null]", &doc),
            ["/components/schemas/Plan"]
        );
    }

    #[test]
    fn filter_literals_of_every_type() {
        let doc = json!({"xs": [
            {"v": "1"}, {"v": 1}, {"v": 1.5}, {"v": -2}, {"v": true},
            {"v": false}, {"v": null}, {"v": [1]}, {"v": {"a": 1}}, {}
        ]});
        assert_eq!(pointers("$.xs[?@.v == '1']", &doc), ["/xs/0"]);
        assert_eq!(pointers("$.xs[?@.v == \"1\"]", &doc), ["/xs/0"]);
        assert_eq!(pointers("$.xs[?@.v == 1]", &doc), ["/xs/1"]);
        assert_eq!(pointers("$.xs[?@.v == 1.0]", &doc), ["/xs/1"]);
        assert_eq!(pointers("$.xs[?@.v == 10e-1]", &doc), ["/xs/1"]);
        assert_eq!(pointers("$.xs[?@.v == 1.5]", &doc), ["/xs/2"]);
        assert_eq!(pointers("$.xs[?@.v == -2]", &doc), ["/xs/3"]);
        assert_eq!(pointers("$.xs[?@.v == true]", &doc), ["/xs/4"]);
        assert_eq!(pointers("$.xs[?@.v == false]", &doc), ["/xs/5"]);
        assert_eq!(pointers("$.xs[?@.v == null]", &doc), ["/xs/6"]);
        // `!=` matches the other types, containers and the element without `v`.
        assert_eq!(pointers("$.xs[?@.v != null]", &doc).len(), 9);
        assert!(!pointers("$.xs[?@.v != null]", &doc).contains(&"/xs/6".to_string()));
    }

    #[test]
    fn filter_on_the_current_node_and_nested_paths() {
        let doc =
            json!({"tags": ["a", "dummy", "b"], "ps": [{"s": {"t": "x"}}, {"s": {"t": "y"}}]});
        assert_eq!(pointers("$.tags[?@ == 'dummy']", &doc), ["/tags/1"]);
        assert_eq!(pointers("$.ps[?@.s.t == 'y']", &doc), ["/ps/1"]);
        assert_eq!(pointers("$.ps[?@['s'][\"t\"] == 'x']", &doc), ["/ps/0"]);
        let doc = json!({"xs": [[1, 2], [3]]});
        assert_eq!(pointers("$.xs[?@[-1] == 2]", &doc), ["/xs/0"]);
        assert_eq!(pointers("$.xs[?@[1]]", &doc), ["/xs/0"]);
    }

    #[test]
    fn existence_filters() {
        let doc = spec();
        let get = "$.paths['/api/v1/customers/{id_or_alias}'].get";
        assert_eq!(
            pointers(&format!("{get}.parameters[?@.x-max]"), &doc),
            ["/paths//api/v1/customers/{id_or_alias}/get/parameters/2"]
        );
        // A member whose value is `null` or `false` still exists.
        assert_eq!(
            pointers("$.components.schemas[?(@.description)]", &doc),
            ["/components/schemas/Plan"]
        );
        assert_eq!(
            pointers(&format!("{get}.parameters[?@.required]"), &doc).len(),
            2
        );
    }

    #[test]
    fn descendant_filters() {
        let doc = spec();
        assert_eq!(
            pointers("$..[?@.name == 'expand']", &doc),
            ["/paths//api/v1/customers/{id_or_alias}/get/parameters/1"]
        );
        assert_eq!(
            pointers("$..[?@.description]", &doc),
            [
                "/paths//api/v1/customers/{id_or_alias}/get/responses/200",
                "/paths//api/v1/plans/get/responses/200",
                "/components/schemas/Plan"
            ]
        );
    }

    #[test]
    fn blank_space_where_rfc_9535_allows_it() {
        let doc = json!({"a": [{"b": 1}, {"b": 2}]});
        assert_eq!(pointers("$ .a [ ?( @.b == 2 ) ]", &doc), ["/a/1"]);
        assert_eq!(pointers("$.a[?  @ .b  !=  2  ]", &doc), ["/a/0"]);
        assert_eq!(
            parse_error("$.a "),
            "blank space after the end of the path at character 4"
        );
        assert!(parse_error(" $.a").starts_with("a JSONPath must start with `$`"));
    }

    #[test]
    fn malformed_paths_say_where() {
        assert_eq!(
            parse_error(""),
            "a JSONPath must start with `$`, found the end of the expression at character 1"
        );
        assert_eq!(
            parse_error("paths"),
            "a JSONPath must start with `$`, found `p` at character 1"
        );
        assert!(parse_error("$.").contains("expected a member name or `*` after `.`"));
        assert!(parse_error("$./a").contains("need brackets"));
        assert!(parse_error("$..").contains("after `..`"));
        assert!(parse_error("$x").contains("expected `.`, `..` or `[`, found `x` at character 2"));
        assert!(parse_error("$[]").contains("expected a selector"));
        assert!(parse_error("$['a'").contains("expected `,` or `]`"));
        assert!(parse_error("$[01]").contains("leading zeros"));
        assert!(parse_error("$[-0]").contains("leading zeros"));
        assert!(parse_error("$[-]").contains("expected digits"));
        assert!(parse_error("$[9007199254740992]").contains("index out of range"));
        assert!(parse_error("$[?@.a == ]").contains("expected a literal"));
        assert!(parse_error("$[?@.a == 01]").contains("leading zeros"));
        assert!(parse_error("$[?@.a == 1.]").contains("after `.`"));
        assert!(parse_error("$[?@.a == 1e]").contains("exponent"));
        assert!(parse_error("$[?@.a == 1e999]").contains("number out of range"));
        assert!(parse_error("$[?@.a == tru]").contains("expected a literal"));
        assert!(parse_error("$[?@.a = 1]").contains("single `=`"));
        assert!(parse_error("$[?(@.a == 1]").contains("expected `)`"));
        assert!(parse_error("$[?(@.a) == 1]").contains("expected `,` or `]`"));
    }

    #[test]
    fn unsupported_constructs_are_named() {
        let cases = [
            ("$.xs[1:3]", "array slice selectors"),
            ("$.xs[:3]", "array slice selectors"),
            ("$.xs[::2]", "array slice selectors"),
            (
                "$.xs[?length(@.a) == 1]",
                "function extensions such as `length()`",
            ),
            (
                "$.xs[?match(@.a, 'x')]",
                "function extensions such as `match()`",
            ),
            (
                "$.xs[?@.a == count(@.b)]",
                "function extensions such as `count()`",
            ),
            ("$.xs[?@.a == 'x' && @.b]", "the logical operator `&&`"),
            ("$.xs[?(@.a || @.b)]", "the logical operator `||`"),
            ("$.xs[?!@.a]", "the logical operator `!`"),
            ("$.xs[?@.a < 3]", "the comparison `<`"),
            ("$.xs[?@.a <= 3]", "the comparison `<=`"),
            ("$.xs[?@.a > 3]", "the comparison `>`"),
            ("$.xs[?@.a >= 3]", "the comparison `>=`"),
            ("$.xs[?$.a == 1]", "absolute queries"),
            (
                "$.xs[?@.a == @.b]",
                "the right side of a comparison must be a literal",
            ),
            (
                "$.xs[?@.a == $.b]",
                "the right side of a comparison must be a literal",
            ),
            ("$.xs[?'x' == @.a]", "must start with a relative path `@`"),
            ("$.xs[?@..a]", "descendant segments"),
            ("$.xs[?@.*]", "wildcards"),
            ("$.xs[?@[*]]", "wildcards"),
            ("$.xs[?@[?@.a]]", "nested filters"),
            ("$.xs[?@['a','b']]", "several selectors"),
            ("$.xs[?@[0:1]]", "array slice selectors"),
        ];
        for (expr, expected) in cases {
            let error = parse_error(expr);
            assert!(error.contains(expected), "{expr}: {error}");
            assert!(error.contains(" at character "), "{expr}: {error}");
        }
        assert_eq!(
            parse_error("$.xs[1:3]"),
            "array slice selectors (`[start:end:step]`) are not supported at character 7"
        );
    }
}
