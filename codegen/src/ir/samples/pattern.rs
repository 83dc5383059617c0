//! A string that an OpenAPI `pattern` matches, for contract-test samples.
//!
//! `pattern` is an ECMA-262 regular expression, matched anywhere in the value (no implicit
//! anchors). [`Pattern::parse`] reads the subset specs use: literals and escapes, character
//! classes (ranges, negation, `\d` `\w` `\s`), `.`, groups (capturing, `(?:`, named),
//! alternation, the quantifiers `*` `+` `?` `{n}` `{n,}` `{n,m}` (lazy or not), the anchors `^`
//! `$`, and lookaheads. Backreferences, lookbehinds, word boundaries and Unicode property
//! classes are beyond it: [`Pattern::parse`] says so and the caller falls back.
//!
//! [`Pattern::example`] writes a match of a requested length from the letters a reader expects
//! (`org_aaaa..`, not control characters), skipping lookaheads; [`Pattern::is_match`], a
//! backtracking matcher over the same tree, then checks it, lookaheads included, so that a
//! sample is only used when it matches.

/// A parsed `pattern`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pattern {
    root: Node,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// One character.
    Char(char),
    /// One character of a set.
    Set(Set),
    /// Each in turn.
    Concat(Vec<Node>),
    /// One of them.
    Alternation(Vec<Node>),
    /// `min` to `max` (unbounded when `None`) times.
    Repeat {
        node: Box<Node>,
        min: usize,
        max: Option<usize>,
    },
    /// `^`: the start of the text (no multiline flag in a schema).
    Start,
    /// `$`: the end of the text.
    End,
    /// `(?=..)`, or `(?!..)` when `negated`: a condition on what follows, consuming nothing.
    Lookahead { node: Box<Node>, negated: bool },
}

/// A character class: the characters in `ranges` (inclusive), or every other when `negated`.
#[derive(Debug, Clone, PartialEq)]
struct Set {
    ranges: Vec<(char, char)>,
    negated: bool,
}

/// The characters a sample is written with, most readable first; a set offers the first it
/// contains.
const PREFERRED: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_-.";

/// `\d`, `\w` and `\s` as ranges.
const DIGITS: &[(char, char)] = &[('0', '9')];
const WORD: &[(char, char)] = &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
const SPACE: &[(char, char)] = &[
    ('\t', '\r'),
    (' ', ' '),
    ('\u{a0}', '\u{a0}'),
    ('\u{1680}', '\u{1680}'),
    ('\u{2000}', '\u{200a}'),
    ('\u{2028}', '\u{2029}'),
    ('\u{202f}', '\u{202f}'),
    ('\u{205f}', '\u{205f}'),
    ('\u{3000}', '\u{3000}'),
    ('\u{feff}', '\u{feff}'),
];
/// What `.` does not match.
const LINE_TERMINATORS: &[(char, char)] = &[('\n', '\n'), ('\r', '\r'), ('\u{2028}', '\u{2029}')];

/// Patterns nested deeper than this are refused rather than risking the stack.
const MAX_DEPTH: usize = 64;
/// The matcher gives up after this many steps (a pathological pattern must not hang a build).
const MAX_STEPS: usize = 200_000;
/// Longer samples are refused: the matcher recurses once per character.
pub(crate) const MAX_SAMPLE_CHARS: usize = 512;
/// The matcher gives up rather than recursing deeper (a repeated group that matches nothing
/// recurses without consuming text).
const MAX_RECURSION: usize = 4 * MAX_SAMPLE_CHARS;

impl Set {
    fn of(ranges: &[(char, char)], negated: bool) -> Set {
        Set {
            ranges: ranges.to_vec(),
            negated,
        }
    }

    fn contains(&self, c: char) -> bool {
        self.ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c)) != self.negated
    }

    /// The `variant`-th readable character of the set (wrapping), else its first printable one.
    fn pick(&self, variant: usize) -> Option<char> {
        let readable: Vec<char> = PREFERRED.chars().filter(|c| self.contains(*c)).collect();
        if !readable.is_empty() {
            return Some(readable[variant % readable.len()]);
        }
        if self.negated {
            (' '..='~')
                .chain('\u{a1}'..='\u{2fff}')
                .find(|c| self.contains(*c))
        } else {
            self.ranges.iter().map(|(lo, _)| *lo).min()
        }
    }
}

