//! `Client::patch_customer` against a local hyper server on loopback that answers every
//! request with the same `Customer`, against the same request sent with raw `reqwest` (body
//! from `serde_json::to_vec`, the same headers, the answer decoded with
//! `serde_json::from_slice`), in the same run: sequential and 64 concurrent.
//! Target: >= 0.95x raw reqwest's throughput.
//!
//! It also counts the bytes the client side allocates per request (a counting global
//! allocator; the server's thread is not counted), for both paths.
//!
//! ```sh
//! cargo bench --bench requests
//! ```

use meteroid_bench_support as support;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use meteroid_client::Client;
use meteroid_client::models::{Address, Currency, Customer, CustomerPatchRequest};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Counts what every thread but the server's allocates.
struct Counting;

static ALLOCATED_BYTES: AtomicU64 = AtomicU64::new(0);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static NOT_COUNTED: Cell<bool> = const { Cell::new(false) };
}

fn count(size: usize) {
    // `try_with`: allocations during thread teardown must not panic.
    if NOT_COUNTED.try_with(Cell::get) == Ok(false) {
        ALLOCATED_BYTES.fetch_add(size as u64, Ordering::Relaxed);
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
    }
}

// SAFETY: every method forwards to `System` unchanged; counting has no effect on memory.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A growth allocates `new_size` bytes somewhere; count it as a new allocation.
        count(new_size);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const CUSTOMER: &str = r#"{"id":"cus_7n42DGM5Tflk9n8mt7Fhc7","name":"Acme Corporation International","alias":"acme-corp-intl","billing_email":"billing@acme-corporation.example.com","invoicing_emails":["ap@acme-corporation.example.com","finance@acme-corporation.example.com"],"phone":"+33 1 23 45 67 89","currency":"EUR","invoicing_entity_id":"ive_7n42DGM5Tflk9n8mt7Fhc7","vat_number":"FR40303265045","connected_account_id":null,"custom_taxes":[{"name":"Regional sales tax","rate":"0.0825","tax_code":"TX-00001-STATE"}],"billing_address":{"line1":"12 Rue de la Paix","line2":"Batiment B, 3e etage","city":"Paris","state":"Ile-de-France","zip_code":"75002","country":"FR"},"shipping_address":{"same_as_billing":false,"address":{"line1":"Zone industrielle Nord, Entrepot 7","line2":null,"city":"Lyon","state":"Auvergne-Rhone-Alpes","zip_code":"69007","country":"FR"}},"created_at":"2026-01-15T09:30:00Z","archived_at":null}"#;

const ID: &str = "cus_7n42DGM5Tflk9n8mt7Fhc7";
const CONCURRENCY: usize = 64;

/// Starts the server on its own thread and runtime (its allocations are not counted);
/// returns its port.
fn start_server() -> u16 {
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
            let body = Bytes::from_static(CUSTOMER.as_bytes());
            loop {
                let (stream, _) = listener.accept().await.expect("accepts");
                stream.set_nodelay(true).expect("nodelay");
                let body = body.clone();
                tokio::spawn(async move {
                    let service =
                        service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                            let body = body.clone();
                            async move {
                                // Read the whole request, as a real server would.
                                let received = request.into_body().collect().await;
                                debug_assert!(received.is_ok());
                                let response = hyper::Response::builder()
                                    .header("content-type", "application/json")
                                    .body(Full::new(body))
                                    .expect("a response");
                                Ok::<_, Infallible>(response)
                            }
                        });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
    });
    port_rx.recv().expect("the server starts")
}

fn patch() -> CustomerPatchRequest {
    CustomerPatchRequest::new()
        .name("Acme Corporation International")
        .currency(Currency::Eur)
        .billing_email("billing@acme-corporation.example.com")
        .billing_address(
            Address::new()
                .line1("12 Rue de la Paix")
                .city("Paris")
                .zip_code("75002")
                .country("FR"),
        )
        .clear_phone()
}

/// The same request without the client: what a caller writes with reqwest alone.
async fn raw(http: &reqwest::Client, base: &str, patch: &CustomerPatchRequest) -> Customer {
    let body = serde_json::to_vec(patch).expect("encodes");
    let response = http
        .patch(format!("{base}/api/v1/customers/{ID}"))
        .header(AUTHORIZATION, "Bearer t")
        .header(ACCEPT, "application/json")
        .header(CONTENT_TYPE, "application/json")
        .header(USER_AGENT, "meteroid-client/0.1.0")
        .body(body)
        .send()
        .await
        .expect("sends");
    assert!(response.status().is_success());
    let bytes = response.bytes().await.expect("a body");
    serde_json::from_slice(&bytes).expect("decodes")
}

async fn typed(client: &Client, patch: &CustomerPatchRequest) -> Customer {
    client.patch_customer(ID, patch).await.expect("patches")
}

#[derive(Clone, Copy, PartialEq)]
enum Path {
    Raw,
    Client,
}

struct Setup {
    http: reqwest::Client,
    base: String,
    client: Client,
    patch: CustomerPatchRequest,
}

impl Setup {
    async fn one(&self, path: Path) -> Customer {
        match path {
            Path::Raw => raw(&self.http, &self.base, &self.patch).await,
            Path::Client => typed(&self.client, &self.patch).await,
        }
    }
}

/// Nanoseconds per request for `n` requests in a row.
async fn sequential(setup: &Setup, path: Path, n: usize) -> f64 {
    let start = Instant::now();
    for _ in 0..n {
        std::hint::black_box(setup.one(path).await);
    }
    start.elapsed().as_nanos() as f64 / n as f64
}

