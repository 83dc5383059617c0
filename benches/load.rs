//! 10,000 concurrent `Client::patch_customer` calls against a local HTTP/1.1 server that
//! counts what it receives, in three scenarios: a server that answers every request, one that
//! resets the connection on 5 % of requests without answering, and one that answers 429 with
//! `Retry-After: 1` for a second. The baseline, in the same run, is what a careful caller
//! writes with reqwest alone: the same request, at most 64 in flight through a tokio
//! `Semaphore`, each call honouring its own `Retry-After`.
//!
//! Checked, not timed (the bench fails if one does not hold): every call ends, `Ok` or a typed
//! error; the server got each call's PATCH at most once beyond the ones it refused with 429
//! (never a duplicate of a PATCH it may have acted on); every success is the answer to its own
//! call; and the client got at most `max_concurrent_requests` 429s in the limited second (the
//! calls already in flight when the first arrived).
//! Printed: calls per second, the server's peak of open connections (target: at most the
//! client's 64; hyper can open a spare beyond it, see `max_concurrent_requests`), the 429s the
//! client received, and memory per call in progress (the peak of live heap bytes the client
//! side allocated, over the calls; a counting allocator, the server's thread not counted).
//!
//! ```sh
//! cargo bench --bench load
//! ```

use meteroid_bench_support as support;

use meteroid_client::Client;
use meteroid_client::models::{Currency, Customer, CustomerPatchRequest};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER, USER_AGENT};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

/// Counts the live heap bytes of every thread but the server's, and their peak.
struct Counting;

static LIVE: AtomicU64 = AtomicU64::new(0);
static PEAK: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static NOT_COUNTED: Cell<bool> = const { Cell::new(false) };
}

fn counted() -> bool {
    // `try_with`: allocations during thread teardown must not panic.
    NOT_COUNTED.try_with(Cell::get) == Ok(false)
}

fn grow(size: usize) {
    if counted() {
        let live = LIVE.fetch_add(size as u64, Ordering::Relaxed) + size as u64;
        PEAK.fetch_max(live, Ordering::Relaxed);
    }
}

fn shrink(size: usize) {
    if counted() {
        // Memory one thread allocates and another frees moves the count both ways; the
        // client's tasks run on counted threads only, so it nets out over a scenario.
        LIVE.fetch_sub(size as u64, Ordering::Relaxed);
    }
}

// SAFETY: every method forwards to `System` unchanged; counting has no effect on memory.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrink(layout.size());
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        shrink(layout.size());
        grow(new_size);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// What the server does.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Behaviour {
    /// Answers every request with 200 and the customer.
    Answer,
    /// Resets the connection (RST, no answer) on every 20th request it reads: 5 %.
    ResetOneIn20,
    /// 429 with `Retry-After: 1` for one second from the first request, then 200.
    LimitForOneSecond,
}

/// What the server saw, per call and in all.
struct Counts {
    behaviour: Behaviour,
    /// PATCHes received per call id.
    received: Vec<AtomicU32>,
    /// Of those, answered 429 (refused: the server did nothing).
    refused: Vec<AtomicU32>,
    /// Answered 200.
    answered: Vec<AtomicU32>,
    requests: AtomicU64,
    open: AtomicUsize,
    peak_open: AtomicUsize,
    /// Nanoseconds after `epoch` of the first request, once the limited scenario began.
    first_request: AtomicU64,
    limited: AtomicBool,
    epoch: Instant,
}

impl Counts {
    fn new(behaviour: Behaviour, calls: usize) -> Counts {
        let zeros = || (0..calls).map(|_| AtomicU32::new(0)).collect();
        Counts {
            behaviour,
            received: zeros(),
            refused: zeros(),
            answered: zeros(),
            requests: AtomicU64::new(0),
            open: AtomicUsize::new(0),
            peak_open: AtomicUsize::new(0),
            first_request: AtomicU64::new(0),
            limited: AtomicBool::new(false),
            epoch: Instant::now(),
        }
    }

