//! Verifying webhook deliveries signed as Standard Webhooks prescribes (what Svix, and so
//! Meteroid, sends), and signing them for tests.
//!
//! A delivery carries three headers, `webhook-id`, `webhook-timestamp` (Unix seconds) and
//! `webhook-signature` (or the same with the `svix-` prefix). The signature header lists one or
//! more space-separated `v1,<base64>` values, each an HMAC-SHA256 of `{id}.{timestamp}.{body}`
//! under the key that is the base64 decoding of the secret after its `whsec_` prefix; during a
//! key rotation several are sent and any one that matches is enough.
//!
//! ```
//! use meteroid_runtime::webhooks::Webhook;
//! use std::time::{Duration, UNIX_EPOCH};
//!
//! let webhook = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
//! let body = br#"{"test": 2432232314}"#;
//! let signature = webhook.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body);
//! assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
//!
//! let mut headers = meteroid_runtime::HeaderMap::new();
//! headers.insert("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek".parse().unwrap());
//! headers.insert("webhook-timestamp", "1614265330".parse().unwrap());
//! headers.insert("webhook-signature", signature.parse().unwrap());
//! let then = UNIX_EPOCH + Duration::from_secs(1614265330);
//! assert!(webhook.verify_at(&headers, body, then).is_ok());
//! assert!(webhook.verify_at(&headers, b"{\"test\": 1}", then).is_err());
//! ```

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use reqwest::header::HeaderMap;
use ring::hmac;
use serde::de::DeserializeOwned;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How far a delivery's timestamp may be from now, either way, by default: 5 minutes.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// Why a delivery was refused. None of them says which part of a signature differed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// The secret is not `whsec_` followed by base64 (or plain base64).
    InvalidSecret,
    /// A header is missing (under both the `webhook-` and the `svix-` name) or not text.
    MissingHeader(&'static str),
    /// `webhook-timestamp` is not a whole number of seconds.
    InvalidTimestamp,
    /// The timestamp is further in the past than the tolerance: a replay, or a delivery held
    /// too long.
    TooOld,
    /// The timestamp is further in the future than the tolerance.
    TooNew,
    /// No `v1` signature in the header matches the body under this secret.
    NoMatchingSignature,
    /// The signature matched, but the body is not the JSON event expected.
    InvalidPayload(String),
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::InvalidSecret => {
                f.write_str("the webhook secret is not valid base64 (`whsec_...`)")
            }
            WebhookError::MissingHeader(name) => write!(f, "the `{name}` header is missing"),
            WebhookError::InvalidTimestamp => {
                f.write_str("the webhook timestamp is not a number of seconds")
            }
            WebhookError::TooOld => f.write_str("the webhook timestamp is too old"),
            WebhookError::TooNew => f.write_str("the webhook timestamp is too far in the future"),
            WebhookError::NoMatchingSignature => f.write_str("no webhook signature matches"),
            WebhookError::InvalidPayload(why) => {
                write!(f, "the webhook payload does not decode: {why}")
            }
        }
    }
}

impl std::error::Error for WebhookError {}

/// A webhook endpoint's secret, ready to verify deliveries (the module docs show it in use).
#[derive(Clone)]
pub struct Webhook {
    key: hmac::Key,
    tolerance: Duration,
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the key.
        f.debug_struct("Webhook")
            .field("tolerance", &self.tolerance)
            .finish_non_exhaustive()
    }
}

impl Webhook {
    /// From the endpoint's secret as the dashboard shows it (`whsec_<base64>`; the prefix is
    /// optional).
    pub fn new(secret: &str) -> Result<Self, WebhookError> {
        let encoded = secret
            .trim()
            .strip_prefix("whsec_")
            .unwrap_or(secret.trim());
        let key = STANDARD
            .decode(encoded)
            .map_err(|_| WebhookError::InvalidSecret)?;
        if key.is_empty() {
            return Err(WebhookError::InvalidSecret);
        }
        Ok(Webhook::from_key(&key))
    }

    /// From the raw key bytes.
    pub fn from_key(key: &[u8]) -> Self {
        Webhook {
            key: hmac::Key::new(hmac::HMAC_SHA256, key),
            tolerance: DEFAULT_TOLERANCE,
        }
    }

