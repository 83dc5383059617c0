//! The Pet Store client on the wire, against an in-process mock server: its requests (path,
//! query, body, user agent, the API key header), its models (the discriminated `Species`, the
//! open `PetStatus`, the crate's own `Price`), paging, error bodies, and that nothing in the
//! client says Meteroid.

use futures_util::StreamExt;
use petstore_client::models::{
    Dog, DogRequired, ListPetsQuery, NewPet, Pet, PetId, PetStatus, Species,
};
use petstore_client::{Credentials as _, DEFAULT_BASE_URL, Error, Petstore, Price};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "psk_test_1";

/// A client of `server`, sending the API key as the spec's `api_key` scheme says: in the
/// `X-API-Key` header (the scheme's setter, from the generated `Credentials`).
fn store(server: &MockServer) -> Petstore {
    Petstore::builder()
        .base_url(server.uri())
        .api_key_auth(KEY)
        .build()
        .expect("a valid client")
}

fn rex() -> Value {
    json!({
        "id": "pet_1",
        "name": "Rex",
        "status": "available",
        "species": {"kind": "dog", "breed": "beagle", "good_with_children": true},
        "adoption_fee": {"amount": "120.00", "currency": "EUR"},
        "born_on": "2021-04-01"
    })
}

fn tom() -> Value {
    json!({
        "id": "pet_2",
        "name": "Tom",
        "status": "on_hold",
        "species": {"kind": "cat", "indoor": true},
        "adoption_fee": {"amount": "80.50", "currency": "EUR"}
    })
}

fn page(pets: Vec<Value>, page: u32, total_pages: u32) -> Value {
    json!({
        "data": pets,
        "pagination_meta": {"page": page, "per_page": 2, "total_pages": total_pages}
    })
}

#[tokio::test]
async fn a_listed_page_decodes_unions_open_enums_and_the_crates_own_price() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .and(query_param("status", "available"))
        .and(query_param("per_page", "2"))
        .and(query_param_is_missing("page"))
        .and(header("X-API-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(vec![rex(), tom()], 0, 1)))
        .expect(1)
        .mount(&server)
        .await;

    let query = ListPetsQuery::new()
        .status(PetStatus::Available)
        .per_page(2);
    let pets = store(&server).list_pets(&query).await.expect("a page");

    let [rex, tom] = pets.data.as_slice() else {
        panic!("two pets: {pets:?}")
    };
    assert_eq!(rex.id, PetId::from("pet_1"));
    assert_eq!(rex.status, PetStatus::Available);
    let Species::Dog(dog) = &rex.species else {
        panic!("a dog: {:?}", rex.species)
    };
    assert_eq!(
        (dog.breed.as_str(), dog.good_with_children),
        ("beagle", Some(true))
    );
    assert_eq!(rex.adoption_fee, Price::new("120.00", "EUR"));
    assert_eq!(rex.adoption_fee.to_string(), "120.00 EUR");
    assert_eq!(rex.born_on.as_ref().map(|d| d.as_str()), Some("2021-04-01"));
    // A status added to the API after this client was generated is kept, not an error.
    assert_eq!(tom.status.as_str(), "on_hold");
    assert!(matches!(tom.status, PetStatus::Unknown(_)));
    assert!(matches!(&tom.species, Species::Cat(cat) if cat.indoor));
    assert_eq!(pets.pagination_meta.total_pages, 1);
}

#[tokio::test]
async fn items_come_from_every_page_in_order() {
    let server = MockServer::start().await;
    for (number, pets) in [(0, vec![rex(), tom()]), (1, vec![rex()])] {
        Mock::given(method("GET"))
            .and(path("/pets"))
            .and(query_param("page", number.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(pets, number, 2)))
            .expect(1)
            .mount(&server)
            .await;
    }
    let store = store(&server);
    let names: Vec<String> = store
        .list_pets_items(&ListPetsQuery::new())
        .map(|pet| pet.map(|pet: Pet| pet.name))
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("every page");
    assert_eq!(names, ["Rex", "Tom", "Rex"]);
}

#[tokio::test]
async fn a_new_pet_is_sent_as_the_spec_describes_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pets"))
        .and(body_json(json!({
            "name": "Rex",
            "species": {"kind": "dog", "breed": "beagle"},
            "status": "available",
            "adoption_fee": {"amount": "120.00", "currency": "EUR"}
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(rex()))
        .expect(1)
        .mount(&server)
        .await;

    let dog = Dog::new(DogRequired {
        kind: "dog".into(),
        breed: "beagle".into(),
    });
    let new_pet = NewPet::new("Rex", Species::Dog(Box::new(dog)))
        .status(PetStatus::Available)
        .adoption_fee(Price::new("120.00", "EUR"));
    let created = store(&server).create_pet(&new_pet).await.expect("created");
    assert_eq!(created.name, "Rex");
}

#[tokio::test]
async fn an_error_response_decodes_as_the_apis_error_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets/pet_404"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"code": "not_found", "message": "no pet pet_404"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/pets/pet_1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let store = store(&server);
    match store.get_pet(&PetId::from("pet_404")).await {
        Err(Error::Api(api)) => {
            assert_eq!(api.status, 404);
            assert_eq!(api.code(), Some("not_found"));
            assert_eq!(api.message(), Some("no pet pet_404"));
        }
        other => panic!("an API error: {other:?}"),
    }
    store
        .delete_pet(&PetId::from("pet_1"))
        .await
        .expect("deleted");
}

/// Every line of the generated file that mentions Meteroid: the header naming the generator
/// and the import of its runtime, both private. Nothing public (a type, a method, a
/// constant, a doc), no address, user agent or variable does.
#[test]
fn the_generated_client_names_nothing_of_meteroid() {
    let code = include_str!(concat!(env!("OUT_DIR"), "/petstore.rs"));
    let mentions: Vec<&str> = code
        .lines()
        .filter(|line| line.to_ascii_lowercase().contains("meteroid"))
        .collect();
    assert_eq!(
        mentions,
        [
            "// @generated by meteroid-codegen from petstore.yaml (Pet Store 1.0.0). Do not edit by hand:",
            "use meteroid_runtime as rt;",
            "    use meteroid_runtime as rt;",
        ]
    );
    assert_eq!(DEFAULT_BASE_URL, "https://api.petstore.example/v1");
    // The names the settings gave: the client, from_env's variables, the renamed items.
    for part in [
        "pub struct Petstore(rt::Client);",
        r#"from_env_credential("api_key", "PETSTORE_API_KEY", "PETSTORE_BASE_URL")"#,
        r#"user_agent = "petstore-rs/0.1.0""#,
        "pub async fn list_pets(",
        "pub struct NewPet {",
        "pub type Price = crate::Price;",
        "#[doc(alias = \"title\")]\n        pub name: String,",
        "#[non_exhaustive]\n    pub struct NewPet {",
    ] {
        assert!(code.contains(part), "the generated code lacks {part:?}");
    }
}

#[tokio::test]
async fn requests_carry_the_pet_stores_user_agent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets/pet_1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(rex()))
        .mount(&server)
        .await;
    store(&server)
        .get_pet(&PetId::from("pet_1"))
        .await
        .expect("the pet");
    let requests: Vec<Request> = server.received_requests().await.expect("recorded");
    let user_agent = requests[0]
        .headers
        .get("user-agent")
        .and_then(|v| v.to_str().ok());
    assert_eq!(user_agent, Some("petstore-rs/0.1.0"));
}
