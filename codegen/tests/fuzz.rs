//! The generator returns `Ok` or `Err` for any input, quickly: it never panics and never hangs.
//!
//! Specs are mutated structurally (a node deleted, replaced, retyped, pointed elsewhere by a
//! `$ref`, a number of any size written in, ...) from seeds that cover every construct the
//! generator handles, and read as JSON or as YAML. Each case runs on a watchdog thread: a case
//! that takes longer than [`CASE_TIME`], or during which the process grows beyond
//! [`PROCESS_MEMORY`], ends the test process at once with the case's input on stderr
//! ([`runaway`]). `FUZZ_CASES` sets the number of cases (default 1500), `PROPTEST_RNG_SEED`
//! fixes the seed they are drawn from.
//!
//! Names are mutated apart (`fuzz/names.rs`): a spec whose names alone change still
//! generates, and declares no name twice where Rust forbids it. `FUZZ_NAMES_DUMP=<dir>` writes
//! each such output there, for compiling them in a scratch crate.

#[path = "fuzz/names.rs"]
mod names;

use meteroid_codegen::Generator;
use proptest::prelude::*;
use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long one case may take.
const CASE_TIME: Duration = Duration::from_secs(20);
/// How much memory the test process may hold while a case runs (a run of every test holds
/// about 130 MB).
const PROCESS_MEMORY: u64 = 2 << 30;

fn seeds() -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seeds = Vec::new();
    let mut add = |path: &Path| {
        let text = std::fs::read_to_string(path).unwrap();
        seeds.push(meteroid_codegen::load::parse_document(&text, &path.to_string_lossy()).unwrap());
    };
    add(&root.join("../spec/openapi.yaml"));
    let mut fixtures: Vec<_> = std::fs::read_dir(root.join("tests/fixtures/ok"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    fixtures.sort();
    for fixture in &fixtures {
        add(fixture);
    }
    seeds
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete,
    Replace(Value),
    SetType(String),
    SetRef(String),
    WrapNullable,
    Duplicate,
    RenameKey(String),
    /// The node becomes this number literal (text, since a `Value` cannot hold `1e400`).
    Number(String),
    /// An object node gets this keyword with this number literal (a bound, a length, ...).
    Bound(&'static str, String),
}

/// Number literals at and beyond the edges of `i64`, `u64` and `f64`, and fractions.
fn numbers() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("1e400".to_string()),
        Just("-1e400".to_string()),
        Just("1e-400".to_string()),
        Just("-1e-400".to_string()),
        Just("4.9e-324".to_string()),
        Just("1.7976931348623157e308".to_string()),
        Just("18446744073709551615".to_string()),
        Just("18446744073709551616".to_string()),
        Just("-9223372036854775808".to_string()),
        Just("-9223372036854776000".to_string()),
        Just("340282366920938463463374607431768211456".to_string()),
        Just(format!("1{}", "0".repeat(400))),
        Just("2.5".to_string()),
        Just("-0.5".to_string()),
        Just("0.0".to_string()),
        Just("-0".to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:e}")),
    ]
}

/// Keywords that take a number.
fn number_keywords() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("minimum"),
        Just("maximum"),
        Just("exclusiveMinimum"),
        Just("exclusiveMaximum"),
        Just("multipleOf"),
        Just("minLength"),
        Just("maxItems"),
        Just("minProperties"),
        Just("default"),
        Just("example"),
    ]
}

/// How a number literal sits in the `Value` until the text is written: a string no word makes.
fn number_placeholder(literal: &str) -> Value {
    Value::String(format!("@@number:{literal}@@"))
}

/// The spec's JSON text, each number placeholder replaced by its literal.
fn with_numbers(doc: &Value) -> String {
    let mut text = serde_json::to_string(doc).unwrap();
    while let Some(start) = text.find("\"@@number:") {
        let Some(len) = text[start + 1..].find("@@\"") else {
            break;
        };
        let literal = text[start + 10..start + 1 + len].to_string();
        text.replace_range(start..start + len + 4, &literal);
    }
    text
}

