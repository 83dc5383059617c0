//! When to try a call again, and how long to wait first.
//!
//! The loop is generic over the attempt so that its policy and its delays are tested with
//! scripted outcomes on tokio's paused clock, with no network and no real waiting; the client
//! plugs in the attempt that actually sends.

use crate::error::Error;
use std::future::Future;
use std::time::{Duration, SystemTime};
use tokio::time::Instant;

/// The retry settings of a client.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RetryPolicy {
    /// Retries after the first attempt; at most `max_retries + 1` attempts are made.
    pub(crate) max_retries: u32,
    /// The backoff ceiling before the first retry; it doubles per retry up to `backoff_cap`.
    pub(crate) backoff_base: Duration,
    pub(crate) backoff_cap: Duration,
    /// The deadline for the whole call, attempts and waits together.
    pub(crate) total_timeout: Duration,
    /// The limit of one attempt (cut shorter near the deadline).
    pub(crate) attempt_timeout: Duration,
}

/// How safe it is to send a failed request again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// The request never reached the server (the connection could not be made).
    NotSent,
    /// The server refused the request without acting on it (429, 503).
    Refused,
    /// The server may have acted on it (a timeout, a broken connection, another 5xx).
    Ambiguous,
    /// Sending it again would fail the same way (4xx, a body we cannot decode).
    Final,
}

/// A failed attempt.
#[derive(Debug)]
pub(crate) struct Failure<E = serde_json::Value> {
    pub(crate) error: Error<E>,
    pub(crate) class: Class,
    /// The wait the server asked for, if it did.
    pub(crate) retry_after: Option<Duration>,
}

/// Runs `attempt` until it succeeds, fails in a way that must not be repeated, or the policy's
/// attempts or deadline run out. `repeat_ambiguous` is whether an [`Class::Ambiguous`] failure
/// may be retried (an idempotent method, or the caller opted in).
///
/// `attempt` gets the attempt's timeout (its own limit, or what is left of the call's when
/// that is less), the call's deadline (an attempt that first waits, for a request slot or a
/// server's hold, waits no later than that) and its 1-based number.
pub(crate) async fn run<T, E, F, Fut>(
    policy: &RetryPolicy,
    repeat_ambiguous: bool,
    jitter: &mut XorShift,
    mut attempt: F,
) -> Result<T, Error<E>>
where
    F: FnMut(Duration, Instant, u32) -> Fut,
    Fut: Future<Output = Result<T, Failure<E>>>,
{
    let start = Instant::now();
    let deadline = later(start, policy.total_timeout);
    let mut number: u32 = 0;
    loop {
        number += 1;
        let remaining = policy.total_timeout.saturating_sub(start.elapsed());
        let timeout = policy.attempt_timeout.min(remaining);
        let failure = match attempt(timeout, deadline, number).await {
            Ok(value) => return Ok(value),
            Err(failure) => failure,
        };
        let retryable = match failure.class {
            Class::NotSent | Class::Refused => true,
            Class::Ambiguous => repeat_ambiguous,
            Class::Final => false,
        };
        if !retryable || number > policy.max_retries {
            #[cfg(feature = "tracing")]
            tracing::debug!(
                attempt = number,
                status = failure.error.status(),
                retryable,
                "attempt failed; not retried"
            );
            return Err(failure.error);
        }
        let delay = match failure.retry_after {
            Some(wait) => wait,
            None => jitter.up_to(backoff_ceiling(policy, number - 1)),
        };
        #[cfg(feature = "tracing")]
        tracing::debug!(
            attempt = number,
            status = failure.error.status(),
            wait_ms = delay.as_millis() as u64,
            "attempt failed; retrying"
        );
        // Waiting past the deadline only to fail then would hide the server's answer; a
        // Retry-After the caller cannot afford is returned at once (the error carries it).
        let remaining = policy.total_timeout.saturating_sub(start.elapsed());
        if delay >= remaining {
            return Err(failure.error);
        }
        tokio::time::sleep(delay).await;
    }
}