    fn total(counts: &[AtomicU32]) -> u64 {
        counts
            .iter()
            .map(|c| u64::from(c.load(Ordering::Relaxed)))
            .sum()
    }

    /// Whether the limited scenario's second is still running (it starts at the first
    /// request).
    fn in_limited_second(&self) -> bool {
        let now = self.epoch.elapsed().as_nanos() as u64;
        if !self.limited.swap(true, Ordering::AcqRel) {
            self.first_request.store(now, Ordering::Release);
        }
        let first = self.first_request.load(Ordering::Acquire);
        now.saturating_sub(first) < 1_000_000_000
    }
}

/// A request as the server reads it: the call id from `/api/v1/customers/call-<id>`.
struct Head {
    call: Option<usize>,
    body_len: usize,
}

fn parse_head(head: &[u8]) -> Head {
    let text = String::from_utf8_lossy(head);
    let mut lines = text.split("\r\n");
    let target = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .unwrap_or_default();
    let call = target
        .rsplit_once("/call-")
        .and_then(|(_, id)| id.parse().ok());
    let body_len = lines
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0);
    Head { call, body_len }
}

fn customer_json(call: usize) -> String {
    format!(
        r#"{{"id":"call-{call}","name":"Acme Corporation","currency":"EUR","invoicing_entity_id":"ive_7n42DGM5Tflk9n8mt7Fhc7","invoicing_emails":["ap@acme.example.com"],"custom_taxes":[],"billing_email":"billing@acme.example.com","phone":null}}"#
    )
}

/// Serves one connection: reads requests, answers (or resets) as the scenario says.
async fn serve(mut stream: tokio::net::TcpStream, counts: Arc<Counts>) {
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        // The head.
        let end = loop {
            if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        let head = parse_head(&buffer[..end]);
        // The body.
        while buffer.len() < end + head.body_len {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        }
        buffer.drain(..end + head.body_len);
        let number = counts.requests.fetch_add(1, Ordering::Relaxed) + 1;
        let Some(call) = head.call.filter(|c| *c < counts.received.len()) else {
            let _ = stream
                .write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n")
                .await;
            continue;
        };
        counts.received[call].fetch_add(1, Ordering::Relaxed);
        let response = match counts.behaviour {
            Behaviour::ResetOneIn20 if number % 20 == 0 => {
                // RST, no answer: the client cannot know whether the PATCH was applied.
                let _ = stream.set_zero_linger();
                return;
            }
            Behaviour::LimitForOneSecond if counts.in_limited_second() => {
                counts.refused[call].fetch_add(1, Ordering::Relaxed);
                let body = r#"{"code":"TOO_MANY_REQUESTS","message":"slow down"}"#;
                format!(
                    "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\nretry-after: 1\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                )
            }
            _ => {
                counts.answered[call].fetch_add(1, Ordering::Relaxed);
                let body = customer_json(call);
                format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                )
            }
        };
        if stream.write_all(response.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// Where the server finds the current scenario's counts.
type Scenario = Arc<std::sync::Mutex<Option<Arc<Counts>>>>;

/// The server, on its own thread and runtime (its allocations are not counted); a connection
/// counts in the scenario that was current when it was accepted. Returns the port.
fn start_server(scenario: Scenario) -> u16 {
    let (port_tx, port_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        NOT_COUNTED.with(|c| c.set(true));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("a port");
            port_tx
                .send(listener.local_addr().expect("an address").port())
                .expect("the bench waits");
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let Some(counts) = scenario.lock().expect("not poisoned").clone() else {
                    continue;
                };
                let open = counts.open.fetch_add(1, Ordering::AcqRel) + 1;
                counts.peak_open.fetch_max(open, Ordering::AcqRel);
                tokio::spawn(async move {
                    serve(stream, counts.clone()).await;
                    counts.open.fetch_sub(1, Ordering::AcqRel);
                });
            }
        });
    });
    port_rx.recv().expect("the server starts")
}

