//! Every operation of a generated client against Stoplight Prism serving the spec it was
//! generated from: a check written by someone else than us, for every spec of the corpus.
//!
//! `scripts/prism-operations.sh` runs it once per spec (the bundled and the full Meteroid spec,
//! and the five public ones when present): it builds the client with `contract-samples` (and
//! `METEROID_OPENAPI_SPEC` or `full`), starts Prism, and sets `PRISM_OPERATIONS_URL` and
//! `PRISM_OPERATIONS_SPEC` (the spec's name in `tests/prism_operations.txt`).
//!
//! Each operation is called through the generated client with its contract-test samples
//! (`contract_samples::call_all`), [`ROUNDS`] rounds, with `Prefer: dynamic=true` and a sample
//! credential for each of the spec's security schemes, set through the client's generated
//! setters (`contract_samples::credentials`: Museum's HTTP Basic as much as Meteroid's bearer
//! token): a pass means Prism validated the request (path, query, headers, body, credentials)
//! and answered 2xx, and its random, schema-valid response decoded. Every operation must pass every round, except
//! those `tests/prism_operations.txt` lists for the spec with a verified reason; a listed one
//! that passes every round fails the test too, so the list stays true. The client must have the
//! number of operations the file gives, so a pass count cannot drop unnoticed.
#![cfg(feature = "contract-samples")]

use meteroid_client::contract_samples::{call_all, credentials};
use meteroid_client::{Client, Error};
use std::collections::BTreeMap;
use std::time::Duration;

/// Rounds per operation: responses are random, so each round decodes other values.
const ROUNDS: usize = 3;

/// The expectation file, beside this test.
const EXPECTED: &str = include_str!("prism_operations.txt");

/// What the expectation file says of one spec.
#[derive(Debug, Default)]
struct Expected {
    /// The operations its client has.
    operations: Option<usize>,
    /// The operations that do not pass, each with why (never a client bug).
    failures: BTreeMap<String, String>,
}

/// The file's lines for `spec`: `<spec> operations <n>` and `<spec> fails <operation>: <why>`;
/// `#` starts a comment line.
fn expected(spec: &str) -> Expected {
    let mut expected = Expected::default();
    for (number, line) in EXPECTED.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let malformed = || panic!("tests/prism_operations.txt:{}: {line:?}", number + 1);
        let mut words = line.splitn(3, ' ');
        let (Some(name), Some(kind), Some(rest)) = (words.next(), words.next(), words.next())
        else {
            malformed()
        };
        if name != spec {
            continue;
        }
        match kind {
            "operations" => {
                expected.operations = Some(rest.parse().unwrap_or_else(|_| malformed()))
            }
            "fails" => {
                let Some((operation, why)) = rest.split_once(": ") else {
                    malformed()
                };
                expected
                    .failures
                    .insert(operation.to_string(), why.to_string());
            }
            _ => malformed(),
        }
    }
    expected
}

/// Prism's address and the spec's name, or `None` (after saying why) when the test should not
/// run.
fn target() -> Option<(String, String)> {
    let var = |name| {
        std::env::var(name)
            .ok()
            .filter(|v: &String| !v.trim().is_empty())
    };
    match (var("PRISM_OPERATIONS_URL"), var("PRISM_OPERATIONS_SPEC")) {
        (Some(url), Some(spec)) => Some((url, spec)),
        _ if std::env::var("CI").is_ok_and(|ci| ci == "true") => panic!(
            "CI=true but PRISM_OPERATIONS_URL or PRISM_OPERATIONS_SPEC is not set: run \
             scripts/prism-operations.sh"
        ),
        _ => {
            eprintln!(
                "skipped: PRISM_OPERATIONS_URL and PRISM_OPERATIONS_SPEC are not set (see \
                 scripts/prism-operations.sh)"
            );
            None
        }
    }
}

/// Why a call failed, in a line: Prism's violations when it rejected the request.
fn describe(error: &Error) -> String {
    match error {
        Error::Api(api) => {
            let violations = api
                .headers
                .get("sl-violations")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("no sl-violations header");
            format!("HTTP {}: {violations}", api.status)
        }
        other => other.to_string(),
    }
}

#[tokio::test]
async fn every_operation_is_accepted_and_its_response_decodes() {
    let Some((url, spec)) = target() else { return };
    let expected = expected(&spec);
    let Some(operations) = expected.operations else {
        panic!("tests/prism_operations.txt has no `{spec} operations <n>` line")
    };
    let builder = Client::builder()
        .base_url(url)
        .default_header("Prefer", "dynamic=true")
        .timeout(Duration::from_secs(30))
        .max_retries(0);
    let client = credentials(builder).build().unwrap();
    let mut passes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut first_failure: BTreeMap<&str, String> = BTreeMap::new();
    for _ in 0..ROUNDS {
        for (operation, result) in call_all(&client).await {
            let count = passes.entry(operation).or_default();
            match result {
                Ok(()) => *count += 1,
                Err(error) => {
                    first_failure
                        .entry(operation)
                        .or_insert_with(|| describe(&error));
                }
            }
        }
    }

    let perfect = passes.values().filter(|n| **n == ROUNDS).count();
    let mut report = format!(
        "{spec}: {perfect}/{} operations passed all {ROUNDS} rounds ({} expected to fail)\n",
        passes.len(),
        expected.failures.len()
    );
    let mut problems = Vec::new();
    if passes.len() != operations {
        problems.push(format!(
            "the client has {} operations, tests/prism_operations.txt says {operations}",
            passes.len()
        ));
    }
    for (operation, count) in &passes {
        let listed = expected.failures.get(*operation);
        match (first_failure.get(operation), listed) {
            (Some(why), None) => problems.push(format!(
                "{operation} failed {} of {ROUNDS} rounds, first: {why}",
                ROUNDS - count
            )),
            (None, Some(_)) => problems.push(format!(
                "{operation} passes every round now: remove it from tests/prism_operations.txt"
            )),
            (Some(why), Some(_)) => {
                report.push_str(&format!(
                    "  {operation}: {count}/{ROUNDS} (expected), {why}\n"
                ));
            }
            (None, None) => {}
        }
    }
    for operation in expected.failures.keys() {
        if !passes.contains_key(operation.as_str()) {
            problems.push(format!(
                "tests/prism_operations.txt lists {operation}, which the client does not have"
            ));
        }
    }
    eprintln!("{report}");
    if let Ok(path) = std::env::var("PRISM_SUMMARY") {
        use std::io::Write;
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = file.write_all(report.as_bytes());
        }
    }
    assert!(problems.is_empty(), "{spec}:\n  {}", problems.join("\n  "));
}
