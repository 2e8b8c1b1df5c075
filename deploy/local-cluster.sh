#!/usr/bin/env bash
# Three `llama-alumni serve-http` replicas behind nginx on 127.0.0.1, signed interactions through
# nginx with `alumni-bench http-load`, and one replica killed (SIGKILL) in the middle of the run.
# Passes when no request failed: nginx retries what the dead replica dropped on another one.
#
#   deploy/local-cluster.sh                 # 6,000 requests, 64 in flight
#   REQUESTS=20000 CONCURRENCY=128 deploy/local-cluster.sh
#
# nginx is Debian's package (installed with apt-get when missing), run in the foreground with its
# own config, pid, logs and temp files under a temporary directory; nothing of the system's nginx
# is used. Open-source nginx has no active health checks (that is NGINX Plus): it learns that a
# replica is gone from the requests that fail (`max_fails`/`fail_timeout`), and
# `proxy_next_upstream ... non_idempotent` sends those requests, POSTs included, to the next
# replica. Interactions are reads, so answering one twice is harmless.
#
# Everything started here is stopped on exit, and the temporary directory removed (KEEP_TMP=1
# keeps it, with the replicas' and nginx's logs).
set -euo pipefail
cd "$(dirname "$0")/.."

REQUESTS=${REQUESTS:-6000}
CONCURRENCY=${CONCURRENCY:-64}
KEY_SEED=${KEY_SEED:-42}
# nginx listens on PORT_BASE, the replicas on the three ports after it.
PORT_BASE=${PORT_BASE:-18080}
# How long a replica may take to answer /readyz 200 after it starts.
READY_SECONDS=20
BIN=$PWD/target/release/llama-alumni
BENCH=$PWD/target/release/alumni-bench

echo "== building" >&2
cargo build --release
cargo build --release --features bench-tools --bin alumni-bench

if ! command -v nginx >/dev/null; then
    echo "== installing nginx (Debian package)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
fi
NGINX=$(command -v nginx)

TMP=$(mktemp -d -t llama-alumni-cluster.XXXXXX)
# nginx's workers drop root privileges and must still reach their temp directories here.
chmod 755 "$TMP"
PIDS=()
LOAD_PID=""

cleanup() {
    local status=$?
    if [[ -n "$LOAD_PID" ]]; then kill "$LOAD_PID" 2>/dev/null || true; fi
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [[ "${KEEP_TMP:-0}" == 1 ]]; then
        echo "kept $TMP" >&2
    else
        rm -rf "$TMP"
    fi
    exit "$status"
}
trap cleanup EXIT INT TERM

PUBLIC_KEY=$("$BENCH" public-key --key-seed "$KEY_SEED")
PORTS=($((PORT_BASE + 1)) $((PORT_BASE + 2)) $((PORT_BASE + 3)))
REPLICA_PIDS=()

# A clean environment and the temp directory as working directory: no developer's .env, and no
# DISCORD_TOKEN, so no replica registers commands (in production one `llama-alumni register` does).
for i in 0 1 2; do
    (cd "$TMP" && exec env -i PATH="$PATH" DISCORD_PUBLIC_KEY="$PUBLIC_KEY" \
        LISTEN_ADDR="127.0.0.1:${PORTS[$i]}" RUST_LOG=warn \
        "$BIN" serve-http >"$TMP/replica-$((i + 1)).log" 2>&1) &
    REPLICA_PIDS+=($!)
    PIDS+=($!)
done

wait_ready() {
    local url=$1 deadline=$((SECONDS + READY_SECONDS))
    until curl -sf -o /dev/null "$url"; do
        if ((SECONDS >= deadline)); then
            echo "$url never answered 200" >&2
            return 1
        fi
        sleep 0.05
    done
}

for port in "${PORTS[@]}"; do wait_ready "http://127.0.0.1:$port/readyz"; done

