#!/usr/bin/env bash
# Size of a stripped release binary that makes one `patch_customer` call, built from a clean
# target directory each:
#   ours       this crate (bundled spec), as a user's `main` would use it
#   ours-full  the same with the `full` feature (88 operations; the call is the same)
#   sdk        the official SDK, meteroid-rs =0.31.1 (needs crates.io), the same call
# Prints each size and its ratio to the SDK's. Both probes use tokio's current-thread runtime
# and the default features of their client.
#
#   scripts/binary-size.sh
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/binary-size.XXXXXX")
trap 'rm -rf "$work"' EXIT

# probe NAME DEPENDENCY-LINE MAIN-BODY: a binary crate with tokio and one dependency.
probe() {
    mkdir -p "$work/$1/src"
    printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2024"\n\n[dependencies]\n%s\ntokio = { version = "1", features = ["rt", "macros"] }\n\n[profile.release]\nstrip = true\n\n[workspace]\n' \
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

declare -A size
for name in ours ours-full sdk; do
    cargo build -q --release --manifest-path "$work/$name/Cargo.toml" --target-dir "$work/target-$name"
    size[$name]=$(stat -c %s "$work/target-$name/release/$name")
    rm -rf "$work/target-$name/release/build" "$work/target-$name/release/deps"
done

printf '%-10s %12s %8s   (stripped release binaries; %s)\n' binary bytes "/ sdk" "$(rustc -V)"
for name in ours ours-full sdk; do
    printf '%-10s %12d %8.2f\n' "$name" "${size[$name]}" "$(echo "${size[$name]} / ${size[sdk]}" | bc -l)"
done
