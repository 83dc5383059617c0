//! `Petstore::from_env()` reads the variables `build.rs` named (`PETSTORE_API_KEY`,
//! `PETSTORE_BASE_URL`). One test in a binary of its own: it sets the process's environment,
//! which no other thread may read meanwhile.

use petstore_client::Petstore;
use petstore_client::models::PetId;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Requests without the header `name`.
fn header_exists_not(name: &'static str) -> impl wiremock::Match {
    move |request: &wiremock::Request| !request.headers.contains_key(name)
}

#[tokio::test]
async fn from_env_reads_the_pet_stores_variables() {
    // SAFETY (for `set_var`/`remove_var`): the only test of this binary, run before anything
    // else reads the environment; the mock server's threads do not read it.
    unsafe { std::env::remove_var("PETSTORE_API_KEY") };
    let missing = Petstore::from_env().expect_err("no key");
    assert!(
        missing.to_string().contains("PETSTORE_API_KEY is not set"),
        "{missing}"
    );

    let server = MockServer::start().await;
    // The key from the environment goes where the spec's `api_key` scheme says, and nowhere
    // else.
    Mock::given(method("DELETE"))
        .and(path("/pets/pet_1"))
        .and(header("x-api-key", "psk_env_1"))
        .and(header_exists_not("authorization"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    unsafe {
        std::env::set_var("PETSTORE_API_KEY", "psk_env_1");
        std::env::set_var("PETSTORE_BASE_URL", server.uri());
    }
    let store = Petstore::from_env().expect("the key and the address from the environment");
    store
        .delete_pet(&PetId::from("pet_1"))
        .await
        .expect("sent to PETSTORE_BASE_URL with the key");
}