/// How a call ended.
#[derive(Debug, Default, Clone, Copy)]
struct Outcomes {
    ok: u64,
    /// `Ok`, but with another call's customer: must stay 0.
    crossed: u64,
    connection: u64,
    timeout: u64,
    api: u64,
    other: u64,
}

impl Outcomes {
    fn errors(&self) -> u64 {
        self.connection + self.timeout + self.api + self.other
    }

    fn add(&mut self, other: Outcomes) {
        self.ok += other.ok;
        self.crossed += other.crossed;
        self.connection += other.connection;
        self.timeout += other.timeout;
        self.api += other.api;
        self.other += other.other;
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Side {
    /// reqwest alone, a `Semaphore` of `LIMIT`, each call honouring its own `Retry-After`.
    Raw,
    /// `meteroid_client::Client` with its defaults (`max_concurrent_requests` 64).
    Client,
}

const LIMIT: usize = 64;

fn patch() -> CustomerPatchRequest {
    CustomerPatchRequest::new()
        .name("Acme Corporation")
        .currency(Currency::Eur)
        .billing_email("billing@acme.example.com")
        .clear_phone()
}

fn check(call: usize, customer: &Customer) -> Outcomes {
    if customer.id.as_str() == format!("call-{call}") {
        Outcomes {
            ok: 1,
            ..Outcomes::default()
        }
    } else {
        Outcomes {
            crossed: 1,
            ..Outcomes::default()
        }
    }
}

async fn client_call(client: &Client, call: usize, patch: &CustomerPatchRequest) -> Outcomes {
    match client.patch_customer(&format!("call-{call}"), patch).await {
        Ok(customer) => check(call, &customer),
        Err(meteroid_client::Error::Connection(_)) => Outcomes {
            connection: 1,
            ..Outcomes::default()
        },
        Err(meteroid_client::Error::Timeout(_)) => Outcomes {
            timeout: 1,
            ..Outcomes::default()
        },
        Err(meteroid_client::Error::Api(_)) => Outcomes {
            api: 1,
            ..Outcomes::default()
        },
        Err(_) => Outcomes {
            other: 1,
            ..Outcomes::default()
        },
    }
}

struct Raw {
    http: reqwest::Client,
    base: String,
    slots: tokio::sync::Semaphore,
}

/// The same call with reqwest alone: a slot per attempt, `Retry-After` waited per call.
async fn raw_call(raw: &Raw, call: usize, patch: &CustomerPatchRequest) -> Outcomes {
    let body = serde_json::to_vec(patch).expect("encodes");
    for _ in 0..3 {
        let response = {
            let Ok(_slot) = raw.slots.acquire().await else {
                break;
            };
            let sent = raw
                .http
                .patch(format!("{}/api/v1/customers/call-{call}", raw.base))
                .header(AUTHORIZATION, "Bearer t")
                .header(ACCEPT, "application/json")
                .header(CONTENT_TYPE, "application/json")
                .header(USER_AGENT, "meteroid-client/0.1.0")
                .body(body.clone())
                .send()
                .await;
            match sent {
                Ok(response) if response.status().as_u16() == 429 => {
                    let wait = response
                        .headers()
                        .get(RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1);
                    let _ = response.bytes().await;
                    Err(Duration::from_secs(wait))
                }
                Ok(response) => Ok(response.bytes().await),
                Err(_) => {
                    return Outcomes {
                        connection: 1,
                        ..Outcomes::default()
                    };
                }
            }
        };
        match response {
            Ok(Ok(bytes)) => {
                return match serde_json::from_slice::<Customer>(&bytes) {
                    Ok(customer) => check(call, &customer),
                    Err(_) => Outcomes {
                        other: 1,
                        ..Outcomes::default()
                    },
                };
            }
            Ok(Err(_)) => {
                return Outcomes {
                    connection: 1,
                    ..Outcomes::default()
                };
            }
            Err(wait) => tokio::time::sleep(wait).await,
        }
    }
    Outcomes {
        api: 1,
        ..Outcomes::default()
    }
}

/// One scenario's result on one side.
struct Run {
    outcomes: Outcomes,
    seconds: f64,
    peak_open: usize,
    refused: u64,
    /// Calls whose PATCH reached the server more than once beyond the 429s: must stay 0.
    duplicated: u64,
    /// Peak live client-side heap over the calls, per call.
    bytes_per_call: f64,
}

fn run(
    runtime: &tokio::runtime::Runtime,
    port: u16,
    scenario: &Scenario,
    behaviour: Behaviour,
    side: Side,
    calls: usize,
) -> Run {
    let counts = Arc::new(Counts::new(behaviour, calls));
    *scenario.lock().expect("not poisoned") = Some(counts.clone());
    let base = format!("http://127.0.0.1:{port}");
    let patch = Arc::new(patch());
    let live_before = LIVE.load(Ordering::Relaxed);
    PEAK.store(live_before, Ordering::Relaxed);
    let start = Instant::now();
    let outcomes = runtime.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        match side {
            Side::Client => {
                let client = Client::builder()
                    .base_url(&base)
                    .bearer_token("t")
                    .build()
                    .expect("a client");
                for call in 0..calls {
                    let (client, patch) = (client.clone(), patch.clone());
                    tasks.spawn(async move { client_call(&client, call, &patch).await });
                }
            }
            Side::Raw => {
                let raw = Arc::new(Raw {
                    http: reqwest::Client::builder()
                        .redirect(reqwest::redirect::Policy::none())
                        .build()
                        .expect("a reqwest client"),
                    base: base.clone(),
                    slots: tokio::sync::Semaphore::new(LIMIT),
                });
                for call in 0..calls {
                    let (raw, patch) = (raw.clone(), patch.clone());
                    tasks.spawn(async move { raw_call(&raw, call, &patch).await });
                }
            }
        }
        let mut outcomes = Outcomes::default();
        while let Some(done) = tasks.join_next().await {
            outcomes.add(done.expect("a call's task never panics"));
        }
        outcomes
    });
    let seconds = start.elapsed().as_secs_f64();
    let peak = PEAK.load(Ordering::Relaxed);
    // The clients are dropped: wait for the server to see every connection close.
    let closing = Instant::now();
    while counts.open.load(Ordering::Acquire) > 0 && closing.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(10));
    }
    let duplicated = (0..calls)
        .filter(|&c| {
            let received = counts.received[c].load(Ordering::Relaxed);
            let refused = counts.refused[c].load(Ordering::Relaxed);
            received.saturating_sub(refused) > 1
        })
        .count() as u64;
    let run = Run {
        outcomes,
        seconds,
        peak_open: counts.peak_open.load(Ordering::Acquire),
        refused: Counts::total(&counts.refused),
        duplicated,
        bytes_per_call: peak.saturating_sub(live_before) as f64 / calls as f64,
    };
    // Checked every run: none lost, none duplicated, none crossed, answers are what the
    // server sent.
    let ended = run.outcomes.ok + run.outcomes.crossed + run.outcomes.errors();
    assert_eq!(
        ended, calls as u64,
        "{side:?} {behaviour:?}: a call was lost"
    );
    assert_eq!(
        run.outcomes.crossed, 0,
        "{side:?} {behaviour:?}: crossed answers"
    );
    assert_eq!(
        run.duplicated, 0,
        "{side:?} {behaviour:?}: a PATCH repeated"
    );
    assert_eq!(
        run.outcomes.ok,
        Counts::total(&counts.answered),
        "{side:?} {behaviour:?}: successes are the server's 200s"
    );
    run
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let full = support::full_run();
    // This crate builds reqwest without a default TLS provider (ring, supplied by the
    // client); the raw baseline's client needs one installed to build.
    #[allow(deprecated)]
    let _ = rustls::crypto::ring::default_provider().install_default();
    let scenario = Scenario::default();
    let port = start_server(scenario.clone());
    // Two workers, as a small service runs; the server has a thread of its own.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let (calls, rounds) = if full { (10_000, 3) } else { (200, 1) };
    let mut peak_connections = 0;
    let future_bytes = {
        let client = Client::builder()
            .base_url("http://127.0.0.1:1")
            .build()
            .expect("a client");
        let patch = patch();
        std::mem::size_of_val(&client.patch_customer("call-0", &patch))
    };

    support::print_header(
        &format!(
            "load: {calls} concurrent patch_customer calls, loopback http/1.1, {rounds} round(s)"
        ),
        &format!("raw reqwest + Semaphore({LIMIT}) + Retry-After per call; client defaults"),
    );
    for behaviour in [
        Behaviour::Answer,
        Behaviour::ResetOneIn20,
        Behaviour::LimitForOneSecond,
    ] {
        let mut raw_runs = Vec::new();
        let mut client_runs = Vec::new();
        for round in 0..rounds {
            let order = if round % 2 == 0 {
                [Side::Raw, Side::Client]
            } else {
                [Side::Client, Side::Raw]
            };
            for side in order {
                let result = run(&runtime, port, &scenario, behaviour, side, calls);
                match side {
                    Side::Raw => raw_runs.push(result),
                    Side::Client => client_runs.push(result),
                }
            }
        }
        let rate = |runs: &[Run]| median(runs.iter().map(|r| calls as f64 / r.seconds).collect());
        let bytes = |runs: &[Run]| median(runs.iter().map(|r| r.bytes_per_call).collect());
        let ratios: Vec<f64> = raw_runs
            .iter()
            .zip(&client_runs)
            .map(|(raw, client)| raw.seconds / client.seconds)
            .collect();
        println!();
        println!("{behaviour:?}:");
        println!(
            "  {:<8} {:>10} {:>7} {:>6} {:>6} {:>6} {:>6} {:>9} {:>10}",
            "side", "calls/s", "ok", "conn", "time", "api", "peak", "429s", "B/call"
        );
        for (name, runs) in [("raw", &raw_runs), ("client", &client_runs)] {
            for r in runs.iter() {
                println!(
                    "  {name:<8} {:>10.0} {:>7} {:>6} {:>6} {:>6} {:>6} {:>9} {:>10.0}",
                    calls as f64 / r.seconds,
                    r.outcomes.ok,
                    r.outcomes.connection,
                    r.outcomes.timeout,
                    r.outcomes.api,
                    r.peak_open,
                    r.refused,
                    r.bytes_per_call
                );
            }
        }
        println!(
            "  median calls/s raw {:.0}, client {:.0}; client/raw throughput per round: {}",
            rate(&raw_runs),
            rate(&client_runs),
            ratios
                .iter()
                .map(|r| format!("{r:.3}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        println!(
            "  median bytes per call in progress: raw {:.0}, client {:.0} (ratio {:.2})",
            bytes(&raw_runs),
            bytes(&client_runs),
            bytes(&client_runs) / bytes(&raw_runs)
        );
        peak_connections = client_runs
            .iter()
            .map(|r| r.peak_open)
            .max()
            .unwrap_or(0)
            .max(peak_connections);
        if behaviour == Behaviour::LimitForOneSecond {
            let most = client_runs.iter().map(|r| r.refused).max().unwrap_or(0);
            println!(
                "  429s the client received: at most {most} (target <= {LIMIT}, one Retry-After window)"
            );
            assert!(most <= LIMIT as u64, "{most} 429s");
        }
    }
    println!();
    println!(
        "a patch_customer call's future: {future_bytes} B (its task holds it from start to end)"
    );
    let verdict = if peak_connections <= LIMIT {
        "met"
    } else {
        "missed"
    };
    println!(
        "peak open connections of the client, every scenario: {peak_connections} \
         (target <= {LIMIT}: {verdict})"
    );
}
