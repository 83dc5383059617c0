//! The load one client puts on its server: at most `max_concurrent_requests` requests in
//! flight (later ones wait their turn, first come first served), and, after a 429 or 503
//! with `Retry-After`, no new attempt until the server's wait is over.
//!
//! A client sends to one host, its base URL's, so these are that host's limits; they live
//! in the client's shared state, so every clone and handle (`with_timeout`, ...) of a client
//! counts against the same slots and waits out the same hold. Clients built separately share
//! nothing: a per-key rate limit (two tenants' clients) must not stall the other.
//!
//! Both waits count against the call's deadline, never past it: an attempt is admitted
//! (`Load::admit`) or refused with why ([`Refused`]) by the time the deadline passes.

use bytes::Bytes;
use reqwest::header::HeaderMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::{Semaphore, SemaphorePermit};
use tokio::time::Instant;

/// The slots and the hold of one client.
pub(super) struct Load {
    /// `host[:port]`, for events.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    host: String,
    limit: usize,
    /// One permit per request in flight. tokio's semaphore queues waiters first in, first
    /// out, and a permit given back goes to the longest waiter, so no call is overtaken.
    slots: Semaphore,
    /// Calls queued for a slot: whoever frees one hands it over (`Load::release`).
    waiting: AtomicUsize,
    hold: Mutex<Option<Hold>>,
}

/// New attempts wait until `until`: a server asked for it.
struct Hold {
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    since: Instant,
    until: Instant,
    response: Arc<HeldResponse>,
}

/// The 429 or 503 that asked for the hold (the latest that extended it): what a call the hold
/// outlasts returns, as if it had been answered so itself.
#[derive(Debug)]
pub(super) struct HeldResponse {
    pub(super) status: u16,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
}

/// An attempt let through: its slot, and whether it had to wait for it (or for a hold), so
/// that the attempt's own timer is worked out again only then.
#[derive(Debug)]
pub(super) struct Admitted<'a> {
    /// Held for its drop: the slot is free again when it goes.
    _permit: SemaphorePermit<'a>,
    pub(super) waited: bool,
}

/// Why an attempt was not admitted.
#[derive(Debug)]
pub(super) enum Refused {
    /// The deadline passed while the call waited for a free slot.
    NoSlot,
    /// The host is held for longer than the call may wait: the response that asked for the
    /// hold, and how much of the hold is left.
    Held(Arc<HeldResponse>, Duration),
}

impl Load {
    /// Room for `limit` requests in flight (at least 1, at most [`Semaphore::MAX_PERMITS`]:
    /// the builder checks).
    pub(super) fn new(host: String, limit: usize) -> Load {
        Load {
            host,
            limit,
            slots: Semaphore::new(limit),
            waiting: AtomicUsize::new(0),
            hold: Mutex::new(None),
        }
    }

    pub(super) fn limit(&self) -> usize {
        self.limit
    }

