#!/usr/bin/env bash
# Load benchmark of the API on a large dataset, next to what PostgreSQL
# itself spends on the same requests, so the API's own overhead is visible.
#
#   bench/run.sh                  # 600k accusations + 400k responses, 5,000 actors
#   ACCUSATIONS=60000 RESPONSES=40000 bench/run.sh   # a quick run
#
# 1. a scratch PostgreSQL (torn down at the end), migrated by `riposte migrate`
#    and filled by bench/fill.sql;
# 2. `riposte serve` on it, and oha (installed with cargo if missing) against
#    one actor's timeline page, the relations matrix and actor look-up;
# 3. the same requests again, one at a time, with PostgreSQL logging every
#    statement's duration and auto_explain logging each plan with its actual
#    times (EXPLAIN ANALYZE of exactly the queries the API runs): the sum per
#    request is the SQL's own time, and the plans land in bench/out/plans.log.
set -euo pipefail
cd "$(dirname "$0")/.."

ACCUSATIONS=${ACCUSATIONS:-600000}
RESPONSES=${RESPONSES:-400000}
DURATION=${DURATION:-15s}
CONCURRENCY=${CONCURRENCY:-8}
PROFILE=${BENCH_PROFILE:-release}
PORT=${BENCH_PORT:-18080}
out=bench/out
mkdir -p "$out"

command -v oha >/dev/null || cargo install oha --locked
if [ "$PROFILE" = release ]; then cargo build --release; bin=target/release/riposte
else cargo build; bin=target/debug/riposte; fi

pgbin=${RIPOSTE_PG_BIN:-$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")}
dir=$(mktemp -d /tmp/riposte-bench-XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; as_pg=(runuser -u postgres --); fi
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    "${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT

"${as_pg[@]}" "$pgbin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale --no-sync >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-c listen_addresses= -k $dir \
    -c shared_buffers=256MB -c shared_preload_libraries=auto_explain \
    -c auto_explain.log_min_duration=-1 -c auto_explain.log_analyze=on -c auto_explain.log_timing=on \
    -c log_line_prefix=" start >/dev/null
psql=("$pgbin/psql" -h "$dir" -U postgres -v ON_ERROR_STOP=1 -q)
"${psql[@]}" -d postgres -c 'create database riposte'
export DATABASE_URL="postgres://postgres@localhost/riposte?host=$dir"
"$bin" migrate
echo "== filling: $ACCUSATIONS accusations, $RESPONSES responses"
time "${psql[@]}" -d riposte -v accusations="$ACCUSATIONS" -v responses="$RESPONSES" -f bench/fill.sql
KEY=$("$bin" keys create --name bench --role reader 2>/dev/null)
ANALYST=$("$bin" keys create --name bench-analyst --role analyst 2>/dev/null)

RIPOSTE_LOG=warn "$bin" serve --listen "127.0.0.1:$PORT" & server_pid=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.2; done

base="http://127.0.0.1:$PORT/api/v1"
app="http://127.0.0.1:$PORT/app"
id_of() { curl -fs -H "Authorization: Bearer $KEY" "$base/actors?q=$1" | jq -r '.items[0].id'; }
russia=$(id_of Russia)
uk=$(id_of 'United%20Kingdom')
# The web app's pages are read with an analyst's session (the review queue needs one).
SESSION=$(curl -fs -o /dev/null -D - --data-urlencode "key=$ANALYST" "$app/sign-in" \
    | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\);.*/\1/p')
declare -A endpoints=(
    [timeline_russia]="$base/timeline?actor=Russia&from=2015-01-01&limit=50"
    [timeline_pair]="$base/timeline?a=Russia&b=United%20Kingdom&limit=50"
    [relations]="$base/relations"
    [relations_russia]="$base/relations?accuser=Russia"
    [actor_lookup]="$base/actors?q=kremlin"
    [series_russia]="$base/series?actor=Russia&interval=month"
    [page_home]="$app?q=kremlin"
    [page_actor]="$app/actors/$russia"
    [page_pair]="$app/pair?a=$russia&b=$uk"
    [page_relations]="$app/relations"
    [page_review]="$app/review"
)

report=$out/report.md
{
    echo "# riposte load benchmark"
    echo
    echo "$(date -u +%F): $ACCUSATIONS accusations, $RESPONSES responses, 5000 actors; $PROFILE build;"
    echo "oha for $DURATION per endpoint: latency with 1 connection (no queueing), throughput"
    echo "with $CONCURRENCY; $(nproc) cores."
    echo
    echo "| endpoint | req/s ($CONCURRENCY conn.) | p50 ms | p99 ms | SQL ms per request (PostgreSQL's own) | API overhead at p50 | bytes |"
    echo "|---|---|---|---|---|---|---|"
} > "$report"
: > "$out/plans.log"

for name in timeline_russia timeline_pair relations relations_russia actor_lookup series_russia \
    page_home page_actor page_pair page_relations page_review; do
    url=${endpoints[$name]}
    # the API with the reader's key, the pages with the analyst's session
    if [[ $name == page_* ]]; then auth=(-H "Cookie: $SESSION"); else auth=(-H "Authorization: Bearer $KEY"); fi
    bytes=$(curl -fs "${auth[@]}" "$url" | wc -c)  # warm up, and the response's size
    oha --no-tui -z "$DURATION" -c 1 "${auth[@]}" --output-format json "$url" > "$out/$name.latency.json"
    oha --no-tui -z "$DURATION" -c "$CONCURRENCY" "${auth[@]}" --output-format json "$url" > "$out/$name.json"
    rps=$(jq -r '.summary.requestsPerSec // 0' "$out/$name.json")
    p50=$(jq -r '(.latencyPercentiles.p50 // 0) * 1000' "$out/$name.latency.json")
    p99=$(jq -r '(.latencyPercentiles.p99 // 0) * 1000' "$out/$name.latency.json")

    # The SQL's own time: every statement's duration, for 5 sequential requests.
    n=5
    before=$(wc -l < "$dir/log")
    "${psql[@]}" -d postgres -c "alter system set log_min_duration_statement = 0" \
        -c "alter system set auto_explain.log_min_duration = 0" -c "select pg_reload_conf()" >/dev/null
    sleep 0.5
    for _ in $(seq 1 $n); do curl -fs "${auth[@]}" "$url" >/dev/null; done
    "${psql[@]}" -d postgres -c "alter system reset log_min_duration_statement" \
        -c "alter system reset auto_explain.log_min_duration" -c "select pg_reload_conf()" >/dev/null
    sleep 0.5
    tail -n +"$((before + 1))" "$dir/log" > "$out/$name.sql.log"
    sql=$(grep -E '^LOG:  duration: [0-9.]+ ms  (statement|parse|bind|execute)' "$out/$name.sql.log" \
        | awk -v n=$n '{s += $3} END {printf "%.2f", s / n}')
    { echo "### $name: $url"; grep -A200 'plan:' "$out/$name.sql.log" | head -400 || true; } >> "$out/plans.log"
    overhead=$(awk -v p="$p50" -v s="$sql" 'BEGIN { if (s > 0) printf "%.0f%%", (p - s) / s * 100; else print "-" }')
    printf '| %s | %.0f | %.1f | %.1f | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "$sql" "$overhead" "$bytes" >> "$report"
done

echo >> "$report"
echo "Plans with actual times (auto_explain = EXPLAIN ANALYZE of the API's own queries): bench/out/plans.log" >> "$report"
cat "$report"
