//! A small A/B timing loop shared by the benches of `meteroid-client` and `meteroid-codegen`.
//!
//! The machine these run on is shared and noisy, so a subject is never compared with a
//! number from another run: each round times one sample of the baseline and one of the
//! subject back to back (alternating which goes first), and the reported ratio is the median
//! of the per-round ratios. Medians, not means: one stalled sample must not move the result.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Whether the binary was started by `cargo bench` (which passes `--bench`). Under
/// `cargo test --benches` it is not, and the benches run a quick smoke pass instead.
pub fn full_run() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

/// Nanoseconds per iteration of `iters` back-to-back calls of `f`.
pub fn per_iter<O>(iters: u64, mut f: impl FnMut() -> O) -> f64 {
    let start = Instant::now();
    for _ in 0..iters {
        black_box(f());
    }
    start.elapsed().as_nanos() as f64 / iters as f64
}

/// Nanoseconds of one call of `f` on a fresh input from `setup`; neither the setup nor the
/// drop of the output is timed.
pub fn with_input<I, O>(mut setup: impl FnMut() -> I, mut f: impl FnMut(I) -> O) -> f64 {
    let input = setup();
    let start = Instant::now();
    let output = black_box(f(black_box(input)));
    let ns = start.elapsed().as_nanos() as f64;
    drop(output);
    ns
}

/// How many iterations of `f` take about `target`, so that one timed batch is long enough
/// for the clock's resolution and short enough to interleave well.
pub fn calibrate<O>(target: Duration, mut f: impl FnMut() -> O) -> u64 {
    let mut iters = 1u64;
    loop {
        let start = Instant::now();
        for _ in 0..iters {
            black_box(f());
        }
        let elapsed = start.elapsed();
        if elapsed >= target / 4 || iters >= 1 << 30 {
            let per = elapsed.as_nanos().max(1) as f64 / iters as f64;
            return ((target.as_nanos() as f64 / per) as u64).max(1);
        }
        iters *= 4;
    }
}

/// The samples of one baseline-vs-subject comparison.
pub struct Comparison {
    pub name: String,
    pub baseline: Vec<f64>,
    pub subject: Vec<f64>,
}

/// Runs `rounds` rounds (after one untimed warm-up round); each round takes one sample of
/// each, in alternating order. A sample is whatever the closure returns (ns per iteration,
/// or bytes: anything where smaller is better).
pub fn compare(
    name: impl Into<String>,
    rounds: usize,
    mut baseline: impl FnMut() -> f64,
    mut subject: impl FnMut() -> f64,
) -> Comparison {
    baseline();
    subject();
    let mut result = Comparison {
        name: name.into(),
        baseline: Vec::with_capacity(rounds),
        subject: Vec::with_capacity(rounds),
    };
    for round in 0..rounds {
        if round % 2 == 0 {
            result.baseline.push(baseline());
            result.subject.push(subject());
        } else {
            result.subject.push(subject());
            result.baseline.push(baseline());
        }
    }
    result
}

/// [`compare`] with each side on a thread of its own for the whole comparison, for work that
/// allocates. glibc's malloc gives each thread that allocates an arena of its own, so neither
/// side runs on the free lists the other left: in one shared heap a baseline that frees more
/// small blocks than the subject leaves them for the subject's larger requests to sweep up
/// (`malloc_consolidate`), a cost the subject pays only because the baseline ran before it
/// (callgrind, `Customer` with 50 taxes: +8 % instructions for the subject, none for the
/// baseline). Each side then runs as it would in a program of its own. Both threads stay on
/// the CPU the caller runs on: on a shared machine two cores differ in speed from one second
/// to the next, and a side must not be measured on a faster core than the other.
pub fn compare_isolated(
    name: impl Into<String>,
    rounds: usize,
    baseline: impl FnMut() -> f64 + Send,
    subject: impl FnMut() -> f64 + Send,
) -> Comparison {
    let cpu = current_cpu();
    std::thread::scope(|scope| {
        let baseline = Worker::spawn(scope, cpu, baseline);
        let subject = Worker::spawn(scope, cpu, subject);
        compare(name, rounds, || baseline.sample(), || subject.sample())
        // Dropping the workers closes their channels, which ends their threads.
    })
}

