#!/usr/bin/env bash
# Every operation of each spec's generated client against Stoplight Prism serving that spec
# (tests/prism_operations.rs, expectations in tests/prism_operations.txt): the bundled and the
# full Meteroid spec, and the five public specs of the generality corpus.
#
#   scripts/prism-operations.sh [name...]    # e.g. `svix lago`; all of them without names
#
# The public specs are read from METEROID_CORPUS_DIR (default ../shared/specs/public beside the
# repository); without them only the Meteroid specs run, and under CI=true that is a failure.
# Prism must be installed (.ci/run does it):
#   npm install --prefix .tools/prism --save-exact --no-audit --no-fund @stoplight/prism-cli@5.14.2
# The specs go through a pipeline: while one spec's client is called (Prism's work, one core),
# the next spec's client builds and its Prism starts. Each test binary is copied out of the
# target directory, so that it runs while cargo builds the next. Every report line is appended
# to PRISM_SUMMARY when set.
set -euo pipefail
cd "$(dirname "$0")/.."

PRISM=${PRISM:-.tools/prism/node_modules/.bin/prism}
if [ ! -x "$PRISM" ]; then
    echo "Prism is not at $PRISM; install it with:" >&2
    echo "  npm install --prefix .tools/prism --save-exact --no-audit --no-fund @stoplight/prism-cli@5.14.2" >&2
    exit 1
fi

CORPUS=${METEROID_CORPUS_DIR:-../shared/specs/public}
# name|spec the client is generated from (empty: the build's own)|spec Prism serves|features
# The full spec's Prism reads the pinned copy (its unions name their tag, so that Prism's faker
# emits it; see spec/full/README.md); the client is generated from the original.
runs=(
    "meteroid||spec/openapi.yaml|contract-samples"
    "meteroid-full||spec/full/openapi.pinned.json|full,contract-samples"
)
if [ -f "$CORPUS/lago-openapi.yaml" ]; then
    corpus=$(cd "$CORPUS" && pwd)
    for entry in lago:lago-openapi.yaml svix:svix-lib-openapi.json resend:resend.yaml \
        train-travel:readme-train-travel.json museum:redocly-museum.yaml; do
        file="$corpus/${entry#*:}"
        runs+=("${entry%%:*}|$file|$file|contract-samples")
    done
elif [ "${CI:-}" = true ]; then
    echo "the public corpus is not at $CORPUS (set METEROID_CORPUS_DIR)" >&2
    exit 1
else
    echo "skipped the public specs: not at $CORPUS (set METEROID_CORPUS_DIR)" >&2