    /// Waits for a free slot and for the end of a hold, both before `deadline`. The slot is
    /// the permit returned: the request is in flight until it is given back
    /// ([`Load::release`]).
    pub(super) async fn admit(&self, deadline: Instant) -> Result<Admitted<'_>, Refused> {
        let mut waited = false;
        let permit = match self.slots.try_acquire() {
            Ok(permit) => permit,
            Err(_) => {
                waited = true;
                // A hold that outlasts the call fails it now, not after its turn in the queue.
                if let Some(hold) = self.hold_now() {
                    if hold.until >= deadline {
                        return Err(self.refuse(hold));
                    }
                }
                self.wait_for_slot(deadline).await?
            }
        };
        // A slot held through the hold keeps this call's place: the host takes nothing until
        // the hold ends anyway.
        while let Some(hold) = self.hold_now() {
            if hold.until >= deadline {
                return Err(self.refuse(hold));
            }
            #[cfg(feature = "tracing")]
            tracing::debug!(
                host = self.host.as_str(),
                wait_ms = millis(hold.until.saturating_duration_since(Instant::now())),
                "attempt held by the host's Retry-After"
            );
            tokio::time::sleep_until(hold.until).await;
            waited = true;
        }
        Ok(Admitted {
            _permit: permit,
            waited,
        })
    }

    /// Gives the slot back once its request is done (its body read). When a call is queued
    /// for it, first lets the tasks woken with the end of the body run: hyper puts the
    /// connection back in its pool from one of them, and a call handed the slot before that
    /// finds no idle connection and opens one beyond the limit (a `Semaphore(64)` around raw
    /// reqwest, which frees at once: 64-119 open connections in `benches/load.rs`). One yield
    /// lets that task run first, most of the time; it costs a scheduler turn, so only a
    /// hand-over pays it.
    pub(super) async fn release(&self, slot: Admitted<'_>) {
        if self.waiting.load(Ordering::Relaxed) > 0 {
            tokio::task::yield_now().await;
        }
        drop(slot);
    }

    async fn wait_for_slot(&self, deadline: Instant) -> Result<SemaphorePermit<'_>, Refused> {
        let _queued = Queued::new(&self.waiting);
        #[cfg(feature = "tracing")]
        let since = Instant::now();
        #[cfg(feature = "tracing")]
        tracing::debug!(
            host = self.host.as_str(),
            limit = self.limit,
            "waiting for a request slot (max_concurrent_requests in use)"
        );
        match tokio::time::timeout_at(deadline, self.slots.acquire()).await {
            Ok(Ok(permit)) => {
                #[cfg(feature = "tracing")]
                tracing::debug!(
                    host = self.host.as_str(),
                    waited_ms = millis(since.elapsed()),
                    "got a request slot"
                );
                Ok(permit)
            }
            // The semaphore is never closed; were it, no slot would ever come.
            Ok(Err(_)) | Err(_) => {
                #[cfg(feature = "tracing")]
                tracing::debug!(
                    host = self.host.as_str(),
                    waited_ms = millis(since.elapsed()),
                    limit = self.limit,
                    "no request slot before the call's deadline"
                );
                Err(Refused::NoSlot)
            }
        }
    }

    /// Holds new attempts for `wait` from now, as a 429 or 503 asked (a hold already longer
    /// stays as it is). Zero holds nothing.
    pub(super) fn hold_for(&self, wait: Duration, response: impl FnOnce() -> HeldResponse) {
        if wait.is_zero() {
            return;
        }
        let now = Instant::now();
        // A wait too long for the clock holds as long as the process runs; calls still end at
        // their deadlines, with the server's answer.
        let until = crate::retry::later(now, wait);
        let mut hold = self.hold.lock().unwrap_or_else(PoisonError::into_inner);
        if hold.as_ref().is_some_and(|held| held.until >= until) {
            return;
        }
        let response = Arc::new(response());
        #[cfg(feature = "tracing")]
        tracing::info!(
            host = self.host.as_str(),
            status = response.status,
            hold_ms = millis(wait),
            extended = hold.is_some(),
            "holding new attempts to the host (Retry-After)"
        );
        let since = hold.as_ref().map_or(now, |held| held.since);
        *hold = Some(Hold {
            since,
            until,
            response,
        });
    }

    /// The hold in force now, if any; one that has run out is cleared (and its end logged) by
    /// the first call to look. Without a hold, the clock is not read.
    fn hold_now(&self) -> Option<ActiveHold> {
        let mut hold = self.hold.lock().unwrap_or_else(PoisonError::into_inner);
        let held = hold.as_ref()?;
        if held.until > Instant::now() {
            return Some(ActiveHold {
                until: held.until,
                response: Arc::clone(&held.response),
            });
        }
        #[cfg(feature = "tracing")]
        tracing::info!(
            host = self.host.as_str(),
            held_ms = millis(held.until.saturating_duration_since(held.since)),
            "hold on the host ended"
        );
        *hold = None;
        None
    }

    fn refuse(&self, hold: ActiveHold) -> Refused {
        let left = hold.until.saturating_duration_since(Instant::now());
        #[cfg(feature = "tracing")]
        tracing::debug!(
            host = self.host.as_str(),
            hold_left_ms = millis(left),
            "the host's hold outlasts the call's deadline: returning its response"
        );
        Refused::Held(hold.response, left)
    }
}