/// A thread that takes one sample each time it is asked.
struct Worker {
    ask: std::sync::mpsc::Sender<()>,
    answer: std::sync::mpsc::Receiver<f64>,
}

impl Worker {
    fn spawn<'scope>(
        scope: &'scope std::thread::Scope<'scope, '_>,
        cpu: Option<usize>,
        mut sample: impl FnMut() -> f64 + Send + 'scope,
    ) -> Worker {
        let (ask, asked) = std::sync::mpsc::channel::<()>();
        let (answers, answer) = std::sync::mpsc::channel();
        scope.spawn(move || {
            if let Some(cpu) = cpu {
                stay_on(cpu);
            }
            for () in asked {
                if answers.send(sample()).is_err() {
                    break;
                }
            }
        });
        Worker { ask, answer }
    }

    fn sample(&self) -> f64 {
        self.ask.send(()).expect("the worker thread is running");
        self.answer.recv().expect("the worker thread answers")
    }
}

#[cfg(target_os = "linux")]
fn current_cpu() -> Option<usize> {
    // SAFETY: no arguments, no memory touched.
    usize::try_from(unsafe { libc::sched_getcpu() }).ok()
}

#[cfg(not(target_os = "linux"))]
fn current_cpu() -> Option<usize> {
    None
}

/// Keeps the calling thread on `cpu` (best effort: a refusal leaves it where it is).
#[cfg(target_os = "linux")]
fn stay_on(cpu: usize) {
    // SAFETY: the set is a plain bit array owned by this frame; zeroed is its empty value.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

#[cfg(not(target_os = "linux"))]
fn stay_on(_cpu: usize) {}

pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

impl Comparison {
    pub fn baseline_median(&self) -> f64 {
        median(&self.baseline)
    }

    pub fn subject_median(&self) -> f64 {
        median(&self.subject)
    }

    /// Median over rounds of subject / baseline (for times: > 1 means the subject is slower).
    pub fn time_ratio(&self) -> f64 {
        let ratios: Vec<f64> = self
            .subject
            .iter()
            .zip(&self.baseline)
            .map(|(s, b)| s / b)
            .collect();
        median(&ratios)
    }

    /// Median over rounds of baseline / subject: the subject's throughput relative to the
    /// baseline's (< 1 means the subject is slower).
    pub fn throughput_ratio(&self) -> f64 {
        let ratios: Vec<f64> = self
            .subject
            .iter()
            .zip(&self.baseline)
            .map(|(s, b)| b / s)
            .collect();
        median(&ratios)
    }
}

/// `1234567.0` ns as `1.235 ms`.
pub fn fmt_ns(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.3} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.3} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.3} µs", ns / 1e3)
    } else {
        format!("{ns:.1} ns")
    }
}

/// Prints a header for a table of comparisons.
pub fn print_header(what: &str, baseline: &str) {
    println!();
    println!("{what} (baseline: {baseline}; medians of interleaved rounds)");
    if !full_run() {
        println!("smoke pass (no --bench): one round each, figures and verdicts mean nothing");
    }
    println!(
        "{:<54} {:>12} {:>12} {:>8}  target",
        "case", "baseline", "subject", "ratio"
    );
}

/// One row: medians and a ratio, with whether it meets `target` (`"<= 2.00"` or `">= 0.95"`).
pub fn print_row(name: &str, baseline: &str, subject: &str, ratio: f64, target: Option<&str>) {
    let verdict = match target {
        None => String::new(),
        Some(t) => {
            let (op, value) = t.split_at(2);
            let value: f64 = value.trim().parse().expect("a target like `<= 2.0`");
            let met = match op {
                "<=" => ratio <= value,
                ">=" => ratio >= value,
                _ => panic!("a target starts with <= or >="),
            };
            format!("{t} {}", if met { "met" } else { "MISSED" })
        }
    };
    println!("{name:<54} {baseline:>12} {subject:>12} {ratio:>8.3}  {verdict}");
}
