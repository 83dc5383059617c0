//! Every type in a public signature of `meteroid_client` can be named from `meteroid_client`:
//! a user returns a pager from a function, keeps a metadata slot in a struct and verifies a
//! webhook without depending on `meteroid_runtime`, `http` or `reqwest`. (A path that stops
//! resolving fails to compile.)

#![cfg(feature = "full")]

use meteroid_client::models::{Customer, ErrorCode, ListCustomersQuery};
use meteroid_client::webhooks::Webhook;
use meteroid_client::{
    ApiError, Client, ClientBuilder, Error, HeaderMap, MetadataSlot, Paged, ResponseMeta, Stream,
};

/// A pager returned from a function, as a service's own API would.
fn every_customer<'a>(client: &'a Client, query: &'a ListCustomersQuery) -> Paged<'a, Customer> {
    client.list_customers_items(query)
}

/// A slot kept in a struct beside the client it records for.
struct Recorded {
    client: Client,
    slot: MetadataSlot,
}

fn assert_stream<S: Stream>(_: &S) {}

#[test]
fn the_names_a_user_needs_resolve_from_the_crate() {
    let builder: ClientBuilder = Client::builder().bearer_token("k");
    let client = builder.build().expect("builds");
    let query = ListCustomersQuery::new().per_page(50);
    let pager = every_customer(&client, &query);
    assert_stream(&pager);
    let recorded = Recorded {
        client: client.clone(),
        slot: MetadataSlot::new(),
    };
    let _: Client = recorded.client.with_metadata(&recorded.slot);
    let meta: Option<ResponseMeta> = recorded.slot.get();
    assert!(meta.is_none(), "nothing was called");
    let webhook = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").expect("a secret");
    let refused = webhook.verify(&HeaderMap::new(), b"{}");
    assert!(refused.is_err(), "no signature headers");
    let _: Option<&ApiError> = None;
    let _: Option<Error> = None;
}

/// The error types are the crate's own: an enum to match on, and an `ApiError` whose `code()`
/// is Meteroid's `ErrorCode` (and whose fields are the runtime's, through `Deref`).
#[allow(dead_code, reason = "compiles the signatures; never called")]
fn errors_read_as_a_user_writes_them(error: &Error) -> Option<(u16, Option<&ErrorCode>)> {
    match error {
        Error::Api(api) => {
            let api: &ApiError = api;
            Some((api.status, api.code()))
        }
        Error::TooLarge { status, .. } => Some((*status, None)),
        _ => None,
    }
}