/// Counts a call as queued for a slot while it exists (a call dropped while it waits included).
struct Queued<'a>(&'a AtomicUsize);

impl<'a> Queued<'a> {
    fn new(waiting: &'a AtomicUsize) -> Self {
        waiting.fetch_add(1, Ordering::Relaxed);
        Queued(waiting)
    }
}

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A copy of the hold taken under the lock.
struct ActiveHold {
    until: Instant,
    response: Arc<HeldResponse>,
}

#[cfg(feature = "tracing")]
fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(limit: usize) -> Arc<Load> {
        Arc::new(Load::new("example.test".into(), limit))
    }

    fn too_many() -> HeldResponse {
        HeldResponse {
            status: 429,
            headers: HeaderMap::new(),
            body: Bytes::from_static(b"slow down"),
        }
    }

    fn far() -> Instant {
        Instant::now() + Duration::from_secs(3600)
    }

    /// Lets every spawned task run until it waits on something (the paused clock does not
    /// move: nothing here sleeps).
    async fn settle() {
        for _ in 0..20 {
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test(start_paused = true)]
    async fn waiting_calls_get_slots_in_arrival_order() {
        let load = load(2);
        let first = load.admit(far()).await.expect("free");
        let second = load.admit(far()).await.expect("free");
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for call in 0..6 {
            let (load, order) = (Arc::clone(&load), Arc::clone(&order));
            tasks.push(tokio::spawn(async move {
                let permit = load.admit(far()).await.expect("a slot in time");
                order.lock().unwrap().push(call);
                // Held until the test's next step, so that each release admits one call.
                tokio::time::sleep(Duration::from_secs(1)).await;
                drop(permit);
            }));
            // Queued one after the other.
            settle().await;
        }
        assert!(order.lock().unwrap().is_empty(), "no slot was free");
        assert_eq!(load.waiting.load(Ordering::Relaxed), 6);
        drop(first);
        settle().await;
        assert_eq!(*order.lock().unwrap(), [0]);
        drop(second);
        settle().await;
        assert_eq!(*order.lock().unwrap(), [0, 1]);
        for task in tasks {
            task.await.expect("the task");
        }
        assert_eq!(*order.lock().unwrap(), [0, 1, 2, 3, 4, 5]);
    }

    #[tokio::test(start_paused = true)]
    async fn at_most_limit_are_admitted_at_once() {
        let load = load(3);
        let inside = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..20 {
            let (load, inside, peak) = (load.clone(), inside.clone(), peak.clone());
            tasks.push(tokio::spawn(async move {
                let _slot = load.admit(far()).await.expect("a slot in time");
                let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(10)).await;
                inside.fetch_sub(1, Ordering::SeqCst);
            }));
        }
        for task in tasks {
            task.await.expect("the task");
        }
        assert_eq!(peak.load(Ordering::SeqCst), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn a_call_waiting_for_a_slot_ends_at_its_deadline() {
        let load = load(1);
        let _busy = load.admit(far()).await.expect("free");
        let start = Instant::now();
        let deadline = start + Duration::from_millis(300);
        let refused = load.admit(deadline).await.expect_err("no slot comes");
        assert!(matches!(refused, Refused::NoSlot), "{refused:?}");
        assert_eq!(start.elapsed(), Duration::from_millis(300));
        assert_eq!(load.waiting.load(Ordering::Relaxed), 0, "no longer queued");
        // Its place in the queue is given up: the next caller is not stuck behind it.
        drop(_busy);
        assert!(load.admit(far()).await.is_ok());
    }

    /// What a hand-over waits for: tasks woken as the last request ended (hyper's, putting its
    /// connection back in the pool) run before the queued call gets the slot.
    #[tokio::test(start_paused = true)]
    async fn a_slot_handed_over_lets_ready_tasks_run_first_and_one_nobody_waits_for_does_not() {
        let load = load(1);
        let ran = Arc::new(AtomicUsize::new(0));
        let ready_task = |ran: &Arc<AtomicUsize>| {
            let ran = ran.clone();
            tokio::spawn(async move { ran.fetch_add(1, Ordering::SeqCst) })
        };
        let slot = load.admit(far()).await.expect("free");
        let _unran = ready_task(&ran);
        load.release(slot).await;
        assert_eq!(ran.load(Ordering::SeqCst), 0, "nobody waits: no yield");
        settle().await;
        assert_eq!(ran.load(Ordering::SeqCst), 1);

        let slot = load.admit(far()).await.expect("free");
        let queued = tokio::spawn({
            let load = load.clone();
            async move { load.admit(far()).await.map(drop).is_ok() }
        });
        settle().await;
        let _ready = ready_task(&ran);
        load.release(slot).await;
        assert_eq!(ran.load(Ordering::SeqCst), 2, "ran before the hand-over");
        assert!(queued.await.expect("the task"));
    }

    #[tokio::test(start_paused = true)]
    async fn a_hold_delays_every_new_attempt_until_it_ends() {
        let load = load(4);
        let start = Instant::now();
        load.hold_for(Duration::from_secs(2), too_many);
        // A shorter wait asked later does not shorten it.
        load.hold_for(Duration::from_millis(500), too_many);
        let mut tasks = Vec::new();
        for _ in 0..3 {
            let load = load.clone();
            tasks.push(tokio::spawn(async move {
                let _slot = load.admit(far()).await.expect("admitted after the hold");
                Instant::now()
            }));
        }
        for task in tasks {
            assert_eq!(
                task.await.expect("the task") - start,
                Duration::from_secs(2)
            );
        }
        // Over: the next attempt goes at once.
        let before = Instant::now();
        let _slot = load.admit(far()).await.expect("no hold");
        assert_eq!(before.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn a_hold_that_outlasts_the_deadline_returns_its_response_at_once() {
        let load = load(1);
        load.hold_for(Duration::from_secs(30), too_many);
        let start = Instant::now();
        let refused = load
            .admit(start + Duration::from_secs(10))
            .await
            .expect_err("held past the deadline");
        let Refused::Held(response, left) = refused else {
            panic!("{refused:?}")
        };
        assert_eq!(
            (response.status, &response.body[..]),
            (429, &b"slow down"[..])
        );
        assert_eq!(left, Duration::from_secs(30));
        assert_eq!(start.elapsed(), Duration::ZERO, "no waiting");
        // The same for a call that would queue for a slot: it does not wait for its turn.
        let _busy = load.slots.try_acquire().expect("free");
        let refused = load
            .admit(start + Duration::from_secs(10))
            .await
            .expect_err("held");
        assert!(matches!(refused, Refused::Held(..)), "{refused:?}");
        assert_eq!(start.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn a_hold_that_ends_before_the_deadline_is_waited_out() {
        let load = load(1);
        load.hold_for(Duration::from_secs(3), too_many);
        let start = Instant::now();
        let _slot = load
            .admit(start + Duration::from_secs(10))
            .await
            .expect("the hold ends first");
        assert_eq!(start.elapsed(), Duration::from_secs(3));
    }

    #[tokio::test(start_paused = true)]
    async fn loads_are_independent() {
        let held = load(1);
        let other = load(1);
        held.hold_for(Duration::from_secs(60), too_many);
        let _busy = held.slots.try_acquire().expect("free");
        let before = Instant::now();
        let _slot = other.admit(far()).await.expect("not held, not full");
        assert_eq!(before.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn a_retry_after_too_long_for_the_clock_holds_without_overflow() {
        let load = load(1);
        load.hold_for(Duration::MAX, too_many);
        let refused = load
            .admit(Instant::now() + Duration::from_secs(1))
            .await
            .expect_err("held");
        assert!(matches!(refused, Refused::Held(..)), "{refused:?}");
        let unheld = Load::new("example.test".into(), 1);
        unheld.hold_for(Duration::ZERO, too_many);
        assert!(unheld.hold_now().is_none(), "zero holds nothing");
    }
}
