//! Contract test of the whole generated API against Stoplight Prism serving the full public
//! Meteroid spec (`spec/full/openapi.pinned.json`, whose unions name their tag so that Prism's
//! faker emits it; see spec/full/README.md). Built with
//! `cargo test --features full,contract-samples --test prism_full`; `.ci/run` starts that
//! Prism and sets `PRISM_FULL_URL`.
//!
//! Every operation is called through the generated client with sample arguments, several
//! rounds, with `Prefer: dynamic=true`: a pass means Prism validated the request (path, query,
//! body, auth) and answered 2xx, and its random, schema-valid response decoded.
#![cfg(feature = "contract-samples")]

use meteroid_client::Client;
use meteroid_client::contract_samples::call_all;
use std::collections::BTreeMap;

const ROUNDS: usize = 5;

fn prism_url() -> Option<String> {
    match std::env::var("PRISM_FULL_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|ci| ci == "true") => {
            panic!(
                "CI=true but PRISM_FULL_URL is not set: .ci/run must start Prism on the full spec"
            )
        }
        _ => {
            eprintln!("skipped: PRISM_FULL_URL is not set (Prism serving the full spec)");
            None
        }
    }
}

#[tokio::test]
async fn every_operation_is_accepted_and_its_response_decodes() {
    let Some(url) = prism_url() else { return };
    let client = Client::builder()
        .base_url(url)
        .bearer_token("contract-test")
        .default_header("Prefer", "dynamic=true")
        .max_retries(0)
        .build()
        .unwrap();
    let mut passes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failures: BTreeMap<&str, String> = BTreeMap::new();
    let mut operations = 0;
    for _ in 0..ROUNDS {
        let results = call_all(&client).await;
        operations = results.len();
        for (id, result) in results {
            let count = passes.entry(id).or_default();
            match result {
                Ok(()) => *count += 1,
                Err(e) => {
                    failures.entry(id).or_insert_with(|| e.to_string());
                }
            }
        }
    }
    let perfect = passes.values().filter(|n| **n == ROUNDS).count();
    let mut report =
        format!("full spec: {perfect}/{operations} operations passed all {ROUNDS} rounds\n");
    for (id, n) in &passes {
        report.push_str(&format!("  {id}: {n}/{ROUNDS}"));
        if let Some(why) = failures.get(id) {
            report.push_str(&format!("  first failure: {why}"));
        }
        report.push('\n');
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
    assert!(operations >= 88, "only {operations} operations generated");
    assert!(
        failures.is_empty(),
        "{} operations failed:\n{report}",
        failures.len()
    );
}
