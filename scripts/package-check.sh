#!/usr/bin/env bash
# meteroid-client as crates.io would serve it, built from its published files alone:
#   1. `cargo package` of every publishable workspace member (publish = false ones are left
#      out: `codegen/fixture-outputs` cannot build outside the repository) writes the .crate
#      files to target/package/ and verifies each: it builds each .crate, unpacked, against
#      the packaged versions of its siblings, as if they were already published.
#   2. The .crate files of meteroid-client and its four siblings are unpacked into an empty
#      directory, and a scratch crate depends on `meteroid-client` by version, as a user's
#      would, with `[patch.crates-io]` pointing each sibling at its unpacked package. It is
#      built and run with the client's default features (generation in build.rs), with
#      `full`, and without default features (the checked-in generated code, after its
#      fingerprint check). Each run prints the JSON of a patch built with a generated model.
#   3. The packaged client's `patch_customer` example runs from the unpacked package, with
#      the same patches, and must print the request it sent.
# A file the packaged build needs and `include` left out fails step 1, 2 or 3.
#
#   scripts/package-check.sh                 # uses $CARGO_TARGET_DIR (default target/)
#
# Lockfile: the scratch crate starts from the client package's own Cargo.lock, so it builds
# the dependency versions this repository tests (and reuses what earlier builds compiled).
# The uncommitted state of the tree is what is packaged (--allow-dirty), as every other CI
# step checks the tree as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target=${CARGO_TARGET_DIR:-$root/target}
case $target in /*) ;; *) target=$root/$target ;; esac
export CARGO_TARGET_DIR=$target

client=meteroid-client
siblings=(meteroid-runtime meteroid-runtime-derive meteroid-codegen meteroid-client-build)

# The workspace members without `publish = false` (cargo metadata: "publish": null).
mapfile -t publishable < <(cargo metadata --no-deps --format-version 1 | python3 -c '
import json, sys
for package in json.load(sys.stdin)["packages"]:
    if package["publish"] is None:
        print(package["name"])
')
for crate in "$client" "${siblings[@]}"; do
    if ! printf '%s\n' "${publishable[@]}" | grep -qx -- "$crate"; then
        echo "$crate is not a publishable workspace member" >&2
        exit 1
    fi
done
# Verification unpacks each sibling's .crate from a local registry (target/package/tmp-registry)
# into $CARGO_HOME/registry/src/-<hash>/<crate>-<version>/, reuses that directory if it exists,
# and treats what it built from there as registry code, which never changes: a second run at
# the same version would verify against the first run's sources and builds. So after an
# earlier run in this target dir, both go (`cargo clean -p` also removes the workspace's own
# builds of these crates; a fresh target dir, like CI's, has nothing to remove). Local
# registries' directories start with "-"; crates.io's do not, and are left alone.
if [ -d "$target/package/tmp-registry" ]; then
    echo "== an earlier run's verification builds: cargo clean ${publishable[*]}"
    for crate in "${publishable[@]}"; do
        id=$(cargo pkgid -p "$crate")
        rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/"$crate-${id##*@}"
    done
    cargo clean --quiet "${publishable[@]/#/--package=}"
fi
echo "== cargo package ${publishable[*]} (packages and verifies each crate)"
cargo package --allow-dirty --quiet "${publishable[@]/#/--package=}"
echo "   done at ${SECONDS} s"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/package-check.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/crates" "$scratch/consumer" "$scratch/consumer/src"

# unpack CRATE: extracts the .crate just written for CRATE's current version, prints its dir.
unpack() {
    local id version file
    id=$(cargo pkgid -p "$1")
    version=${id##*@}
    file=$target/package/$1-$version.crate
    if [ ! -f "$file" ]; then
        echo "no $file: was $1 packaged?" >&2
        exit 1
    fi
    tar -xzf "$file" -C "$scratch/crates"
    echo "$scratch/crates/$1-$version"
}

client_dir=$(unpack "$client")
client_version=${client_dir##*-}
patches="[patch.crates-io]"$'\n'
for crate in "${siblings[@]}"; do
    dir=$(unpack "$crate")
    patches+="$crate = { path = \"$dir\" }"$'\n'
done
# The siblings only: a config file for the runs inside the client's own package.
printf '%s' "$patches" >"$scratch/siblings.toml"

cat >"$scratch/consumer/Cargo.toml" <<EOF
[package]
name = "package-check"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
$client = { version = "=$client_version", default-features = false }
serde_json = "1"

[features]
default = ["generate"]
generate = ["$client/generate"]
full = ["$client/full"]

$patches$client = { path = "$client_dir" }
EOF
cp "$client_dir/Cargo.lock" "$scratch/consumer/Cargo.lock"
cat >"$scratch/consumer/src/main.rs" <<'EOF'
//! A user's crate: builds a client (its TLS setup included) and prints a generated model.
use meteroid_client::models::CustomerPatchRequest;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = meteroid_client::Client::new("demo-key")?;
    drop(client);
    let patch = CustomerPatchRequest::new().name("Acme Corp").clear_phone();
    println!("{}", serde_json::to_string(&patch)?);
    Ok(())
}
EOF

expected='{"name":"Acme Corp","phone":null}'
for features in "" "--features full" "--no-default-features" ; do
    echo "== the scratch crate, from the unpacked packages: cargo run ${features:-(default features)}"
    # shellcheck disable=SC2086 # $features is zero or more words
    out=$(cargo run -q --manifest-path "$scratch/consumer/Cargo.toml" $features)
    if [ "$out" != "$expected" ]; then
        echo "expected $expected, got: $out" >&2
        exit 1
    fi
    echo "   $out, done at ${SECONDS} s"
done

echo "== the packaged example: cargo run --example patch_customer --features testing"
# The example's `testing` feature came from a path dev-dependency on the client itself, which
# packaging drops; a user running the packaged example names the feature.
demo=$(cargo run -q --manifest-path "$client_dir/Cargo.toml" --config "$scratch/siblings.toml" \
    --example patch_customer --features testing)
for line in 'PATCH /api/v1/customers/acme' "$expected" '"name": "Acme Corp"'; do
    if ! grep -qF -- "$line" <<<"$demo"; then
        echo "the packaged patch_customer example did not print $line:" >&2
        echo "$demo" >&2
        exit 1
    fi
done
echo "   done at ${SECONDS} s"
echo "package check passed: $client $client_version and ${siblings[*]} build from their .crate files"