fn words() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("string".to_string()),
        Just("object".to_string()),
        Just("null".to_string()),
        Just("#/components/schemas/Customer".to_string()),
        Just("#/components/schemas/Nope".to_string()),
        Just("#/".to_string()),
        Just("".to_string()),
        Just("type".to_string()),
        Just("$ref".to_string()),
        Just("{id}".to_string()),
        // `$ref` targets of every kind: into paths, parts of components, a schema's inside,
        // nowhere, other files.
        Just("#/paths/~1customers/get/responses/200/content/application~1json/schema".to_string()),
        Just("#/components/schemas/Customer/properties/id".to_string()),
        Just("#/components/parameters/id/schema".to_string()),
        Just("#/components/responses/NotFound".to_string()),
        Just("#/components/schemas/A/definitions/B".to_string()),
        Just("#/components/schemas/A/properties".to_string()),
        Just("#/paths/~1x/get/parameters/0".to_string()),
        Just("other.yaml#/components/schemas/A".to_string()),
        Just("#thing".to_string()),
        "[a-zA-Z0-9_ /{}#~.-]{0,12}",
    ]
}

fn values() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-1e12f64..1e12).prop_map(|f| json!(f)),
        words().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((words(), inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn mutations() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::Delete),
        values().prop_map(Mutation::Replace),
        words().prop_map(Mutation::SetType),
        words().prop_map(Mutation::SetRef),
        Just(Mutation::WrapNullable),
        Just(Mutation::Duplicate),
        words().prop_map(Mutation::RenameKey),
        numbers().prop_map(Mutation::Number),
        (number_keywords(), numbers()).prop_map(|(k, n)| Mutation::Bound(k, n)),
    ]
}

