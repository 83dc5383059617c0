#!/usr/bin/env bash
# Size of a stripped release binary that makes one `patch_customer` call, built from a clean
# target directory each:
#   ours       this crate (bundled spec), as a user's `main` would use it
#   ours-full  the same with the `full` feature (88 operations; the call is the same)
#   sdk        the official SDK, meteroid-rs =0.31.1 (needs crates.io), the same call
#   reqwest    the least a reqwest-based client does for that call: reqwest with the runtime's
#              features and TLS setup, a derived body and a derived three-field response, no
#              retries, deadlines or typed errors. The floor under any client on reqwest.
# Prints each size and its ratio to the SDK's and to the reqwest floor. All probes use tokio's
# current-thread runtime and the default features of their client.
#
#   scripts/binary-size.sh
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/binary-size.XXXXXX")
trap 'rm -rf "$work"' EXIT

# probe NAME DEPENDENCY-LINE MAIN-BODY: a binary crate with tokio and one dependency.
probe() {
    mkdir -p "$work/$1/src"
    printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2024"\n\n[dependencies]\n%b\ntokio = { version = "1", features = ["rt", "macros"] }\n\n[profile.release]\nstrip = true\n\n[workspace]\n' \
        "$1" "$2" >"$work/$1/Cargo.toml"
    printf '#[tokio::main(flavor = "current_thread")]\nasync fn main() {\n%s\n}\n' "$3" >"$work/$1/src/main.rs"
}

ours_main='    let client = meteroid_client::Client::from_env().expect("METEROID_API_KEY");
    let patch = meteroid_client::models::CustomerPatchRequest::new().name("Acme");
    println!("{:?}", client.patch_customer("acme", &patch).await);'
probe ours "meteroid-client = { path = \"$src\" }" "$ours_main"
probe ours-full "meteroid-client = { path = \"$src\", features = [\"full\"] }" "$ours_main"
probe sdk 'meteroid-rs = "=0.31.1"' '    let client = meteroid_rs::api::Meteroid::new(std::env::var("METEROID_API_KEY").expect("METEROID_API_KEY")).expect("client");
    let patch = meteroid_rs::models::CustomerPatchRequest::new().name("Acme");
    println!("{:?}", client.customers().update("acme", patch).await);'

# Versions and features as meteroid-runtime's own (runtime/Cargo.toml), so that the lock
# resolves the same crates.
reqwest_deps='reqwest = { version = "0.13", default-features = false, features = ["rustls-no-provider"] }
rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"] }
rustls-platform-verifier = "0.7"
serde = { version = "1", features = ["derive"] }
serde_json = "1"'
reqwest_main='    use rustls_platform_verifier::BuilderVerifierExt;
    #[derive(serde::Serialize)]
    struct Patch<'"'"'a> { name: &'"'"'a str }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Customer { id: String, name: String, alias: Option<String> }
    let key = std::env::var("METEROID_API_KEY").expect("METEROID_API_KEY");
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions().expect("versions")
        .with_platform_verifier().expect("verifier")
        .with_no_client_auth();
    let client = reqwest::Client::builder().tls_backend_preconfigured(tls).build().expect("client");
    let body = serde_json::to_vec(&Patch { name: "Acme" }).expect("body");
    let result = async {
        let response = client.patch("https://api.meteroid.com/api/v1/customers/acme")
            .bearer_auth(key).header("content-type", "application/json").body(body)
            .send().await?;
        let bytes = response.bytes().await?;
        Ok::<_, reqwest::Error>(serde_json::from_slice::<Customer>(&bytes).map_err(|e| e.to_string()))
    }.await;
    println!("{result:?}");'
probe reqwest "$reqwest_deps" "$reqwest_main"

declare -A size
for name in ours ours-full sdk reqwest; do
    cargo build -q --release --manifest-path "$work/$name/Cargo.toml" --target-dir "$work/target-$name"
    size[$name]=$(stat -c %s "$work/target-$name/release/$name")
    rm -rf "$work/target-$name/release/build" "$work/target-$name/release/deps"
done

printf '%-10s %12s %8s %10s   (stripped release binaries; %s)\n' binary bytes "/ sdk" "/ reqwest" "$(rustc -V)"
for name in ours ours-full sdk reqwest; do
    printf '%-10s %12d %8.3f %10.3f\n' "$name" "${size[$name]}" \
        "$(echo "${size[$name]} / ${size[sdk]}" | bc -l)" "$(echo "${size[$name]} / ${size[reqwest]}" | bc -l)"
done
