//! Generates the Pet Store client from `petstore.yaml` into `$OUT_DIR/petstore.rs`, which
//! `src/lib.rs` includes: every name, address and variable of the client comes from the spec
//! and from the settings here.

use meteroid_codegen::Generator;

fn main() {
    Generator::new()
        // `petstore_client::Petstore`, not `Client`.
        .client_name("Petstore")
        // The spec lists the sandbox first; the client talks to production unless told.
        .base_url("https://api.petstore.example/v1")
        // The `User-Agent` (without it: this crate's `petstore-client/<version>`).
        .user_agent(format!("petstore-rs/{}", env!("CARGO_PKG_VERSION")))
        // `Petstore::from_env()`.
        .env_vars("PETSTORE_API_KEY", "PETSTORE_BASE_URL")
        // `findPetsByStatus` lists every pet when no status is given.
        .rename_operation("findPetsByStatus", "list_pets")
        .rename_type("PetCreateRequest", "NewPet")
        // This crate's own `Price` (src/lib.rs) wherever the spec says `Price`.
        .replace("Price", "crate::Price")
        // Other crates make a `NewPet` with `NewPet::new(..)`, so that a property the next
        // version of the spec adds breaks none of their struct literals.
        .type_attribute("NewPet", "#[non_exhaustive]")
        .field_attribute("Pet.name", "#[doc(alias = \"title\")]")
        .build_script("petstore.yaml", "petstore.rs");
}
