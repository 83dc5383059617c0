//! How long generation takes, in total and per phase, for the bundled spec and the full
//! Meteroid spec, against a floor measured in the same run: parsing the spec's text into a
//! `serde_json::Value` (what any generator must do) plus copying the generated text line by
//! line into a new `String` (what any generator that writes this text must at least do).
//! Target: total <= 2x floor on the full spec.
//!
//! ```sh
//! cargo bench -p meteroid-codegen --bench generate                 # release (bench profile)
//! cargo bench -p meteroid-codegen --bench generate --profile dev   # as a build script runs
//! ```
//!
//! First divan's table (per phase, with spread), then the interleaved ratio summary. Under
//! `cargo test --benches` every case runs once, as a smoke test.

use meteroid_bench_support as support;

use meteroid_codegen::{emit, ir, load, normalize};
use serde_json::Value;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A spec to generate from.
struct Spec {
    name: &'static str,
    /// The name the generator sees (its extension picks the parser).
    file: &'static str,
    text: String,
}

const BUNDLED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/openapi.yaml");
/// The whole Meteroid API, bundled with the client for its `full` feature.
const FULL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/full/openapi.json");

fn specs() -> &'static [Spec] {
    static SPECS: OnceLock<Vec<Spec>> = OnceLock::new();
    SPECS.get_or_init(|| {
        vec![
            Spec {
                name: "bundled",
                file: "openapi.yaml",
                text: std::fs::read_to_string(BUNDLED).expect("the bundled spec"),
            },
            Spec {
                name: "full",
                file: "meteroid-full.json",
                text: std::fs::read_to_string(FULL).expect("the full spec"),
            },
        ]
    })
}

fn spec(name: &str) -> &'static Spec {
    specs()
        .iter()
        .find(|s| s.name == name)
        .expect("a listed spec")
}

fn spec_names() -> Vec<&'static str> {
    specs().iter().map(|s| s.name).collect()
}

/// Whether the build gates this spec's output on tag features (it does for the full spec),
/// so that the bench times what the build does.
fn gated(spec: &Spec) -> bool {
    spec.name == "full"
}

/// The emit step as the build runs it: with the tag gates, computed here, where they apply.
fn emit_as_built(spec: &Spec, api: &ir::Api) -> String {
    let gates = gated(spec).then(|| ir::FeatureGates::of(api));
    emit::emit(api, spec.file, &spec.text, gates.as_ref()).expect("emit")
}

/// Every intermediate result, computed once, so that each phase can be timed on its own
/// input.
struct Stages {
    loaded: Value,
    normalized: Value,
    openapi: openapiv3::OpenAPI,
    api: ir::Api,
    code: String,
}

fn stages(spec: &Spec) -> Stages {
    let loaded = load::parse_document(&spec.text, spec.file).expect("load");
    let mut normalized = loaded.clone();
    normalize::normalize(&mut normalized, spec.file).expect("normalize");
    let openapi = meteroid_codegen::openapi(normalized.clone(), spec.file).expect("openapi");
    let api = ir::build(&openapi, spec.file).expect("ir");
    let code = emit_as_built(spec, &api);
    Stages {
        loaded,
        normalized,
        openapi,
        api,
        code,
    }
}

/// One leaked copy per thread and spec (the benches run on the main thread).
fn cached_stages(name: &str) -> &'static Stages {
    thread_local! {
        static CACHE: std::cell::RefCell<Vec<(&'static str, &'static Stages)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    let spec = spec(name);
    CACHE.with(|cache| {
        if let Some((_, stages)) = cache.borrow().iter().find(|(n, _)| *n == spec.name) {
            return *stages;
        }
        let stages: &'static Stages = Box::leak(Box::new(stages(spec)));
        cache.borrow_mut().push((spec.name, stages));
        stages
    })
}

/// The floor's first half: the spec's text to a `Value`, with the parser for its syntax.
fn parse_floor(spec: &Spec) -> Value {
    if spec.file.ends_with(".json") {
        serde_json::from_str(&spec.text).expect("JSON")
    } else {
        serde_yaml::from_str(&spec.text).expect("YAML")
    }
}

mod phases {
    use super::*;
    use divan::Bencher;

    #[divan::bench(args = spec_names(), max_time = 3)]
    fn total(bencher: Bencher, name: &str) {
        let spec = spec(name);
        let generator = meteroid_codegen::Generator::new();
        bencher.bench_local(|| {
            generator
                .generate(&spec.text, spec.file)
                .expect("generates")
        });
    }

    #[divan::bench(args = spec_names(), max_time = 2)]
    fn load(bencher: Bencher, name: &str) {
        let spec = spec(name);
        bencher.bench_local(|| load::parse_document(&spec.text, spec.file).expect("load"));
    }

    #[divan::bench(args = spec_names(), max_time = 2)]
    fn normalize(bencher: Bencher, name: &str) {
        let (spec, stages) = (spec(name), cached_stages(name));
        bencher
            .with_inputs(|| stages.loaded.clone())
            .bench_local_values(|mut doc| {
                normalize::normalize(&mut doc, spec.file).expect("normalize");
                doc
            });
    }

