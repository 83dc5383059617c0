//! Path and header parameters that are no single scalar go out as OpenAPI's `style: simple`
//! says: the shape table's generated clients against a local server that records the raw
//! path and headers of every request.

use meteroid_codegen_fixture_outputs::shapes::{header, path};
use std::collections::BTreeMap;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

/// The last request's path as it went on the wire (still percent-encoded) and its `value`
/// header.
async fn last(server: &MockServer) -> (String, Option<String>) {
    let requests = server.received_requests().await.expect("recording on");
    let request = requests.last().expect("a request");
    let value = request
        .headers
        .get("value")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    (request.url.path().to_string(), value)
}

fn map() -> BTreeMap<String, i64> {
    BTreeMap::from([("a".to_string(), 1), ("b c".to_string(), 2)])
}

#[tokio::test]
async fn path_arrays_join_with_commas_and_objects_are_key_value_lists() {
    let server = server().await;
    let client = path::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("valid");
    client
        .array_of_scalars_required(&["A1".into(), "x,y/z".into()])
        .await
        .expect("204");
    // The commas between values stay; one inside a value is encoded, as is `/`.
    assert_eq!(
        last(&server).await.0,
        "/array_of_scalars_required/A1,x%2Cy%2Fz"
    );

    client.map_required(&map()).await.expect("204");
    assert_eq!(last(&server).await.0, "/map_required/a,1,b%20c,2");

    client
        .named_object_required(&path::models::Named::new("n-1").label("x=y"))
        .await
        .expect("204");
    assert_eq!(
        last(&server).await.0,
        "/named_object_required/id,n-1,label,x%3Dy"
    );

    // Nothing to put in the segment: refused before anything is sent.
    let before = server
        .received_requests()
        .await
        .expect("recording on")
        .len();
    let error = client
        .array_of_scalars_required(&[])
        .await
        .expect_err("an empty segment");
    assert!(matches!(error, path::Error::InvalidRequest(_)), "{error:?}");
    let after = server
        .received_requests()
        .await
        .expect("recording on")
        .len();
    assert_eq!(before, after, "nothing sent");
}

#[tokio::test]
async fn header_arrays_join_with_commas_and_objects_are_key_value_lists() {
    let server = server().await;
    let client = header::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("valid");

    client
        .array_of_scalars_required(&["a".into(), "b".into()])
        .await
        .expect("204");
    assert_eq!(last(&server).await.1.as_deref(), Some("a,b"));

    client.map_required(&map()).await.expect("204");
    assert_eq!(last(&server).await.1.as_deref(), Some("a,1,b c,2"));

    // An empty object is no header at all.
    client.map_required(&BTreeMap::new()).await.expect("204");
    assert_eq!(last(&server).await.1, None);
}