mkdir -p "$TMP/nginx"
cat >"$TMP/nginx/nginx.conf" <<EOF
# One worker: this is a 2-core machine shared with three replicas and the load generator.
worker_processes 1;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $TMP/nginx/client_body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;

    upstream alumni {
        # Failure counts shared by every worker.
        zone alumni 64k;
        # Passive health checks: one failed request takes a replica out for 5 s, then one
        # request tries it again.
        server 127.0.0.1:${PORTS[0]} max_fails=1 fail_timeout=5s;
        server 127.0.0.1:${PORTS[1]} max_fails=1 fail_timeout=5s;
        server 127.0.0.1:${PORTS[2]} max_fails=1 fail_timeout=5s;
        # Idle keep-alive connections to the replicas kept open.
        keepalive 64;
    }

    server {
        listen 127.0.0.1:$PORT_BASE;
        location / {
            proxy_pass http://alumni;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            # A request a replica dropped, refused or answered 502/503 goes to the next one,
            # POSTs too (interactions are reads).
            proxy_next_upstream error timeout http_502 http_503 non_idempotent;
            proxy_next_upstream_tries 3;
            proxy_connect_timeout 1s;
            # Discord waits 3 s for a response.
            proxy_read_timeout 3s;
        }
        location = /healthz {
            return 200 "ok\n";
        }
    }
}
EOF
"$NGINX" -p "$TMP/nginx" -e "$TMP/nginx/error.log" -c "$TMP/nginx/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
wait_ready "http://127.0.0.1:$PORT_BASE/healthz"

# Interactions a replica has answered, from its /metrics (0 when it does not answer).
answered() {
    local metrics
    metrics=$(curl -sf "http://127.0.0.1:$1/metrics" 2>/dev/null || true)
    awk '/^llama_alumni_interactions_total/ { n += $NF } END { printf "%d\n", n }' <<<"$metrics"
}

echo "== $REQUESTS interactions through nginx (127.0.0.1:$PORT_BASE), $CONCURRENCY in flight" >&2
"$BENCH" http-load --url "http://127.0.0.1:$PORT_BASE/interactions" --key-seed "$KEY_SEED" \
    --requests "$REQUESTS" --concurrency "$CONCURRENCY" >"$TMP/summary.json" &
LOAD_PID=$!

# Replica 2 is killed once it has answered half of its third: mid-run, whatever the speed.
VICTIM_PORT=${PORTS[1]}
THRESHOLD=$((REQUESTS / 6))
until (($(answered "$VICTIM_PORT") >= THRESHOLD)); do
    if ! kill -0 "$LOAD_PID" 2>/dev/null; then
        echo "the load ended before replica 2 answered $THRESHOLD interactions" >&2
        exit 1
    fi
    sleep 0.01
done
VICTIM_ANSWERED=$(answered "$VICTIM_PORT")
kill -KILL "${REPLICA_PIDS[1]}"
# Reaped here, quietly: the shell would otherwise report the kill as a job notice.
wait "${REPLICA_PIDS[1]}" 2>/dev/null || true
echo "== killed replica 2 (SIGKILL) after it answered $VICTIM_ANSWERED interactions" >&2
if ! kill -0 "$LOAD_PID" 2>/dev/null; then
    echo "the load had already ended: the kill was not in the middle of it" >&2
    exit 1
fi

LOAD_STATUS=0
wait "$LOAD_PID" || LOAD_STATUS=$?
LOAD_PID=""
cat "$TMP/summary.json"
echo "answered by replica 1: $(answered "${PORTS[0]}"), replica 2 (killed): about $VICTIM_ANSWERED, replica 3: $(answered "${PORTS[2]}")"
# nginx logs one line per request it had to take away from the dead replica.
RETRIED=$(grep -c "\[error\].*upstream" "$TMP/nginx/error.log" || true)
echo "nginx: $RETRIED requests moved off the killed replica (its error.log)"
FAILED=$(grep -o '"failed": [0-9]*' "$TMP/summary.json" | grep -o '[0-9]*$')
if [[ "$LOAD_STATUS" != 0 || "$FAILED" != 0 ]]; then
    echo "FAILED: $FAILED requests failed" >&2
    exit 1
fi
echo "PASSED: every interaction answered while a replica was killed"