    #[divan::bench(args = spec_names(), max_time = 2)]
    fn openapi(bencher: Bencher, name: &str) {
        let (spec, stages) = (spec(name), cached_stages(name));
        bencher
            .with_inputs(|| stages.normalized.clone())
            .bench_local_values(|doc| meteroid_codegen::openapi(doc, spec.file).expect("openapi"));
    }

    #[divan::bench(args = spec_names(), max_time = 2)]
    fn ir(bencher: Bencher, name: &str) {
        let (spec, stages) = (spec(name), cached_stages(name));
        bencher.bench_local(|| ir::build(&stages.openapi, spec.file).expect("ir"));
    }

    #[divan::bench(args = spec_names(), max_time = 2)]
    fn emit(bencher: Bencher, name: &str) {
        let (spec, stages) = (spec(name), cached_stages(name));
        bencher.bench_local(|| emit_as_built(spec, &stages.api));
    }

    #[divan::bench(args = spec_names(), max_time = 2)]
    fn floor_parse(bencher: Bencher, name: &str) {
        let spec = spec(name);
        bencher.bench_local(|| parse_floor(spec));
    }

    #[divan::bench(args = spec_names(), max_time = 2)]
    fn floor_write(bencher: Bencher, name: &str) {
        let stages = cached_stages(name);
        bencher.bench_local(|| write_floor(&stages.code));
    }
}

const PHASES: [&str; 5] = ["load", "normalize", "openapi", "ir", "emit"];

/// The floor's second half: the output written line by line into a new `String`.
fn write_floor(code: &str) -> String {
    let mut out = String::with_capacity(64 * 1024);
    for line in code.lines() {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// One timed sample of `what` on `spec`, in nanoseconds; inputs are prepared untimed.
fn sample(what: &str, spec: &Spec, stages: &Stages) -> f64 {
    use support::with_input;
    let file = spec.file;
    match what {
        "floor" => {
            with_input(|| (), |()| parse_floor(spec))
                + with_input(|| (), |()| write_floor(&stages.code))
        }
        "total" => with_input(
            || (),
            |()| {
                meteroid_codegen::Generator::new()
                    .feature_gates(gated(spec))
                    .generate(&spec.text, file)
            },
        ),
        "load" => with_input(|| (), |()| load::parse_document(&spec.text, file)),
        "normalize" => with_input(
            || stages.loaded.clone(),
            |mut doc| {
                normalize::normalize(&mut doc, file).expect("normalize");
                doc
            },
        ),
        "openapi" => with_input(
            || stages.normalized.clone(),
            |doc| meteroid_codegen::openapi(doc, file),
        ),
        "ir" => with_input(|| (), |()| ir::build(&stages.openapi, file)),
        "emit" => with_input(|| (), |()| emit_as_built(spec, &stages.api)),
        _ => unreachable!("{what}"),
    }
}

/// Rounds of every measurement, interleaved (the order rotates each round), then medians
/// and per-round ratios to the floor.
fn ratios() {
    let full = support::full_run();
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    support::print_header(
        &format!("generation, {profile} build"),
        "floor = serde_json/serde_yaml parse to Value + writing the output text",
    );
    // `names` fixes where each measurement's samples go; `order` is the order they are taken
    // in, which rotates every round.
    let names: Vec<&str> = ["floor", "total"].into_iter().chain(PHASES).collect();
    for spec in specs() {
        let mut order = names.clone();
        let stages = cached_stages(spec.name);
        // About 15 s per spec, whatever the profile: rounds from one warm-up round's time.
        let start = Instant::now();
        for what in &order {
            sample(what, spec, stages);
        }
        let round = start.elapsed().max(Duration::from_micros(1));
        let rounds = if full {
            (Duration::from_secs(15).as_secs_f64() / round.as_secs_f64()).clamp(7.0, 200.0) as usize
        } else {
            1
        };
        let mut samples: Vec<Vec<f64>> = vec![Vec::with_capacity(rounds); order.len()];
        for _ in 0..rounds {
            for what in &order {
                let index = names.iter().position(|n| n == what).expect("known");
                samples[index].push(sample(what, spec, stages));
            }
            order.rotate_left(1);
        }
        let floor = &samples[0];
        let ratio_to_floor = |index: usize| {
            let ratios: Vec<f64> = samples[index]
                .iter()
                .zip(floor)
                .map(|(s, f)| s / f)
                .collect();
            support::median(&ratios)
        };
        let floor_median = support::fmt_ns(support::median(floor));
        for (index, name) in names.iter().enumerate().skip(1) {
            let target = (spec.name == "full" && *name == "total").then_some("<= 2.00");
            support::print_row(
                &format!("{} / {name} ({rounds} rounds)", spec.name),
                &floor_median,
                &support::fmt_ns(support::median(&samples[index])),
                ratio_to_floor(index),
                target,
            );
        }
    }
}

fn main() {
    // For a profiler (`scripts/profile-generate.sh`): only generate, nothing else.
    if let Ok(name) = std::env::var("METEROID_PROFILE_SPEC") {
        let spec = spec(&name);
        let generator = meteroid_codegen::Generator::new();
        std::hint::black_box(
            generator
                .generate(&spec.text, spec.file)
                .expect("generates"),
        );
        return;
    }
    // Generate once up front so that a broken spec fails here, clearly, not inside divan.
    for spec in specs() {
        cached_stages(spec.name);
    }
    divan::main();
    ratios();
}