impl Pattern {
    /// Parses `pattern`, or says which construct is beyond this parser.
    pub fn parse(pattern: &str) -> Result<Pattern, String> {
        let mut parser = Parser {
            chars: pattern.chars().collect(),
            at: 0,
            depth: 0,
        };
        let root = parser.alternation()?;
        match parser.peek() {
            None => Ok(Pattern { root }),
            Some(c) => Err(format!("an unbalanced `{c}`")),
        }
    }

    /// A match, `min_chars` long or as close above as the pattern allows (its shortest match
    /// when that is longer), or `None` when no string it writes is one: a pattern that
    /// cannot match, or one whose lookaheads the first choices break. `variant` picks other
    /// characters from each class, for distinct samples.
    pub fn example(&self, min_chars: usize, variant: usize) -> Option<String> {
        let shortest = min_len(&self.root);
        if shortest > MAX_SAMPLE_CHARS || min_chars > MAX_SAMPLE_CHARS {
            return None;
        }
        let mut extra = min_chars.saturating_sub(shortest);
        let mut out = String::new();
        generate(&self.root, &mut out, &mut extra, variant);
        if extra == 0 {
            return (self.is_match(&out) == Some(true)).then_some(out);
        }
        // No quantifier took the rest: text around an unanchored match still matches, so pad
        // where the pattern allows; else the shorter match (the caller checks lengths).
        let padding = "a".repeat(extra);
        [format!("{out}{padding}"), format!("{padding}{out}"), out]
            .into_iter()
            .find(|candidate| self.is_match(candidate) == Some(true))
    }

