#!/usr/bin/env bash
# The README's "Generality" table (operations and schemas each spec's client covers), then a
# clippy-clean compile of the client generated from each public spec. The bundled specs'
# clients are linted by .ci/run's own clippy runs.
#
# The public specs are other projects' files, not part of this repository: they are read from
# METEROID_CORPUS_DIR (default ../shared/specs/public beside the repository). Without them the
# script says so and covers the bundled specs only; under CI=true that is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=${METEROID_CORPUS_DIR:-../shared/specs/public}
PUBLIC=(lago-openapi.yaml svix-lib-openapi.json resend.yaml readme-train-travel.json redocly-museum.yaml)
specs=(spec/openapi.yaml spec/full/openapi.json)
public=()
if [ -f "$CORPUS/${PUBLIC[0]}" ]; then
    for name in "${PUBLIC[@]}"; do
        public+=("$(cd "$CORPUS" && pwd)/$name")
    done
elif [ "${CI:-}" = true ]; then
    echo "the public corpus is not at $CORPUS (set METEROID_CORPUS_DIR)" >&2
    exit 1
else
    echo "skipped the public corpus: not at $CORPUS (set METEROID_CORPUS_DIR)" >&2
fi

cargo run -q -p meteroid-codegen --example corpus -- "${specs[@]}" "${public[@]}"

# One target directory for all of them: only the client crate rebuilds per spec.
export CARGO_TARGET_DIR=${CORPUS_TARGET_DIR:-target/corpus}
for spec in "${public[@]}"; do
    echo "clippy -D warnings, client generated from $(basename "$spec")"
    start=$SECONDS
    log=$(mktemp)
    if ! METEROID_OPENAPI_SPEC="$spec" cargo clippy -q -p meteroid-client --features generate --lib -- -D warnings >"$log" 2>&1; then
        cat "$log" >&2
        echo "the client generated from $spec does not compile clippy-clean" >&2
        exit 1
    fi
    # The build script's own warnings (cargo:warning) are the table's "warnings" column.
    grep -v '^warning: meteroid-client@' "$log" || true
    rm -f "$log"
    echo "  ok in $((SECONDS - start)) s"
done
