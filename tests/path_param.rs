//! A path parameter always arrives as exactly one segment that decodes back to the value,
//! whatever the value: checked by property against a real local server.

use meteroid_client::Client;
use meteroid_client::models::CustomerPatchRequest;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Decodes `%XX` escapes; `None` for a malformed escape or a byte that should have been
/// escaped (anything outside RFC 3986's unreserved set).
fn percent_decode(segment: &str) -> Option<Vec<u8>> {
    let bytes = segment.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b if b.is_ascii_alphanumeric() || b"-._~".contains(&b) => {
                out.push(b);
                i += 1;
            }
            _ => return None,
        }
    }
    Some(out)
}

/// Arbitrary strings, plus strings built from the pieces most likely to escape a segment.
fn ids() -> impl Strategy<Value = String> {
    let tricky = prop::collection::vec(
        prop_oneof![
            Just("/".to_string()),
            Just("?".to_string()),
            Just("#".to_string()),
            Just("%".to_string()),
            Just("%2F".to_string()),
            Just("..".to_string()),
            Just(".".to_string()),
            Just(" ".to_string()),
            Just("é".to_string()),
            Just("😀".to_string()),
            Just("\\".to_string()),
            Just("+".to_string()),
            any::<char>().prop_map(String::from),
        ],
        1..8,
    )
    .prop_map(|pieces| pieces.concat());
    prop_oneof![any::<String>(), tricky].prop_filter("refused before sending", |id| {
        !matches!(id.as_str(), "" | "." | "..")
    })
}

#[test]
fn any_id_arrives_as_one_segment_that_decodes_back_to_it() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("PATCH"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "id": "cus_1", "name": "Acme", "currency": "EUR", "invoicing_emails": [],
                "invoicing_entity_id": "ive_1", "custom_taxes": []
            })))
            .mount(&server)
            .await;
        server
    });
    let client = Client::builder()
        .base_url(format!("{}/gw/", server.uri()))
        .bearer_token("key")
        .build()
        .unwrap();
    let mut runner = TestRunner::new(Config {
        cases: 256,
        ..Config::default()
    });
    runner
        .run(&ids(), |id| {
            runtime.block_on(async {
                client
                    .patch_customer(&id, &CustomerPatchRequest::new())
                    .await
                    .map_err(|e| TestCaseError::fail(format!("{id:?}: {e}")))?;
                let seen = server.received_requests().await.unwrap();
                let path = seen.last().unwrap().url.path().to_string();
                let segment = path
                    .strip_prefix("/gw/api/v1/customers/")
                    .ok_or_else(|| TestCaseError::fail(format!("{id:?} moved the path: {path}")))?;
                prop_assert!(!segment.contains('/'), "{id:?} split into {path}");
                prop_assert_eq!(percent_decode(segment), Some(id.clone().into_bytes()));
                Ok(())
            })
        })
        .unwrap();
}
