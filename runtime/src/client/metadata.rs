//! The status and headers of successful calls, for every operation without a second method
//! per operation: a handle made with [`Client::with_metadata`] records them in a slot.

use super::Client;
use reqwest::header::HeaderMap;
use std::sync::{Arc, Mutex};

/// What a successful response said besides its body.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ResponseMeta {
    /// The HTTP status (200, 201, 204, ...).
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// How many attempts the call made.
    pub attempts: u32,
}

impl ResponseMeta {
    /// The W3C `traceparent` header the server sent (Meteroid sends one on every response):
    /// quote it in a support ticket so the request can be found in the server's traces.
    pub fn traceparent(&self) -> Option<&str> {
        self.headers.get("traceparent")?.to_str().ok()
    }
}

/// Where a handle made by [`Client::with_metadata`] puts the [`ResponseMeta`] of each
/// successful call (the last one wins). Cheap to clone; clones share the slot.
///
/// ```no_run
/// # async fn run(client: meteroid_runtime::Client) {
/// # use meteroid_runtime::MetadataSlot;
/// let slot = MetadataSlot::new();
/// let recording = client.with_metadata(&slot);
/// // ... call any operation through `recording` ...
/// if let Some(meta) = slot.take() {
///     println!("{} {:?}", meta.status, meta.traceparent());
/// }
/// # }
/// ```
#[derive(Debug, Clone, Default)]
pub struct MetadataSlot(Arc<Mutex<Option<ResponseMeta>>>);

impl MetadataSlot {
    /// An empty slot.
    pub fn new() -> Self {
        MetadataSlot::default()
    }

    /// Takes what the last successful call recorded, leaving the slot empty.
    pub fn take(&self) -> Option<ResponseMeta> {
        self.0.lock().map_or(None, |mut slot| slot.take())
    }

    /// A copy of what the last successful call recorded.
    pub fn get(&self) -> Option<ResponseMeta> {
        self.0.lock().map_or(None, |slot| slot.clone())
    }

    fn put(&self, meta: ResponseMeta) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(meta);
        }
    }
}

impl Client {
    /// A handle over the same pool that records each successful call's status and headers
    /// in `slot`.
    pub fn with_metadata(&self, slot: &MetadataSlot) -> Client {
        let mut handle = self.clone();
        handle.call.metadata = Some(slot.clone());
        handle
    }

    /// Records a success, when this handle records.
    pub(super) fn record(&self, status: u16, headers: &HeaderMap, attempts: u32) {
        if let Some(slot) = &self.call.metadata {
            slot.put(ResponseMeta {
                status,
                headers: headers.clone(),
                attempts,
            });
        }
    }
}