    /// Whether the pattern matches somewhere in `text`; `None` when the matcher gave up.
    pub fn is_match(&self, text: &str) -> Option<bool> {
        let chars: Vec<char> = text.chars().collect();
        if chars.len() > MAX_SAMPLE_CHARS {
            return None;
        }
        let mut matcher = Matcher {
            text: &chars,
            steps: 0,
            depth: 0,
        };
        for start in 0..=chars.len() {
            if matcher.node(&self.root, start, &mut |_, _| true) {
                return Some(true);
            }
            if matcher.steps > MAX_STEPS {
                return None;
            }
        }
        Some(false)
    }
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        if c.is_some() {
            self.at += 1;
        }
        c
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn alternation(&mut self) -> Result<Node, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(format!("groups nested deeper than {MAX_DEPTH}"));
        }
        let mut branches = vec![self.concat()?];
        while self.eat('|') {
            branches.push(self.concat()?);
        }
        self.depth -= 1;
        Ok(if branches.len() == 1 {
            branches.remove(0)
        } else {
            Node::Alternation(branches)
        })
    }

    fn concat(&mut self) -> Result<Node, String> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.quantified(atom)?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::Concat(items)
        })
    }

    fn atom(&mut self) -> Result<Node, String> {
        let Some(c) = self.next() else {
            return Err("an unexpected end".to_string());
        };
        Ok(match c {
            '^' => Node::Start,
            '$' => Node::End,
            '.' => Node::Set(Set::of(LINE_TERMINATORS, true)),
            '[' => Node::Set(self.class()?),
            '(' => self.group()?,
            '\\' => self.escape()?,
            '*' | '+' | '?' => return Err(format!("a `{c}` with nothing to repeat")),
            c => Node::Char(c),
        })
    }

    fn group(&mut self) -> Result<Node, String> {
        let node = if self.eat('?') {
            match self.next() {
                Some(':') => self.alternation()?,
                Some(c @ ('=' | '!')) => Node::Lookahead {
                    node: Box::new(self.alternation()?),
                    negated: c == '!',
                },
                Some('<') if matches!(self.peek(), Some('=' | '!')) => {
                    return Err("a lookbehind".to_string());
                }
                Some('<') => {
                    // A named group: the name, then the group.
                    while let Some(c) = self.next() {
                        if c == '>' {
                            break;
                        }
                    }
                    self.alternation()?
                }
                _ => return Err("an unknown group syntax `(?`".to_string()),
            }
        } else {
            self.alternation()?
        };
        if self.eat(')') {
            Ok(node)
        } else {
            Err("an unclosed group".to_string())
        }
    }

    /// After `\` outside a class.
    fn escape(&mut self) -> Result<Node, String> {
        let Some(c) = self.next() else {
            return Err("a `\\` at the end".to_string());
        };
        Ok(match c {
            'd' => Node::Set(Set::of(DIGITS, false)),
            'D' => Node::Set(Set::of(DIGITS, true)),
            'w' => Node::Set(Set::of(WORD, false)),
            'W' => Node::Set(Set::of(WORD, true)),
            's' => Node::Set(Set::of(SPACE, false)),
            'S' => Node::Set(Set::of(SPACE, true)),
            'b' | 'B' => return Err("a word boundary".to_string()),
            '1'..='9' | 'k' => return Err("a backreference".to_string()),
            _ => Node::Char(self.escaped_char(c)?),
        })
    }

    /// The character an escape other than a class stands for (`c` follows the `\`).
    fn escaped_char(&mut self, c: char) -> Result<char, String> {
        Ok(match c {
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            'f' => '\u{c}',
            'v' => '\u{b}',
            '0' => '\0',
            'x' => self.hex(2)?,
            'u' if self.eat('{') => {
                let start = self.at;
                while self.peek().is_some_and(|c| c != '}') {
                    self.at += 1;
                }
                let digits: String = self.chars[start..self.at].iter().collect();
                self.eat('}');
                u32::from_str_radix(&digits, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("a bad escape `\\u{{{digits}}}`"))?
            }
            'u' => self.hex(4)?,
            'p' | 'P' => return Err("a Unicode property class".to_string()),
            'c' => return Err("a control escape `\\c`".to_string()),
            // An identity escape: `\.`, `\/`, `\-`, ..
            other => other,
        })
    }

    fn hex(&mut self, digits: usize) -> Result<char, String> {
        let end = (self.at + digits).min(self.chars.len());
        let text: String = self.chars[self.at..end].iter().collect();
        self.at = end;
        u32::from_str_radix(&text, 16)
            .ok()
            .filter(|_| text.len() == digits)
            .and_then(char::from_u32)
            .ok_or_else(|| format!("a bad hexadecimal escape `{text}`"))
    }

    /// After `[`.
    fn class(&mut self) -> Result<Set, String> {
        let negated = self.eat('^');
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let Some(c) = self.next() else {
                return Err("an unclosed `[`".to_string());
            };
            if c == ']' && !first {
                break;
            }
            if c == ']' {
                // `[]` matches nothing (and `[^]` anything): an empty set.
                return Ok(Set::of(&[], negated));
            }
            first = false;
            let lo = match c {
                '\\' => match self.class_escape()? {
                    ClassItem::Char(c) => c,
                    ClassItem::Ranges(list) => {
                        ranges.extend_from_slice(list);
                        continue;
                    }
                },
                c => c,
            };
            // `a-z`; a `-` first, last or beside a class escape is itself.
            if self.peek() == Some('-') && self.chars.get(self.at + 1).is_some_and(|c| *c != ']') {
                self.at += 1;
                let hi = match self.next() {
                    Some('\\') => match self.class_escape()? {
                        ClassItem::Char(c) => c,
                        ClassItem::Ranges(_) => {
                            return Err("a range ending in a class escape".to_string());
                        }
                    },
                    Some(c) => c,
                    None => return Err("an unclosed `[`".to_string()),
                };
                if hi < lo {
                    return Err(format!("the range `{lo}-{hi}` out of order"));
                }
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
        Ok(Set { ranges, negated })
    }

    /// After `\` inside a class.
    fn class_escape(&mut self) -> Result<ClassItem, String> {
        let Some(c) = self.next() else {
            return Err("an unclosed `[`".to_string());
        };
        Ok(match c {
            'd' => ClassItem::Ranges(DIGITS),
            'w' => ClassItem::Ranges(WORD),
            's' => ClassItem::Ranges(SPACE),
            'D' | 'W' | 'S' => return Err(format!("`\\{c}` inside a class")),
            'b' => ClassItem::Char('\u{8}'),
            c => ClassItem::Char(self.escaped_char(c)?),
        })
    }

    /// `atom` followed by its quantifier, if any.
    fn quantified(&mut self, atom: Node) -> Result<Node, String> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            // `braces` consumes the quantifier; the others are one character.
            Some('{') => match self.braces() {
                Some(bounds) => return self.repeat(atom, bounds),
                // Not a quantifier: a literal `{`, read as the next atom.
                None => return Ok(atom),
            },
            _ => return Ok(atom),
        };
        self.at += 1;
        self.repeat(atom, (min, max))
    }

    /// `atom` repeated, after its quantifier.
    fn repeat(&mut self, atom: Node, (min, max): (usize, Option<usize>)) -> Result<Node, String> {
        // Lazy or greedy: the same set of matches.
        self.eat('?');
        if let Some(max) = max
            && max < min
        {
            return Err(format!("the quantifier `{{{min},{max}}}` out of order"));
        }
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
        })
    }

    /// `{n}`, `{n,}` or `{n,m}` at the cursor, consumed, or `None` (and nothing consumed).
    fn braces(&mut self) -> Option<(usize, Option<usize>)> {
        let rest: String = self.chars[self.at..].iter().collect();
        let close = rest.find('}')?;
        let inner = &rest[1..close];
        let number = |s: &str| -> Option<usize> {
            (!s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        let bounds = match inner.split_once(',') {
            None => {
                let n = number(inner)?;
                (n, Some(n))
            }
            Some((lo, "")) => (number(lo)?, None),
            Some((lo, hi)) => (number(lo)?, Some(number(hi)?)),
        };
        self.at += rest[..=close].chars().count();
        Some(bounds)
    }
}

enum ClassItem {
    Char(char),
    Ranges(&'static [(char, char)]),
}

/// The length of the shortest string `node` writes (lookaheads and anchors take none).
fn min_len(node: &Node) -> usize {
    match node {
        Node::Char(_) | Node::Set(_) => 1,
        Node::Concat(items) => items.iter().map(min_len).fold(0, usize::saturating_add),
        Node::Alternation(branches) => branches.iter().map(min_len).min().unwrap_or(0),
        Node::Repeat { node, min, .. } => min_len(node).saturating_mul(*min),
        Node::Start | Node::End | Node::Lookahead { .. } => 0,
    }
}

/// Writes the shortest string of `node`, plus up to `extra` characters more where a
/// quantifier allows them (each spent is taken off `extra`).
fn generate(node: &Node, out: &mut String, extra: &mut usize, variant: usize) {
    match node {
        Node::Char(c) => out.push(*c),
        Node::Set(set) => {
            // An empty set matches nothing; the matcher then refuses the sample.
            if let Some(c) = set.pick(variant) {
                out.push(c);
            }
        }
        Node::Concat(items) => {
            for item in items {
                generate(item, out, extra, variant);
            }
        }
        Node::Alternation(branches) => {
            // The shortest branch (the first of those), so that lengths add up as planned.
            let shortest = branches.iter().min_by_key(|b| min_len(b));
            if let Some(branch) = shortest {
                generate(branch, out, extra, variant);
            }
        }
        Node::Repeat { node, min, max } => {
            let unit = min_len(node);
            let mut count = 0;
            while count < *min {
                generate(node, out, extra, variant);
                count += 1;
            }
            while unit > 0 && unit <= *extra && max.is_none_or(|max| count < max) {
                generate(node, out, &mut 0, variant);
                *extra -= unit;
                count += 1;
            }
        }
        Node::Start | Node::End | Node::Lookahead { .. } => {}
    }
}

/// A backtracking matcher: each node matches at a position and hands the position after it
/// to the continuation, which says whether the rest matches.
struct Matcher<'t> {
    text: &'t [char],
    steps: usize,
    depth: usize,
}

type Next<'k> = &'k mut dyn FnMut(&mut Matcher<'_>, usize) -> bool;

impl Matcher<'_> {
    fn node(&mut self, node: &Node, at: usize, next: Next<'_>) -> bool {
        self.steps += 1;
        if self.depth >= MAX_RECURSION {
            // Counted as giving up.
            self.steps = MAX_STEPS + 1;
        }
        if self.steps > MAX_STEPS {
            return false;
        }
        self.depth += 1;
        let found = self.step(node, at, next);
        self.depth -= 1;
        found
    }

    fn step(&mut self, node: &Node, at: usize, next: Next<'_>) -> bool {
        match node {
            Node::Char(c) => self.text.get(at) == Some(c) && next(self, at + 1),
            Node::Set(set) => {
                self.text.get(at).is_some_and(|c| set.contains(*c)) && next(self, at + 1)
            }
            Node::Start => at == 0 && next(self, at),
            Node::End => at == self.text.len() && next(self, at),
            Node::Concat(items) => self.sequence(items, at, next),
            Node::Alternation(branches) => branches.iter().any(|b| self.node(b, at, next)),
            Node::Repeat { node, min, max } => self.repeat(node, *min, *max, 0, at, next),
            Node::Lookahead { node, negated } => {
                let found = self.node(node, at, &mut |_, _| true);
                found != *negated && next(self, at)
            }
        }
    }

    fn sequence(&mut self, items: &[Node], at: usize, next: Next<'_>) -> bool {
        match items.split_first() {
            None => next(self, at),
            Some((first, rest)) => {
                self.node(first, at, &mut |m, after| m.sequence(rest, after, next))
            }
        }
    }

    /// `node` repeated, `count` times so far: greedily once more, else what follows.
    fn repeat(
        &mut self,
        node: &Node,
        min: usize,
        max: Option<usize>,
        count: usize,
        at: usize,
        next: Next<'_>,
    ) -> bool {
        if max.is_none_or(|max| count < max) {
            let more = self.node(node, at, &mut |m, after| {
                // An iteration that matched nothing cannot make progress: stop repeating.
                if after == at && count >= min {
                    return false;
                }
                m.repeat(node, min, max, count + 1, after, next)
            });
            if more {
                return true;
            }
        }
        count >= min && next(self, at)
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_SAMPLE_CHARS, Pattern};

    fn example(pattern: &str, min_chars: usize) -> String {
        let parsed = Pattern::parse(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
        parsed
            .example(min_chars, 0)
            .unwrap_or_else(|| panic!("no example of {pattern}"))
    }

    /// Every example also matches by the `regex` crate, an engine written by others (these
    /// patterns mean the same in its syntax and in ECMA-262's).
    fn checked(pattern: &str, min_chars: usize) -> String {
        let sample = example(pattern, min_chars);
        let oracle = regex::Regex::new(pattern).unwrap();
        assert!(
            oracle.is_match(&sample),
            "{pattern} does not match {sample:?}"
        );
        sample
    }

    #[test]
    fn prefixes_classes_and_counts() {
        assert_eq!(
            checked("^org_[A-Za-z0-9]{27}$", 0),
            format!("org_{}", "a".repeat(27))
        );
        assert_eq!(checked("^log[A-Za-z0-9]{21,22}$", 0).len(), 24);
        assert_eq!(checked("^log[A-Za-z0-9]{21,22}$", 25).len(), 25);
        assert_eq!(checked("^[0-9]+.?[0-9]*$", 0), "0");
        assert_eq!(checked(r"^\d{3}-\d{4}$", 0), "000-0000");
        assert_eq!(checked(r"^[A-Z]{2}$", 0), "AA");
        assert_eq!(checked(r"^\w+@\w+\.com$", 0), "a@a.com");
        assert_eq!(checked(r"^[^a-z]+$", 0), "0");
        assert_eq!(checked(r"^\S+$", 0), "a");
        assert_eq!(checked(r"^a.c$", 0), "aac");
        assert_eq!(checked(r"^[a-zA-Z0-9\-_.]+$", 0), "a");
        assert_eq!(checked(r"^[a-zA-Z0-9\-_./\\#]+$", 0), "a");
        assert_eq!(checked(r"^\x41\u0042$", 0), "AB");
    }

    #[test]
    fn alternatives_groups_and_optional_parts() {
        assert_eq!(checked("^(cat|horse|ox)$", 0), "ox");
        assert_eq!(checked("^(?:v1|v2)/(?<id>[a-f]{2})$", 0), "v1/aa");
        assert_eq!(
            checked(
                "^(whsec_|whsk_|whsk1_|whpk_|whpk1_)?[a-zA-Z0-9+/=]{32,100}$",
                0
            ),
            "a".repeat(32)
        );
        assert_eq!(checked(r"^([01]\d|2[0-3]):?([0-5]\d)$", 0), "0000");
        assert_eq!(checked("colou?r", 0), "color");
    }

    #[test]
    fn a_minimum_length_grows_the_quantifiers_or_pads_an_open_end() {
        assert_eq!(checked("^[a-z]+$", 10), "a".repeat(10));
        assert_eq!(checked("^x(ab)*$", 6), "xabab");
        // Unanchored: text after the match is fine.
        assert_eq!(checked("ab", 5), "abaaa");
        // Anchored at the end only: before it.
        assert_eq!(checked("ab$", 4), "aaab");
    }

    #[test]
    fn lookaheads_are_checked_on_the_example() {
        let parsed = Pattern::parse("^(?!sink_)[a-zA-Z0-9_-]+$").unwrap();
        assert_eq!(parsed.example(0, 0).as_deref(), Some("a"));
        assert_eq!(parsed.is_match("sink_1"), Some(false));
        assert_eq!(parsed.is_match("sinks"), Some(true));
        // The first choices break the lookahead: no example rather than a wrong one.
        let impossible = Pattern::parse("^(?=b)[a-z]$").unwrap();
        assert_eq!(impossible.example(0, 0), None);
        assert_eq!(impossible.is_match("b"), Some(true));
    }

    #[test]
    fn variants_differ_where_a_class_allows() {
        let parsed = Pattern::parse("^id_[a-z]{3}$").unwrap();
        let first = parsed.example(0, 0).unwrap();
        let second = parsed.example(0, 1).unwrap();
        assert_ne!(first, second);
        assert_eq!(parsed.is_match(&second), Some(true));
    }

    #[test]
    fn constructs_beyond_the_parser_are_named() {
        for (pattern, why) in [
            (r"^(a)\1$", "a backreference"),
            (r"(?<=a)b", "a lookbehind"),
            (r"\bword\b", "a word boundary"),
            (r"^\p{L}+$", "a Unicode property class"),
            ("^(a", "an unclosed group"),
            ("a)", "an unbalanced `)`"),
            ("[a-", "an unclosed `[`"),
            ("*a", "a `*` with nothing to repeat"),
            ("[z-a]", "the range `z-a` out of order"),
            ("a{3,2}", "the quantifier `{3,2}` out of order"),
        ] {
            assert_eq!(Pattern::parse(pattern).unwrap_err(), why, "{pattern}");
        }
        let deep = format!("{}a{}", "(".repeat(100), ")".repeat(100));
        assert!(Pattern::parse(&deep).unwrap_err().contains("nested deeper"));
    }

    #[test]
    fn the_matcher_agrees_with_the_regex_crate() {
        let patterns = [
            "^[0-9]+.?[0-9]*$",
            "^(a|ab)(c|bcd)(d*)$",
            "^x{2,3}y?$",
            r"^[^\s]+\.[a-z]{2,}$",
            "a+b",
            "^$",
        ];
        let texts = [
            "", "1", "1.5", "12a", "abcd", "acd", "abcdd", "xx", "xxxy", "xxxxy", "aab", "b",
            "n.io", "n .io",
        ];
        for pattern in patterns {
            let ours = Pattern::parse(pattern).unwrap();
            let oracle = regex::Regex::new(pattern).unwrap();
            for text in texts {
                assert_eq!(
                    ours.is_match(text),
                    Some(oracle.is_match(text)),
                    "{pattern} on {text:?}"
                );
            }
        }
    }

    #[test]
    fn a_literal_brace_is_a_character() {
        assert_eq!(checked(r"^a\{b}$", 0), "a{b}");
        assert_eq!(example("^{x}$", 0), "{x}");
    }

    #[test]
    fn the_longest_sample_matches_within_a_test_thread_s_stack() {
        let long = format!("^(?:[a-z]|-){{{MAX_SAMPLE_CHARS}}}$");
        assert_eq!(checked(&long, 0).len(), MAX_SAMPLE_CHARS);
        let empty_loops = Pattern::parse("^(a?){100000}$").unwrap();
        assert_eq!(empty_loops.is_match("aa"), None);
    }

    proptest::proptest! {
        /// Whatever a spec's `pattern` holds, the sampler answers without panicking, and an
        /// example it makes is one its matcher accepts.
        #[test]
        fn any_pattern_is_sampled_or_refused(
            pattern in r"[a-c0-9\[\]()|*+?{},^$.:=!<\\dwsDbxu-]{0,24}",
            min_chars in 0usize..40,
            variant in 0usize..3,
        ) {
            if let Ok(parsed) = Pattern::parse(&pattern)
                && let Some(example) = parsed.example(min_chars, variant)
            {
                proptest::prop_assert_eq!(parsed.is_match(&example), Some(true));
            }
        }
    }

    #[test]
    fn pathological_patterns_end() {
        let parsed = Pattern::parse("^(a*)*b$").unwrap();
        let text = "a".repeat(60);
        // Either answer is fine as long as it ends; a give-up is `None`.
        assert_ne!(parsed.is_match(&text), Some(true));
    }
}