fi
if [ $# -gt 0 ]; then
    wanted=()
    for run in "${runs[@]}"; do
        for name in "$@"; do
            if [ "${run%%|*}" = "$name" ]; then
                wanted+=("$run")
            fi
        done
    done
    runs=("${wanted[@]}")
fi

# Seven clients built once each: incremental compilation would only add its caches (about
# 250 MB per build of the big clients) and time.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}
mkdir -p .tools/prism-operations
PRISM_PIDS=()
trap 'for pid in "${PRISM_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT

# start_prism SPEC PORT: Prism validating requests against SPEC on 127.0.0.1:PORT, in the
# background (its pid last in PRISM_PIDS).
start_prism() {
    "$PRISM" mock -h 127.0.0.1 -p "$2" "$1" >".tools/prism-operations/prism-$2.log" 2>&1 &
    PRISM_PIDS+=("$!")
}

# wait_prism PORT PID: until that Prism listens (up to 60 s; it reads Lago's spec in about
# 15 s), else fails with its log.
wait_prism() {
    local port=$1 pid=$2
    for _ in $(seq 1 120); do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "Prism on port $port exited early:"
            cat ".tools/prism-operations/prism-$port.log"
            return 1
        fi
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 0
        fi
        sleep 0.5
    done
    echo "Prism did not listen on 127.0.0.1:$port within 60 s:"
    cat ".tools/prism-operations/prism-$port.log"
    return 1
}

# build NAME CLIENT_SPEC FEATURES: builds the test with that spec's client and copies the test
# binary to .tools/prism-operations/NAME; cargo's output (the generator's warnings) goes to
# NAME.build.log, shown when the build fails.
build() {
    local name=$1 client_spec=$2 features=$3 env_spec=() executable
    local log=".tools/prism-operations/$name.build.log"
    if [ -n "$client_spec" ]; then
        env_spec=(METEROID_OPENAPI_SPEC="$client_spec")
    fi
    if ! executable=$(env "${env_spec[@]}" cargo test --features "$features" \
        --test prism_operations --no-run --message-format=json-render-diagnostics 2>"$log" |
        python3 -c 'import json, sys
for line in sys.stdin:
    message = json.loads(line)
    if message.get("reason") == "compiler-artifact" and message.get("executable") \
            and message["target"]["name"] == "prism_operations":
        print(message["executable"])'); then
        cat "$log" >&2
        echo "the prism_operations test with the client of $name did not build" >&2
        exit 1
    fi
    if [ -z "$executable" ]; then
        echo "cargo named no prism_operations test binary for $name" >&2
        exit 1
    fi
    cp "$executable" ".tools/prism-operations/$name"
}

# call NAME PORT PRISM_PID: runs the copied test against that Prism, then stops it and deletes
# the copy; the output goes to .tools/prism-operations/NAME.log, the time to NAME.time.
call() {
    local name=$1 port=$2 pid=$3 start=$SECONDS status=0
    {
        wait_prism "$port" "$pid" &&
            PRISM_OPERATIONS_URL="http://127.0.0.1:$port" PRISM_OPERATIONS_SPEC="$name" \
                ".tools/prism-operations/$name" --nocapture --quiet
    } >".tools/prism-operations/$name.log" 2>&1 || status=$?
    kill "$pid" 2>/dev/null || true
    # A debug test binary is 100-200 MB.
    rm -f ".tools/prism-operations/$name"
    echo $((SECONDS - start)) >".tools/prism-operations/$name.time"
    return $status
}

base_port=4020
started=$SECONDS
start_prism "$(cut -d'|' -f3 <<<"${runs[0]}")" "$base_port"
calls=()
statuses=()
for i in "${!runs[@]}"; do
    IFS='|' read -r name client_spec _ features <<<"${runs[$i]}"
    start=$SECONDS
    build "$name" "$client_spec" "$features"
    echo "$name: built in $((SECONDS - start)) s"
    # One spec is called at a time: wait for the one before, then start the next one's Prism.
    if [ $i -gt 0 ]; then
        statuses[i - 1]=0
        wait "${calls[$((i - 1))]}" || statuses[i - 1]=$?
    fi
    call "$name" $((base_port + i)) "${PRISM_PIDS[$i]}" &
    calls+=("$!")
    if [ $((i + 1)) -lt ${#runs[@]} ]; then
        start_prism "$(cut -d'|' -f3 <<<"${runs[$((i + 1))]}")" $((base_port + i + 1))
    fi
done

last=$((${#runs[@]} - 1))
statuses[last]=0
wait "${calls[$last]}" || statuses[last]=$?
failed=()
for i in "${!runs[@]}"; do
    name=${runs[$i]%%|*}
    grep -v '^running 1 test$\|^\.*$\|^$\|^test result' ".tools/prism-operations/$name.log" || true
    echo "$name: called in $(cat ".tools/prism-operations/$name.time") s"
    if [ "${statuses[$i]}" -ne 0 ]; then
        failed+=("$name")
    fi
done
echo "all specs in $((SECONDS - started)) s"
if [ ${#failed[@]} -gt 0 ]; then
    echo "failed: ${failed[*]}" >&2
    exit 1
fi
