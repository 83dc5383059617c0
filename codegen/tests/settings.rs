//! The generator's settings for a client of one's own API: the client's name, user agent and
//! environment variables, types replaced by the caller's, attributes added to types and fields,
//! types and operations renamed. Each is checked on a small spec by what it generates, by what
//! it warns about when it matches nothing, and by the error naming it when it is bad.
//! (`examples/petstore-client` compiles and calls a client made with all of them.)

use meteroid_codegen::{Generator, Output};

const SPEC: &str = r#"
openapi: 3.1.0
info: {title: Pets, version: '2'}
servers: [{url: 'https://pets.example/v1'}]
paths:
  /pets:
    get:
      operationId: findPetsByStatus
      parameters:
        - {name: page, in: query, schema: {type: integer, minimum: 0}}
        - {name: colour, in: query, schema: {$ref: '#/components/schemas/Colour'}}
      responses:
        '200':
          description: A page of pets
          content:
            application/json:
              schema: {$ref: '#/components/schemas/PetPage'}
        '400':
          description: Bad request
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
    post:
      operationId: createPet
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/PetCreateRequest'}
      responses:
        '201':
          description: Created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
  /pets/{pet_id}:
    get:
      operationId: getPet
      parameters:
        - {name: pet_id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: The pet
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Colour: {type: string, enum: [black, white]}
    Money:
      type: object
      required: [amount, currency]
      properties:
        amount: {type: string}
        currency: {type: string}
    Pet:
      type: object
      required: [id, name, fee, owner_name]
      properties:
        id: {type: string}
        name: {type: string}
        owner_name: {type: string}
        fee: {$ref: '#/components/schemas/Money'}
        tip: {$ref: '#/components/schemas/Money'}
        colour: {$ref: '#/components/schemas/Colour'}
    PetCreateRequest:
      type: object
      required: [name]
      properties:
        name: {type: string}
    PetPage:
      type: object
      required: [data, pagination_meta]
      properties:
        data: {type: array, items: {$ref: '#/components/schemas/Pet'}}
        pagination_meta: {$ref: '#/components/schemas/PageMeta'}
    PageMeta:
      type: object
      required: [total_pages]
      properties:
        total_pages: {type: integer, minimum: 0}
    Problem:
      type: object
      required: [code, message]
      properties:
        code: {type: string}
        message: {type: string}
"#;

fn generate(generator: Generator) -> Output {
    generator
        .generate_output(SPEC, "pets.yaml")
        .unwrap_or_else(|e| panic!("{e}"))
}

fn code(generator: Generator) -> String {
    let output = generate(generator);
    assert_eq!(output.warnings, Vec::<String>::new());
    output.code
}

fn error(generator: Generator) -> String {
    match generator.generate_output(SPEC, "pets.yaml") {
        Ok(_) => panic!("generated, but the setting should fail"),
        Err(e) => e.to_string(),
    }
}

/// `code` with every run of whitespace one space, to match items across line breaks.
fn flat(code: &str) -> String {
    code.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn contains(code: &str, part: &str) {
    assert!(
        flat(code).contains(&flat(part)),
        "the code does not contain\n{part}\n\n{code}"
    );
}

fn lacks(code: &str, part: &str) {
    assert!(
        !flat(code).contains(&flat(part)),
        "the code contains\n{part}\n\n{code}"
    );
}

#[test]
fn the_defaults_are_a_client_named_client_with_the_crates_user_agent_and_no_from_env() {
    let code = code(Generator::new());
    contains(
        &code,
        "#[client(error = Error, base_url = DEFAULT_BASE_URL)] pub struct Client(rt::Client);",
    );
    lacks(&code, "from_env");
    lacks(&code, "user_agent");
}

/// `SPEC` with these security schemes, the first required by the document.
fn secured(schemes: &str) -> String {
    let first = schemes
        .trim()
        .split(':')
        .next()
        .unwrap_or_default()
        .to_string();
    format!("{SPEC}  securitySchemes:\n{schemes}\nsecurity: [{{{first}: []}}]\n")
}

#[test]
fn from_env_puts_the_key_where_the_spec_sends_it_and_the_setters_build_the_named_client() {
    let generator = || {
        Generator::new()
            .client_name("Petstore")
            .env_vars("PETS_KEY", "PETS_URL")
    };
    let api_key = "    api_key: {type: apiKey, in: header, name: X-API-Key}";
    let output = generator()
        .generate_output(&secured(api_key), "pets.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.warnings, Vec::<String>::new());
    contains(
        &output.code,
        r#"Petstore::builder()
            .from_env_credential("api_key", "PETS_KEY", "PETS_URL")?
            .build()"#,
    );
    contains(
        &output.code,
        "(required, sent as the /// credential of the `api_key` scheme ([`Credentials::api_key_auth`]))",
    );
    contains(
        &output.code,
        "impl Credentials for rt::ClientBuilder<Petstore> {",
    );
    // A bearer scheme takes the bearer token, which meets every bearer scheme.
    let both = format!("    bearer: {{type: http, scheme: bearer}}\n{api_key}");
    let output = generator()
        .generate_output(&secured(&both), "pets.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    contains(
        &output.code,
        r#"Petstore::builder().from_env("PETS_KEY", "PETS_URL")?.build()"#,
    );
}

#[test]
fn the_client_takes_its_name_user_agent_and_environment_variables_from_the_settings() {
    let code = code(
        Generator::new()
            .client_name("Petstore")
            .user_agent("petstore-rs/2.0")
            .env_vars("PETS_KEY", "PETS_URL"),
    );
    contains(
        &code,
        r#"#[client(error = Error, base_url = DEFAULT_BASE_URL, user_agent = "petstore-rs/2.0")]
        pub struct Petstore(rt::Client);"#,
    );
    contains(&code, "impl Petstore { /// `GET /pets`");
    contains(
        &code,
        r#"pub fn from_env() -> Result<Petstore, Error> {
            Petstore::builder().from_env("PETS_KEY", "PETS_URL")?.build()
        }"#,
    );
    contains(
        &code,
        "/// A client from the environment: the API key from `PETS_KEY` (required) and the",
    );
    // Docs link the methods on the client by its name.
    contains(
        &code,
        "/// Used in the response of [`Petstore::create_pet`](super::Petstore::create_pet)",
    );
    contains(
        &code,
        "/// Every item of every page of [`Petstore::find_pets_by_status`]",
    );
    contains(
        &code,
        "rt::contract_calls! { client = Petstore; find_pets_by_status(query),",
    );
    lacks(&code, "Client::");
    lacks(&code, "struct Client");
}

#[test]
fn a_replaced_schema_is_an_alias_of_the_callers_type_with_a_check_of_what_it_needs() {
    let code = code(Generator::new().replace("Money", "crate::Money"));
    lacks(&code, "pub struct Money");
    contains(&code, "pub type Money = crate::Money;");
    // `fee` is a required property: the model derive asks the type what a missing one means.
    contains(
        &code,
        "fn the_type_replacing_money_needs<
            T: rt::__private::serde::Serialize + rt::__private::serde::de::DeserializeOwned
                + Clone + std::fmt::Debug + PartialEq + rt::FromAbsent,
        >() {}
        the_type_replacing_money_needs::<crate::Money>();",
    );
    contains(&code, "pub fee: Money,");
    contains(&code, "pub tip: Option<Money>,");
    contains(
        &code,
        "/// A compile error here means that `crate::Money`, which replaces the schema `Money`",
    );
}

#[test]
fn a_replaced_parameter_or_error_body_needs_its_traits_and_brings_its_own_error_body_impl() {
    let code = code(
        Generator::new()
            .replace("Colour", "crate::Colour")
            .replace("Problem", "crate::Problem"),
    );
    contains(
        &code,
        "+ PartialEq + rt::ParamValue, >() {} the_type_replacing_colour_needs::<crate::Colour>();",
    );
    contains(
        &code,
        "+ PartialEq + rt::ErrorBody, >() {} the_type_replacing_problem_needs::<crate::Problem>();",
    );
    lacks(&code, "impl rt::ErrorBody for");
    contains(&code, "pub struct ApiError(rt::ApiError<models::Problem>);");
    // The code type is the replacement's own.
    contains(
        &code,
        "pub fn code(&self) -> Option<&<models::Problem as rt::ErrorBody>::Code> {",
    );
}

#[test]
fn replacing_a_paged_response_drops_its_paging_methods_with_a_warning() {
    for schema in ["PetPage", "PageMeta"] {
        let output = generate(Generator::new().replace(schema, "crate::Page"));
        assert_eq!(
            output.warnings,
            [format!(
                "pets.yaml: #: `{schema}` is replaced by a type of yours, so \
                 `find_pets_by_status` has no `_pages` and `_items` methods (they read the \
                 generated model's fields)"
            )]
        );
        lacks(&output.code, "find_pets_by_status_pages");
        contains(&output.code, "pub async fn find_pets_by_status(");
    }
}

#[test]
fn attributes_go_on_one_type_on_every_type_or_on_one_field() {
    let code = code(
        Generator::new()
            .type_attribute("Pet", "#[non_exhaustive]")
            .type_attribute(".", "#[doc(alias = \"pets\")]")
            .field_attribute("Pet.owner_name", "#[doc(alias = \"keeper\")]")
            .field_attribute(
                "Pet.name",
                "#[doc(alias = \"title\")] #[doc(alias = \"label\")]",
            ),
    );
    contains(
        &code,
        r#"#[derive(Debug, Clone, PartialEq, rt::Model)]
        #[model(new(from = PetRequired))]
        #[non_exhaustive]
        #[doc(alias = "pets")]
        pub struct Pet {
            pub id: String,
            #[doc(alias = "title")]
            #[doc(alias = "label")]
            pub name: String,
            #[doc(alias = "keeper")]
            pub owner_name: String,
            pub fee: Money,"#,
    );
    // "." is every struct and enum: the options struct and the enum too.
    contains(
        &code,
        "#[model(rename_all = \"snake_case\")] #[doc(alias = \"pets\")] pub enum Colour {",
    );
    contains(
        &code,
        "rt::QueryOptions)] #[doc(alias = \"pets\")] pub struct FindPetsByStatusQuery {",
    );
    // ... and the `Required` struct; only the one type named gets its own.
    contains(
        &code,
        "#[derive(Debug, Clone, PartialEq)] #[doc(alias = \"pets\")] pub struct PetRequired {",
    );
    assert_eq!(
        code.matches("#[non_exhaustive]").count(),
        3,
        "Pet, the enum and the generated `Error`"
    );
}

#[test]
fn a_field_is_named_by_its_property_or_its_rust_name_and_a_required_struct_by_its_name() {
    let spec = SPEC
        .replace(
            "required: [id, name, fee, owner_name]",
            "required: [id, name, fee, owner_name, ownerName]",
        )
        .replace(
            "owner_name: {type: string}\n        fee",
            "owner_name: {type: string}\n        ownerName: {type: string}\n        fee",
        );
    let output = Generator::new()
        .field_attribute("Pet.ownerName", "#[doc(alias = \"wire\")]")
        .field_attribute("Pet.owner_name2", "#[doc(alias = \"rust\")]")
        .type_attribute("PetRequired", "#[doc(alias = \"required\")]")
        .generate_output(&spec, "pets.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    let code = output.code;
    contains(
        &code,
        r#"#[model(rename = "ownerName")] #[doc(alias = "wire")] #[doc(alias = "rust")] pub owner_name2: String,"#,
    );
    contains(
        &code,
        r#"#[derive(Debug, Clone, PartialEq)] #[doc(alias = "required")] pub struct PetRequired {"#,
    );
}

#[test]
fn a_renamed_type_is_renamed_everywhere_and_its_required_struct_follows() {
    let spec = SPEC.replace(
        "required: [id, name, fee, owner_name]",
        "required: [id, name, fee, owner_name, tip]",
    );
    let output = Generator::new()
        .rename_type("Pet", "Animal")
        .rename_type("PetCreateRequest", "NewPet")
        // Later settings name a type by its schema name or its new name.
        .type_attribute("Pet", "#[doc(alias = \"by-schema\")]")
        .type_attribute("NewPet", "#[doc(alias = \"by-rust-name\")]")
        .generate_output(&spec, "pets.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.warnings, Vec::<String>::new());
    let code = output.code;
    lacks(&code, "pub struct Pet {");
    lacks(&code, "PetCreateRequest");
    lacks(&code, "PetRequired");
    contains(
        &code,
        "#[model(new(from = AnimalRequired))] #[doc(alias = \"by-schema\")] pub struct Animal {",
    );
    contains(&code, "pub struct AnimalRequired {");
    contains(
        &code,
        "#[doc(alias = \"by-rust-name\")] pub struct NewPet {",
    );
    contains(&code, "pub data: Vec<Animal>,");
    contains(
        &code,
        "body: &models::NewPet, ) -> Result<models::Animal, Error>",
    );
    contains(&code, "rt::pagination::Paged<'a, models::Animal, Error>");
}

#[test]
fn a_renamed_operation_takes_its_options_struct_and_paging_methods_along() {
    let code = code(
        Generator::new()
            .rename_operation("findPetsByStatus", "list_pets")
            .rename_operation("get_pet", "pet"),
    );
    lacks(&code, "find_pets_by_status");
    lacks(&code, "FindPetsByStatus");
    contains(
        &code,
        "pub async fn list_pets( &self, query: &models::ListPetsQuery, )",
    );
    contains(&code, "pub fn list_pets_pages<'a>(");
    contains(&code, "pub fn list_pets_items<'a>(");
    contains(&code, "pub async fn pet(&self, pet_id: &str)");
    contains(&code, "list_pets(query), create_pet(ref), pet(str),");
    contains(&code, "id: \"findPetsByStatus\",");
}

#[test]
fn a_setting_that_matches_nothing_is_skipped_with_a_warning() {
    let output = generate(
        Generator::new()
            .replace("Nothing", "crate::Nothing")
            .rename_type("Absent", "Present")
            .rename_operation("noSuchOperation", "x")
            .type_attribute("Gone", "#[non_exhaustive]")
            .field_attribute("Pet.wings", "#[doc(hidden)]")
            .field_attribute("Colour.black", "#[doc(hidden)]")
            .field_attribute("Pet", "#[doc(hidden)]"),
    );
    assert_eq!(
        output.warnings,
        [
            r##"pets.yaml: #: Generator::rename_operation("noSuchOperation", "x"): this spec has no operation `noSuchOperation`; the setting was skipped"##,
            r##"pets.yaml: #: Generator::rename_type("Absent", "Present"): this spec has no schema or type `Absent`; the setting was skipped"##,
            r##"pets.yaml: #: Generator::replace("Nothing", "crate::Nothing"): this spec has no schema or type `Nothing`; the setting was skipped"##,
            r##"pets.yaml: #: Generator::type_attribute("Gone", "#[non_exhaustive]"): this spec has no schema or type `Gone`; the setting was skipped"##,
            r##"pets.yaml: #: Generator::field_attribute("Pet.wings", "#[doc(hidden)]"): `Pet` has no property `wings`; the setting was skipped"##,
            r##"pets.yaml: #: Generator::field_attribute("Colour.black", "#[doc(hidden)]"): `Colour` is not a struct; the setting was skipped"##,
            r##"pets.yaml: #: Generator::field_attribute("Pet", "#[doc(hidden)]"): `Pet` names no field (write `<schema>.<property>`, such as `Pet.name`); the setting was skipped"##,
        ]
    );
    assert_eq!(output.code, code(Generator::new()));
}

#[test]
fn a_bad_setting_fails_generation_naming_the_setting() {
    let cases: Vec<(Generator, &str)> = vec![
        (
            Generator::new().type_attribute("Pet", "#[derive(Hash"),
            r##"pets.yaml: #: Generator::type_attribute("Pet", "#[derive(Hash"): not an attribute (`#[...]`): "##,
        ),
        (
            Generator::new().field_attribute("Pet.name", "serde(skip)"),
            r##"pets.yaml: #: Generator::field_attribute("Pet.name", "serde(skip)"): not an attribute (`#[...]`): "##,
        ),
        (
            Generator::new().replace("Money", "&'static str"),
            r##"pets.yaml: #: Generator::replace("Money", "&'static str"): `&'static str` is not the path of a type (`crate::Money`)"##,
        ),
        (
            Generator::new().replace("Money", "Money"),
            r##"pets.yaml: #: Generator::replace("Money", "Money"): inside `mod models` the path `Money` names the generated alias itself; write the type's full path (`crate::Money`)"##,
        ),
        (
            Generator::new().rename_type("Pet", "animal"),
            r##"pets.yaml: #: Generator::rename_type("Pet", "animal"): `animal` is not an UpperCamelCase type name"##,
        ),
        (
            Generator::new().rename_type("Pet", "Money"),
            r##"pets.yaml: #: Generator::rename_type("Pet", "Money"): the type name `Money` is taken by #/components/schemas/Money"##,
        ),
        (
            Generator::new().rename_operation("getPet", "GetPet"),
            r##"pets.yaml: #: Generator::rename_operation("getPet", "GetPet"): `GetPet` is not a snake_case method name"##,
        ),
        (
            Generator::new().rename_operation("getPet", "create_pet"),
            r##"pets.yaml: #: Generator::rename_operation("getPet", "create_pet"): the method `create_pet` is taken by the operation `createPet`"##,
        ),
        (
            Generator::new().rename_operation("createPet", "find_pets_by_status_items"),
            r##"pets.yaml: #: Generator::rename_operation("createPet", "find_pets_by_status_items"): the method `find_pets_by_status_items` is taken by the operation `findPetsByStatus`"##,
        ),
        (
            Generator::new().rename_operation("getPet", "with_timeout"),
            r##"pets.yaml: #: Generator::rename_operation("getPet", "with_timeout"): the client has a method `with_timeout` of its own"##,
        ),
        (
            Generator::new().client_name("ApiError"),
            r##"pets.yaml: #: Generator::client_name("ApiError"): `ApiError` is the name of the generated error type beside the client"##,
        ),
        (
            Generator::new().client_name("Credentials"),
            r##"pets.yaml: #: Generator::client_name("Credentials"): `Credentials` is the name of the generated trait of credential setters beside the client"##,
        ),
        (
            Generator::new().user_agent("pets\n/1"),
            r##"pets.yaml: #: Generator::user_agent("pets\n/1"): the user agent contains '\n', which a header value cannot hold"##,
        ),
        (
            Generator::new().env_vars("PETS_KEY", "PETS-URL"),
            r##"pets.yaml: #: Generator::env_vars("PETS_KEY", "PETS-URL"): `PETS-URL` is not an environment variable name"##,
        ),
        (
            Generator::new().client_name("client").user_agent(""),
            r##"pets.yaml: #: Generator::client_name("client"): `client` is not an UpperCamelCase type name (`Animal`, `PetStore`) (and 1 more refused setting)"##,
        ),
    ];
    for (generator, expected) in cases {
        let shown = error(generator);
        assert!(
            shown.starts_with(expected),
            "{shown}\n\ndoes not start with\n\n{expected}"
        );
        assert!(!shown.contains('\n'), "{shown}");
    }
}