/// Nanoseconds per request for `CONCURRENCY` tasks doing `per_task` requests each.
async fn concurrent(setup: &'static Setup, path: Path, per_task: usize) -> f64 {
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..CONCURRENCY {
        tasks.spawn(async move {
            for _ in 0..per_task {
                std::hint::black_box(setup.one(path).await);
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("a task");
    }
    start.elapsed().as_nanos() as f64 / (CONCURRENCY * per_task) as f64
}

/// Bytes and allocations per request, counted over `n` sequential requests (warm pool).
async fn allocations(setup: &Setup, path: Path, n: usize) -> (f64, f64) {
    let (bytes0, count0) = (
        ALLOCATED_BYTES.load(Ordering::Relaxed),
        ALLOCATIONS.load(Ordering::Relaxed),
    );
    for _ in 0..n {
        std::hint::black_box(setup.one(path).await);
    }
    let bytes = ALLOCATED_BYTES.load(Ordering::Relaxed) - bytes0;
    let count = ALLOCATIONS.load(Ordering::Relaxed) - count0;
    (bytes as f64 / n as f64, count as f64 / n as f64)
}

fn main() {
    let full = support::full_run();
    let port = start_server();
    let base = format!("http://127.0.0.1:{port}");
    // The client runs on this thread only, so its allocations are all counted.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let setup: &'static Setup = runtime.block_on(async {
        Box::leak(Box::new(Setup {
            http: {
                // This crate builds reqwest without a default TLS provider (ring, supplied
                // by the client); the raw baseline needs one installed to build.
                #[allow(
                    deprecated,
                    reason = "ring's provider, deprecated in rustls 0.23.48 (no post-quantum \
                              key exchange), is the one this crate builds"
                )]
                let _ = rustls::crypto::ring::default_provider().install_default();
                reqwest::Client::builder()
            }
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a reqwest client"),
            client: Client::builder()
                .base_url(&base)
                .bearer_token("t")
                .build()
                .expect("a client"),
            base,
            patch: patch(),
        }))
    });
    let (rounds, seq_n, per_task) = if full { (21, 400, 12) } else { (1, 2, 1) };

    runtime.block_on(async {
        // Same answer both ways.
        assert_eq!(setup.one(Path::Raw).await, setup.one(Path::Client).await);
        // Open the pools' connections before anything is timed.
        concurrent(setup, Path::Raw, 1).await;
        concurrent(setup, Path::Client, 1).await;
    });
    // `REQUESTS_ONE_PATH=client:2000` (or `raw:2000`): only that many sequential requests on
    // that path, nothing timed, for an instruction count (`valgrind --tool=callgrind`), which
    // unlike a time does not move with the machine's load. Two counts with different numbers
    // of requests give the cost of one.
    if let Ok(spec) = std::env::var("REQUESTS_ONE_PATH") {
        let (path, n) = spec.split_once(':').unwrap_or((spec.as_str(), "1000"));
        let path = match path {
            "raw" => Path::Raw,
            "client" => Path::Client,
            other => panic!("REQUESTS_ONE_PATH: `{other}` is neither `raw` nor `client`"),
        };
        let n: usize = n.parse().unwrap_or(1000);
        runtime.block_on(sequential(setup, path, n));
        return;
    }
    let body = serde_json::to_vec(&setup.patch).expect("encodes");

    support::print_header(
        &format!(
            "requests: PATCH, {} B body, {} B response, loopback http/1.1",
            body.len(),
            CUSTOMER.len()
        ),
        "raw reqwest + serde_json; ratio = throughput vs baseline",
    );
    let row = |c: support::Comparison, unit: &str| {
        support::print_row(
            &c.name,
            &format!("{}{unit}", support::fmt_ns(c.baseline_median())),
            &format!("{}{unit}", support::fmt_ns(c.subject_median())),
            c.throughput_ratio(),
            Some(">= 0.95"),
        );
    };
    row(
        support::compare(
            "patch_customer, sequential",
            rounds,
            || runtime.block_on(sequential(setup, Path::Raw, seq_n)),
            || runtime.block_on(sequential(setup, Path::Client, seq_n)),
        ),
        "/req",
    );
    row(
        support::compare(
            format!("patch_customer, {CONCURRENCY} concurrent"),
            rounds,
            || runtime.block_on(concurrent(setup, Path::Raw, per_task)),
            || runtime.block_on(concurrent(setup, Path::Client, per_task)),
        ),
        "/req",
    );

    let n = if full { 500 } else { 2 };
    let (raw_bytes, raw_count) = runtime.block_on(allocations(setup, Path::Raw, n));
    let (client_bytes, client_count) = runtime.block_on(allocations(setup, Path::Client, n));
    println!();
    println!("allocated per request (client side, {n} sequential requests, warm pool):");
    println!("{:<44} {:>12} {:>12}", "", "bytes", "allocations");
    println!("{:<44} {raw_bytes:>12.0} {raw_count:>12.1}", "raw reqwest");
    println!(
        "{:<44} {client_bytes:>12.0} {client_count:>12.1}",
        "meteroid_client"
    );
    println!(
        "{:<44} {:>12.0} {:>12.1}   (request body {} B, response body {} B)",
        "difference",
        client_bytes - raw_bytes,
        client_count - raw_count,
        body.len(),
        CUSTOMER.len()
    );
}