    /// How far from now a delivery's timestamp may be ([`DEFAULT_TOLERANCE`] unless set).
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Checks a delivery: its headers (either name set) and its body, exactly as received
    /// (before any JSON parsing), against the clock now.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
        self.verify_at(headers, body, SystemTime::now())
    }

    /// [`Webhook::verify`] against a given time.
    pub fn verify_at(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), WebhookError> {
        let id = header(headers, "id")?;
        let timestamp = header(headers, "timestamp")?;
        let signatures = header(headers, "signature")?;
        self.verify_parts(id, timestamp, signatures, body, now)
    }

    /// The check itself, for servers whose header type is not `http::HeaderMap`: the three
    /// header values as received.
    pub fn verify_parts(
        &self,
        id: &str,
        timestamp: &str,
        signatures: &str,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), WebhookError> {
        let seconds: i64 = timestamp
            .trim()
            .parse()
            .map_err(|_| WebhookError::InvalidTimestamp)?;
        let now = match now.duration_since(UNIX_EPOCH) {
            Ok(since) => i128::from(since.as_secs()),
            Err(before) => -i128::from(before.duration().as_secs()),
        };
        let tolerance = i128::from(self.tolerance.as_secs());
        let skew = now - i128::from(seconds);
        if skew > tolerance {
            return Err(WebhookError::TooOld);
        }
        if -skew > tolerance {
            return Err(WebhookError::TooNew);
        }
        let signed = signed_content(id, timestamp.trim(), body);
        let matches = signatures.split_whitespace().any(|entry| {
            let Some(("v1", encoded)) = entry.split_once(',') else {
                return false;
            };
            let Ok(tag) = STANDARD.decode(encoded) else {
                return false;
            };
            // Constant time: how much of a forged tag matched never shows.
            hmac::verify(&self.key, &signed, &tag).is_ok()
        });
        if matches {
            Ok(())
        } else {
            Err(WebhookError::NoMatchingSignature)
        }
    }

    /// Verifies a delivery, then decodes its body as `T` (a generated `WebhookEvent`, which
    /// keeps an event type it does not know as raw JSON).
    pub fn decode<T: DeserializeOwned>(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<T, WebhookError> {
        self.verify(headers, body)?;
        serde_json::from_slice(body).map_err(|e| WebhookError::InvalidPayload(e.to_string()))
    }

    /// The `webhook-signature` value for a delivery (`v1,<base64>`), for tests and for
    /// sending deliveries of your own.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let tag = hmac::sign(&self.key, &signed_content(id, &timestamp.to_string(), body));
        format!("v1,{}", STANDARD.encode(tag.as_ref()))
    }

    /// The three headers of a delivery signed now (`webhook-id`, `webhook-timestamp`,
    /// `webhook-signature`), for tests.
    pub fn sign_headers(&self, id: &str, body: &[u8]) -> HeaderMap {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("webhook-id", id.to_string()),
            ("webhook-timestamp", now.to_string()),
            ("webhook-signature", self.sign(id, now, body)),
        ] {
            if let Ok(value) = value.parse() {
                headers.insert(name, value);
            }
        }
        headers
    }
}

fn signed_content(id: &str, timestamp: &str, body: &[u8]) -> Vec<u8> {
    let mut content = Vec::with_capacity(id.len() + timestamp.len() + body.len() + 2);
    content.extend_from_slice(id.as_bytes());
    content.push(b'.');
    content.extend_from_slice(timestamp.as_bytes());
    content.push(b'.');
    content.extend_from_slice(body);
    content
}

/// `webhook-<name>`, else `svix-<name>`.
fn header<'h>(headers: &'h HeaderMap, name: &'static str) -> Result<&'h str, WebhookError> {
    let missing = match name {
        "id" => "webhook-id",
        "timestamp" => "webhook-timestamp",
        _ => "webhook-signature",
    };
    headers
        .get(missing)
        .or_else(|| headers.get(format!("svix-{name}").as_str()))
        .and_then(|value| value.to_str().ok())
        .ok_or(WebhookError::MissingHeader(missing))
}

#[cfg(test)]
mod tests {
    use super::*;