/// Every node's location, parents first.
fn locations(value: &Value, here: Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(here.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let mut next = here.clone();
                next.push(k.clone());
                locations(v, next, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let mut next = here.clone();
                next.push(i.to_string());
                locations(v, next, out);
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(mut value: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    for token in path {
        value = match value {
            Value::Object(map) => map.get_mut(token)?,
            Value::Array(items) => items.get_mut(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(value)
}

fn mutate(doc: &mut Value, selector: usize, mutation: &Mutation) {
    let mut all = Vec::new();
    locations(doc, Vec::new(), &mut all);
    let Some(path) = all.get(selector % all.len()).cloned() else {
        return;
    };
    let Some((last, parent_path)) = path.split_last() else {
        if let Mutation::Replace(v) = mutation {
            *doc = v.clone();
        }
        return;
    };
    let Some(parent) = node_mut(doc, parent_path) else {
        return;
    };
    match (mutation, parent) {
        (Mutation::Delete, Value::Object(map)) => {
            map.remove(last);
        }
        (Mutation::Delete, Value::Array(items)) => {
            if let Ok(i) = last.parse::<usize>() {
                if i < items.len() {
                    items.remove(i);
                }
            }
        }
        (Mutation::Duplicate, Value::Object(map)) => {
            if let Some(v) = map.get(last).cloned() {
                map.insert(format!("{last}_copy"), v);
            }
        }
        (Mutation::RenameKey(new), Value::Object(map)) => {
            if let Some(v) = map.remove(last) {
                map.insert(new.clone(), v);
            }
        }
        (mutation, parent) => {
            let Some(node) = node_mut(parent, std::slice::from_ref(last)) else {
                return;
            };
            match mutation {
                Mutation::Replace(v) => *node = v.clone(),
                Mutation::SetType(t) => {
                    if let Value::Object(map) = node {
                        map.insert("type".into(), json!(t));
                    }
                }
                Mutation::SetRef(r) => *node = json!({ "$ref": r }),
                Mutation::WrapNullable => {
                    *node = json!({ "oneOf": [{"type": "null"}, node.clone()] })
                }
                Mutation::Number(literal) => *node = number_placeholder(literal),
                Mutation::Bound(keyword, literal) => {
                    if let Value::Object(map) = node {
                        map.insert((*keyword).into(), number_placeholder(literal));
                    }
                }
                _ => {}
            }
        }
    }
}

/// Generates on another thread; a panic fails the case, a runaway the process ([`runaway`]).
fn generate_guarded(text: String) -> Result<(), String> {
    generate_guarded_as(text, "fuzz.json")
}

/// [`generate_guarded`], with the file name that says which parser reads the text (JSON text
/// is YAML too).
fn generate_guarded_as(text: String, file: &'static str) -> Result<(), String> {
    generate_code_guarded(text, file).map(|_| ())
}

/// Generates on another thread: the code, or the generator's error as text; a panic is the
/// outer `Err`, a runaway ends the process ([`runaway`]).
fn generate_code_guarded(
    text: String,
    file: &'static str,
) -> Result<Result<String, String>, String> {
    let (tx, rx) = mpsc::channel();
    let input = text.clone();
    std::thread::spawn(move || {
        let outcome = std::panic::catch_unwind(|| {
            Generator::new()
                .generate(&text, file)
                .map_err(|e| e.to_string())
        });
        let _ = tx.send(outcome);
    });
    let start = Instant::now();
    loop {
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(Ok(outcome)) => return Ok(outcome),
            Ok(Err(_)) => return Err("the generator panicked".into()),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err("the generator's thread ended without an answer".into());
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        if start.elapsed() > CASE_TIME {
            runaway(
                &format!("no answer within {} s", CASE_TIME.as_secs()),
                file,
                &input,
            );
        }
        if let Some(bytes) = resident_bytes().filter(|bytes| *bytes > PROCESS_MEMORY) {
            runaway(
                &format!("the process holds {} MiB", bytes >> 20),
                file,
                &input,
            );
        }
    }
}

/// Ends the process, with `input` (read as the file `file`) on stderr. A generator that runs away cannot be stopped:
/// its thread would go on taking memory and a core while proptest shrinks the case, running
/// more of its kind beside it, until the machine has none left.
fn runaway(why: &str, file: &str, input: &str) -> ! {
    // Through the handle: the test harness captures `eprintln!`, and would print nothing of it.
    let _ = writeln!(
        std::io::stderr(),
        "the generator ran away ({why}) on this input, read as `{file}`:\n{input}"
    );
    std::process::exit(101)
}

/// The resident memory of this process, where the system says (Linux's `/proc`); elsewhere
/// only the time limit holds.
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))?;
    let kib: u64 = line.trim().strip_suffix("kB")?.trim().parse().ok()?;
    Some(kib * 1024)
}

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1500)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_never_panic_or_hang(
        seed in 0usize..64,
        edits in prop::collection::vec((any::<usize>(), mutations()), 1..6),
        yaml in any::<bool>(),
    ) {
        let seeds = seeds();
        let mut doc = seeds[seed % seeds.len()].clone();
        for (selector, mutation) in &edits {
            mutate(&mut doc, *selector, mutation);
        }
        let text = with_numbers(&doc);
        // One run: a second one to word the message could answer differently (a timeout on a
        // loaded machine), and its `unwrap_err` then panic about something else.
        let outcome = generate_guarded_as(text.clone(), if yaml { "fuzz.yaml" } else { "fuzz.json" });
        prop_assert!(outcome.is_ok(), "{}\n{}", outcome.as_ref().err().map_or("", String::as_str), text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases() / 3, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn renamed_specs_still_generate_and_declare_each_name_once(
        seed in 0usize..64,
        edits in prop::collection::vec((any::<usize>(), names::edits()), 1..8),
    ) {
        let seeds = seeds();
        let mut doc = seeds[seed % seeds.len()].clone();
        for (selector, edit) in &edits {
            names::mutate(&mut doc, *selector, edit);
        }
        let text = serde_json::to_string(&doc).unwrap();
        let code = match generate_code_guarded(text.clone(), "fuzz.json") {
            Ok(Ok(code)) => code,
            Ok(Err(error)) => return Err(TestCaseError::fail(format!("a name aborted the build: {error}\n{text}"))),
            Err(why) => return Err(TestCaseError::fail(format!("{why}\n{text}"))),
        };
        if let Some(twice) = names::declared_twice(&code) {
            return Err(TestCaseError::fail(format!("{twice}\n{text}")));
        }
        if let Some(dir) = std::env::var_os("FUZZ_NAMES_DUMP") {
            let name = format!("case_{:016x}.rs", fnv(code.as_bytes()));
            std::fs::write(Path::new(&dir).join(name), &code).unwrap();
        }
    }
}

/// FNV-1a, to name a dumped output after its contents.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[test]
fn number_literals_are_written_into_the_text() {
    let doc =
        json!({"a": number_placeholder("1e400"), "b": [number_placeholder("-0.5")], "c": "@@"});
    assert_eq!(with_numbers(&doc), r#"{"a":1e400,"b":[-0.5],"c":"@@"}"#);
}

#[test]
fn hostile_sizes_are_handled() {
    // A 10 MB description: generated into docs, no quadratic blow-up, no panic.
    let big = "x".repeat(10 * 1024 * 1024);
    let spec = json!({
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"A": {"type": "object", "description": big, "properties": {"b": {"type": "string"}}}}}
    });
    let code = Generator::new()
        .generate(&spec.to_string(), "big.json")
        .unwrap();
    assert!(code.len() > 10 * 1024 * 1024);

    // Deep nesting, up to far beyond the parsers' recursion limits: `Ok` or a clean error, on
    // the test thread's ordinary 2 MB stack. The texts are built as strings, since building or
    // dropping such a deep `Value` here would itself recurse.
    for depth in [20usize, 60, 200, 5000] {
        let json = format!(
            r#"{{"openapi":"3.1.0","info":{{"title":"t","version":"1"}},"paths":{{}},"components":{{"schemas":{{"Deep":{}{{"type":"string"}}{}}}}}}}"#,
            r#"{"type":"object","properties":{"n":"#.repeat(depth),
            "}}".repeat(depth)
        );
        assert!(generate_guarded(json).is_ok(), "json depth {depth}");
        let yaml = format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Deep: {}{{type: string}}{}\n",
            "{type: object, properties: {n: ".repeat(depth),
            "}}".repeat(depth)
        );
        assert!(generate_guarded(yaml).is_ok(), "yaml depth {depth}");
    }
}

/// The public corpus (real specs of 100-250 operations), mutated: fewer cases, each a whole
/// large spec. Read from `METEROID_CORPUS_DIR` (default `../shared/specs/public`); skipped,
/// saying why, when it is not there, except under `CI=true`.
fn corpus_seeds() -> &'static [Value] {
    static SEEDS: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(load_corpus)
}