/// `wait` after `at`; a wait past the clock's range (a `Duration::MAX` timeout, a
/// `Retry-After` of 10^20 seconds) is a century, which no call outlives.
pub(crate) fn later(at: Instant, wait: Duration) -> Instant {
    const CENTURY: Duration = Duration::from_secs(100 * 365 * 24 * 3600);
    at.checked_add(wait)
        .or_else(|| at.checked_add(CENTURY))
        .unwrap_or(at)
}

/// The most to wait before retry number `retry` (0-based): `base * 2^retry`, at most `cap`.
pub(crate) fn backoff_ceiling(policy: &RetryPolicy, retry: u32) -> Duration {
    let factor = 2u32.checked_pow(retry).unwrap_or(u32::MAX);
    policy
        .backoff_base
        .checked_mul(factor)
        .unwrap_or(Duration::MAX)
        .min(policy.backoff_cap)
}

/// A small xorshift64* generator for backoff jitter: spreading out clients that failed
/// together needs unpredictability between processes, not cryptographic quality.
#[derive(Debug, Clone)]
pub(crate) struct XorShift(u64);

impl XorShift {
    /// A generator from any seed (zero included: it is mixed first, and xorshift's state must
    /// not be zero).
    pub(crate) fn new(seed: u64) -> Self {
        // splitmix64's finalizer: neighbouring seeds give unrelated streams.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        XorShift(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A uniformly spread duration in `[0, ceiling]` ("full jitter"), in whole milliseconds:
    /// tokio's timer has millisecond resolution, so finer draws would only be rounded.
    pub(crate) fn up_to(&mut self, ceiling: Duration) -> Duration {
        let millis = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        match millis.checked_add(1) {
            Some(span) => Duration::from_millis(self.next_u64() % span),
            None => Duration::from_millis(self.next_u64()),
        }
    }
}

/// Reads a `Retry-After` value: delay-seconds or an HTTP-date, relative to `now`. All three
/// date forms RFC 9110 (5.6.7) requires recipients to accept are read: IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete RFC 850 form (`Sunday, 06-Nov-94 08:49:37
/// GMT`, a two-digit year meaning 1970 to 2069) and asctime (`Sun Nov  6 08:49:37 1994`). A date
/// in the past means no wait. Anything else is ignored, and the normal backoff applies.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More digits than fit in a u64 is still "a very long time".
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::time::UNIX_EPOCH;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_retries: 3,
            backoff_base: Duration::from_millis(200),
            backoff_cap: Duration::from_secs(10),
            total_timeout: Duration::from_secs(600),
            attempt_timeout: Duration::from_secs(60),
        }
    }

    fn failure(class: Class, retry_after: Option<Duration>) -> Failure {
        Failure {
            error: Error::InvalidRequest(format!("{class:?}")),
            class,
            retry_after,
        }
    }

    /// Runs the loop over scripted outcomes (the last repeats), returning the result and the
    /// paused clock's time at each attempt, relative to the start.
    async fn script(
        policy: &RetryPolicy,
        repeat_ambiguous: bool,
        seed: u64,
        outcomes: Vec<Result<u32, (Class, Option<Duration>)>>,
    ) -> (Result<u32, Error>, Vec<Duration>) {
        let start = Instant::now();
        let times = RefCell::new(Vec::new());
        let mut jitter = XorShift::new(seed);
        let result = run(
            policy,
            repeat_ambiguous,
            &mut jitter,
            |_timeout, _, number| {
                times.borrow_mut().push(start.elapsed());
                let index = (number as usize - 1).min(outcomes.len() - 1);
                let outcome = outcomes[index].map_err(|(class, wait)| failure(class, wait));
                async move { outcome }
            },
        )
        .await;
        (result, times.into_inner())
    }

    #[tokio::test(start_paused = true)]
    async fn refused_and_unsent_requests_are_retried_with_jittered_exponential_backoff() {
        for class in [Class::NotSent, Class::Refused] {
            let policy = policy();
            let (result, times) = script(&policy, false, 7, vec![Err((class, None))]).await;
            assert!(matches!(result, Err(Error::InvalidRequest(_))));
            assert_eq!(times.len(), 4, "max_retries + 1 attempts");
            // Replay the same jitter stream: the waits are exactly those draws.
            let mut jitter = XorShift::new(7);
            for retry in 0..3 {
                let ceiling = backoff_ceiling(&policy, retry as u32);
                let expected = jitter.up_to(ceiling);
                let waited = times[retry + 1] - times[retry];
                assert_eq!(waited, expected, "{class:?} retry {retry}");
                assert!(waited <= ceiling);
            }
        }
    }

    #[tokio::test(start_paused = true)]
    async fn ambiguous_failures_are_retried_only_when_repeating_is_safe() {
        let (_, times) = script(&policy(), false, 1, vec![Err((Class::Ambiguous, None))]).await;
        assert_eq!(times.len(), 1);
        let (_, times) = script(&policy(), true, 1, vec![Err((Class::Ambiguous, None))]).await;
        assert_eq!(times.len(), 4);
    }

    #[tokio::test(start_paused = true)]
    async fn final_failures_are_never_retried() {
        let (_, times) = script(&policy(), true, 1, vec![Err((Class::Final, None))]).await;
        assert_eq!(times, [Duration::ZERO]);
    }

    #[tokio::test(start_paused = true)]
    async fn success_after_failures_is_returned() {
        let outcomes = vec![
            Err((Class::Refused, None)),
            Err((Class::NotSent, None)),
            Ok(5),
        ];
        let (result, times) = script(&policy(), false, 1, outcomes).await;
        assert_eq!(result.ok(), Some(5));
        assert_eq!(times.len(), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn zero_retries_means_one_attempt() {
        let policy = RetryPolicy {
            max_retries: 0,
            ..policy()
        };
        let (_, times) = script(&policy, true, 1, vec![Err((Class::Refused, None))]).await;
        assert_eq!(times.len(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn retry_after_is_waited_exactly() {
        let wait = Duration::from_secs(3);
        let outcomes = vec![Err((Class::Refused, Some(wait))), Ok(1)];
        let (result, times) = script(&policy(), false, 1, outcomes).await;
        assert_eq!(result.ok(), Some(1));
        assert_eq!(times, [Duration::ZERO, wait]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_retry_after_beyond_the_deadline_returns_at_once() {
        let policy = RetryPolicy {
            total_timeout: Duration::from_secs(30),
            ..policy()
        };
        let start = Instant::now();
        let outcomes = vec![Err((Class::Refused, Some(Duration::from_secs(31)))), Ok(1)];
        let (result, times) = script(&policy, false, 1, outcomes).await;
        assert!(result.is_err());
        assert_eq!(times.len(), 1);
        assert_eq!(
            start.elapsed(),
            Duration::ZERO,
            "no waiting for a hopeless retry"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn attempts_get_the_time_left_before_the_deadline() {
        let policy = RetryPolicy {
            total_timeout: Duration::from_secs(90),
            ..policy()
        };
        let timeouts = RefCell::new(Vec::new());
        let mut jitter = XorShift::new(1);
        let _ = run(&policy, true, &mut jitter, |timeout, _, number| {
            timeouts.borrow_mut().push(timeout);
            async move {
                if number == 1 {
                    // The first attempt uses up 50 s of the 90.
                    tokio::time::sleep(Duration::from_secs(50)).await;
                    Err(failure(Class::Refused, Some(Duration::from_secs(1))))
                } else {
                    Ok(())
                }
            }
        })
        .await;
        assert_eq!(
            timeouts.into_inner(),
            [Duration::from_secs(60), Duration::from_secs(39)]
        );
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let p = policy();
        let ceilings: Vec<_> = (0..8).map(|n| backoff_ceiling(&p, n)).collect();
        let ms = |n| Duration::from_millis(n);
        assert_eq!(
            ceilings,
            [
                ms(200),
                ms(400),
                ms(800),
                ms(1600),
                ms(3200),
                ms(6400),
                ms(10_000),
                ms(10_000)
            ]
        );
        assert_eq!(
            backoff_ceiling(&p, 200),
            Duration::from_secs(10),
            "no overflow"
        );
    }

    #[test]
    fn jitter_stays_in_range_and_spreads() {
        let mut jitter = XorShift::new(0);
        let ceiling = Duration::from_millis(1000);
        let draws: Vec<_> = (0..1000).map(|_| jitter.up_to(ceiling)).collect();
        assert!(draws.iter().all(|d| *d <= ceiling));
        // Full jitter: both halves of the range are used.
        assert!(draws.iter().any(|d| *d < ceiling / 4));
        assert!(draws.iter().any(|d| *d > ceiling * 3 / 4));
        assert_eq!(jitter.up_to(Duration::ZERO), Duration::ZERO);
        assert_ne!(XorShift::new(1).next_u64(), XorShift::new(2).next_u64());
    }

    #[test]
    fn retry_after_seconds() {
        let now = SystemTime::now();
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
        for bad in ["", "-1", "1.5", "soon", "12s"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
    }

    /// The wait until `date` from the Unix epoch: the date's own time, in seconds.
    fn since_epoch(date: &str) -> Option<u64> {
        parse_retry_after(date, UNIX_EPOCH).map(|wait| wait.as_secs())
    }

    #[test]
    fn retry_after_http_date() {
        // 1994-11-06T08:49:37Z, RFC 9110's own example.
        let example = UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(
            since_epoch("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        let now = example - Duration::from_secs(90);
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::from_secs(90))
        );
        // A date already past: retry now.
        let later = example + Duration::from_secs(5);
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", later),
            Some(Duration::ZERO)
        );
        // Leap days and the turn of a year.
        assert_eq!(
            since_epoch("Thu, 29 Feb 2024 00:00:00 GMT"),
            Some(1_709_164_800)
        );
        assert_eq!(
            since_epoch("Wed, 31 Dec 2025 23:59:59 GMT"),
            Some(1_767_225_599)
        );
        // The header's surrounding whitespace is not part of the value.
        assert_eq!(
            since_epoch(" Sun, 06 Nov 1994 08:49:37 GMT "),
            Some(784_111_777)
        );
    }

    #[test]
    fn retry_after_obsolete_http_date_forms() {
        // RFC 9110 5.6.7: recipients must accept both obsolete forms too.
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777 - 30);
        for date in ["Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"] {
            assert_eq!(
                parse_retry_after(date, now),
                Some(Duration::from_secs(30)),
                "{date:?}"
            );
            assert_eq!(since_epoch(date), Some(784_111_777), "{date:?}");
        }
        // RFC 850's two-digit years: 00 to 69 are 2000 to 2069.
        assert_eq!(
            since_epoch("Thursday, 29-Feb-24 00:00:00 GMT"),
            Some(1_709_164_800)
        );
        // asctime with a two-digit day.
        assert_eq!(since_epoch("Wed Dec 31 23:59:59 2025"), Some(1_767_225_599));
    }

    #[test]
    fn malformed_dates_are_ignored() {
        for bad in [
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Xyz, 06 Nov 1994 08:49:37 GMT",
            "Sun, 30 Feb 2024 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1969 08:49:37 GMT",
            "Sun, 0x Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37",
            "Sunday, 06-Nov-94 08:49:37 UTC",
            "Sunday, 06-Nov-1994 08:49:37 GMT",
            "Sun Nov 36 08:49:37 1994",
            "Sun Nov  6 08:49:37 94",
        ] {
            assert_eq!(parse_retry_after(bad, UNIX_EPOCH), None, "{bad:?}");
        }
    }
}