    // The Standard Webhooks reference vector (also Svix's documented example).
    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const TIMESTAMP: i64 = 1614265330;
    const BODY: &[u8] = br#"{"test": 2432232314}"#;
    const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    fn at(seconds: i64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).unwrap())
    }

    fn headers(prefix: &str, id: &str, timestamp: &str, signature: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            reqwest::header::HeaderName::from_bytes(format!("{prefix}-id").as_bytes()).unwrap(),
            id.parse().unwrap(),
        );
        headers.insert(
            reqwest::header::HeaderName::from_bytes(format!("{prefix}-timestamp").as_bytes())
                .unwrap(),
            timestamp.parse().unwrap(),
        );
        headers.insert(
            reqwest::header::HeaderName::from_bytes(format!("{prefix}-signature").as_bytes())
                .unwrap(),
            signature.parse().unwrap(),
        );
        headers
    }

    #[test]
    fn the_reference_vector_signs_and_verifies_under_both_header_names() {
        let webhook = Webhook::new(SECRET).unwrap();
        assert_eq!(webhook.sign(ID, TIMESTAMP, BODY), SIGNATURE);
        for prefix in ["webhook", "svix"] {
            let h = headers(prefix, ID, &TIMESTAMP.to_string(), SIGNATURE);
            assert_eq!(
                webhook.verify_at(&h, BODY, at(TIMESTAMP)),
                Ok(()),
                "{prefix}"
            );
        }
        // The secret without its prefix is the same key.
        let bare = Webhook::new(SECRET.trim_start_matches("whsec_")).unwrap();
        assert_eq!(bare.sign(ID, TIMESTAMP, BODY), SIGNATURE);
    }

    #[test]
    fn tampering_is_refused() {
        let webhook = Webhook::new(SECRET).unwrap();
        let ts = TIMESTAMP.to_string();
        let now = at(TIMESTAMP);
        let refuse = |h: &HeaderMap, body: &[u8]| webhook.verify_at(h, body, now);
        // The body, the id, the timestamp (re-signed elsewhere) changed.
        let h = headers("webhook", ID, &ts, SIGNATURE);
        assert_eq!(
            refuse(&h, br#"{"test": 2432232315}"#),
            Err(WebhookError::NoMatchingSignature)
        );
        assert_eq!(
            refuse(&h, br#"{"test":2432232314}"#),
            Err(WebhookError::NoMatchingSignature)
        );
        let h = headers("webhook", "msg_other", &ts, SIGNATURE);
        assert_eq!(refuse(&h, BODY), Err(WebhookError::NoMatchingSignature));
        let h = headers("webhook", ID, &(TIMESTAMP + 1).to_string(), SIGNATURE);
        assert_eq!(refuse(&h, BODY), Err(WebhookError::NoMatchingSignature));
        // A wrong key.
        let other = Webhook::from_key(b"another key entirely");
        let h = headers("webhook", ID, &ts, SIGNATURE);
        assert_eq!(
            other.verify_at(&h, BODY, now),
            Err(WebhookError::NoMatchingSignature)
        );
        // A signature of another scheme version, a truncated one, garbage.
        for bad in [
            "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE",
            "v1,g0hM9SsE",
            "v1,",
            "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            "v1,!!!!",
        ] {
            let h = headers("webhook", ID, &ts, bad);
            assert_eq!(
                refuse(&h, BODY),
                Err(WebhookError::NoMatchingSignature),
                "{bad}"
            );
        }
    }

    #[test]
    fn any_signature_of_a_rotation_is_enough() {
        let webhook = Webhook::new(SECRET).unwrap();
        let old = Webhook::from_key(b"the previous key").sign(ID, TIMESTAMP, BODY);
        for list in [
            format!("{old} {SIGNATURE}"),
            format!("{SIGNATURE} {old}"),
            format!("v1,AAAA  {SIGNATURE}"),
        ] {
            let h = headers("webhook", ID, &TIMESTAMP.to_string(), &list);
            assert_eq!(webhook.verify_at(&h, BODY, at(TIMESTAMP)), Ok(()), "{list}");
        }
    }

    #[test]
    fn stale_and_future_timestamps_are_refused_at_the_tolerance() {
        let webhook = Webhook::new(SECRET).unwrap();
        let h = headers("webhook", ID, &TIMESTAMP.to_string(), SIGNATURE);
        let five_min = 5 * 60;
        assert_eq!(
            webhook.verify_at(&h, BODY, at(TIMESTAMP + five_min)),
            Ok(())
        );
        assert_eq!(
            webhook.verify_at(&h, BODY, at(TIMESTAMP - five_min)),
            Ok(())
        );
        assert_eq!(
            webhook.verify_at(&h, BODY, at(TIMESTAMP + five_min + 1)),
            Err(WebhookError::TooOld)
        );
        assert_eq!(
            webhook.verify_at(&h, BODY, at(TIMESTAMP - five_min - 1)),
            Err(WebhookError::TooNew)
        );
        let strict = Webhook::new(SECRET)
            .unwrap()
            .tolerance(Duration::from_secs(10));
        assert_eq!(
            strict.verify_at(&h, BODY, at(TIMESTAMP + 11)),
            Err(WebhookError::TooOld)
        );
    }

    #[test]
    fn malformed_headers_and_secrets_are_named() {
        let webhook = Webhook::new(SECRET).unwrap();
        let now = at(TIMESTAMP);
        let mut h = headers("webhook", ID, &TIMESTAMP.to_string(), SIGNATURE);
        h.remove("webhook-signature");
        assert_eq!(
            webhook.verify_at(&h, BODY, now),
            Err(WebhookError::MissingHeader("webhook-signature"))
        );
        let h = headers("webhook", ID, "yesterday", SIGNATURE);
        assert_eq!(
            webhook.verify_at(&h, BODY, now),
            Err(WebhookError::InvalidTimestamp)
        );
        assert_eq!(
            webhook.verify_at(&HeaderMap::new(), BODY, now),
            Err(WebhookError::MissingHeader("webhook-id"))
        );
        assert_eq!(
            Webhook::new("whsec_***").err(),
            Some(WebhookError::InvalidSecret)
        );
        assert_eq!(
            Webhook::new("whsec_").err(),
            Some(WebhookError::InvalidSecret)
        );
        assert!(!format!("{webhook:?}").contains("MfKQ"));
    }

    #[test]
    fn signed_headers_verify_now_and_decode() {
        let webhook = Webhook::new(SECRET).unwrap();
        let body = br#"{"id":"evt_1","type":"customer.created"}"#;
        let h = webhook.sign_headers("msg_1", body);
        let event: serde_json::Value = webhook.decode(&h, body).unwrap();
        assert_eq!(event["type"], "customer.created");
        let not_json = b"not json";
        let h = webhook.sign_headers("msg_2", not_json);
        assert!(matches!(
            webhook.decode::<serde_json::Value>(&h, not_json),
            Err(WebhookError::InvalidPayload(_))
        ));
    }
}