fn load_corpus() -> Vec<Value> {
    let dir = std::env::var_os("METEROID_CORPUS_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs/public"));
    let names = [
        "lago-openapi.yaml",
        "svix-lib-openapi.json",
        "resend.yaml",
        "readme-train-travel.json",
        "redocly-museum.yaml",
    ];
    if !dir.join(names[0]).is_file() {
        let why = format!("the public corpus is not at {}", dir.display());
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "under CI=true: {why}"
        );
        eprintln!("skipped: {why} (set METEROID_CORPUS_DIR)");
        return Vec::new();
    }
    names
        .iter()
        .map(|name| {
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path).unwrap();
            meteroid_codegen::load::parse_document(&text, name).unwrap()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_corpus_specs_never_panic_or_hang(
        seed in 0usize..5,
        edits in prop::collection::vec((any::<usize>(), mutations()), 1..8),
    ) {
        let seeds = corpus_seeds();
        if seeds.is_empty() {
            return Ok(());
        }
        let mut doc = seeds[seed % seeds.len()].clone();
        for (selector, mutation) in &edits {
            mutate(&mut doc, *selector, mutation);
        }
        let text = with_numbers(&doc);
        let outcome = generate_guarded(text);
        prop_assert!(outcome.is_ok(), "{}", outcome.err().unwrap_or_default());
    }
}

/// The name fuzz's checker finds what it looks for, and its edits reach every kind of name.
#[test]
fn the_name_checker_finds_names_declared_twice() {
    let twice = |code: &str| names::declared_twice(code).unwrap_or_default();
    assert_eq!(twice("pub mod models { pub struct A; pub struct B; }"), "");
    assert!(
        twice("pub mod models { pub struct A {} pub enum A {} }").contains("`A` is declared twice")
    );
    assert!(twice("pub struct Some(String); pub fn Some() {}").contains("`Some`"));
    assert!(twice("pub struct S { a: u8, a: u8 }").contains("field `a` twice"));
    assert!(twice("pub enum E { A, A }").contains("variant `A` twice"));
    assert!(twice("impl C { fn f() {} } impl C { fn f() {} }").contains("`C::f`"));
    // A braced struct is no value: it may share a name with a function.
    assert_eq!(twice("pub struct F {} pub fn F() {}"), "");

    let spec = serde_json::json!({
        "paths": {"/a": {"get": {"operationId": "getA", "tags": ["T"], "parameters": [{"name": "q", "in": "query"}],
                             "security": [{"Key": []}, {}]}}},
        "components": {"schemas": {"A": {"type": "object", "properties": {"p": {}}, "required": ["p"]},
                                   "E": {"enum": ["x"]}, "R": {"$ref": "#/components/schemas/A"}},
                       "securitySchemes": {"Key": {"type": "apiKey", "in": "header", "name": "X-Key"}}},
        "security": [{"Key": []}],
    });
    // Nine names, each flipped once.
    let mut doc = spec.clone();
    for selector in 0..9 {
        names::mutate(&mut doc, selector, &names::Edit::FlipCase);
    }
    let text = doc.to_string();
    for flipped in [
        "GETa",
        "\"t\"",
        "\"Q\"",
        "\"P\"",
        "\"X\"",
        "#/components/schemas/a\"",
        "\"e\"",
    ] {
        assert!(text.contains(flipped), "{flipped} not in {text}");
    }
    assert!(text.contains("\"required\":[\"P\"]"), "{text}");
    // The scheme and both requirements that name it.
    assert_eq!(text.matches("\"kEY\"").count(), 3, "{text}");
    assert!(!text.contains("\"Key\""), "{text}");
}
