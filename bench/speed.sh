#!/usr/bin/env bash
# Issue 12's benchmark (not a timed test): from a survey export to the goal table, against an analyst's DuckDB and
# the psql \copy floor, in one run on one machine. On a fresh embedded database of its own it publishes the
# deployable build (self-contained, composite ReadyToRun: what users run), generates a codes-shape export of N
# respondents (its units are small, about 21 respondents each), the text shape (labels, Windows-1252) of the same
# respondents and a codes export of N/10, and times:
#   - psql \copy of the same rows, pre-cleaned, into a plain 30-column table with a primary key (the floor);
#   - the DuckDB peer (bench/duckdb-peer.mjs, npm @duckdb/node-api, installed here if absent): read_csv and every
#     goal in total, by gender and by administration, groups under 5 hidden;
#   - survey ingest of the codes export (the goal tally and the protection are brought up to date inside it) while
#     the web host runs, then GET /api/goals as a signed-in board member (export to goal table = the two), and
#     survey goals in a new process; the text export into an emptied wave; the N/10 export
#     for peak RSS. Each ingest logs its phases (Survey__Timings).
# Times are wall clock of each process (GNU time), peak RSS its maximum resident set. Then bench/reports.sh (board
# report and analyst workbook, issue 12's other half) runs on the same build and database, when it exists.
# Usage: bench/speed.sh [--respondents N]      (or BENCH_RESPONDENTS; default 1,000,000: about 5 minutes idle)
#        BENCH_APP=DIR bench/speed.sh ...        (DIR: that publish, made before from this tree, instead of publishing)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${BENCH_RESPONDENTS:-1000000}
while [ $# -gt 0 ]; do
  case $1 in
    --respondents) n=$2; shift 2 ;;
    *) echo "usage: bench/speed.sh [--respondents N]" >&2; exit 2 ;;
  esac
done
small=$((n / 10))

work=$(mktemp -d /tmp/survey-speed.XXXXXX)
chmod 755 "$work" # the embedded cluster runs as postgres when we are root
export Survey__DataDir="$work/data" Survey__MaxUploadBytes=2000000000
survey=("$work/app/survey")
serve=
cleanup() { [ -z "$serve" ] || kill "$serve" 2>/dev/null || true; "${survey[@]}" db stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

if [ -n "${BENCH_APP:-}" ]; then
  ln -s "$(realpath "$BENCH_APP")" "$work/app" # a publish of this tree made before (it takes minutes)
else
  echo "publishing the deployable build (composite ReadyToRun, self-contained) ..."
  dotnet publish src/Scheduler -c Release -p:PublishProfile=linux-x64 -o "$work/app" -nologo -v q >/dev/null
fi
echo "starting a fresh embedded database ..."
"${survey[@]}" migrate >/dev/null
port=$("${survey[@]}" db status | sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p')
export PGPASSWORD
PGPASSWORD=$(cat "$Survey__DataDir/pg.password")
sql=(psql -h 127.0.0.1 -p "$port" -U postgres -d survey -qAtX)

peer=${BENCH_DUCKDB_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/survey-bench/duckdb}
if [ ! -d "$peer/node_modules/@duckdb/node-api" ]; then
  echo "installing the DuckDB peer (npm @duckdb/node-api) into $peer ..."
  mkdir -p "$peer"
  npm install --prefix "$peer" --no-audit --no-fund --silent @duckdb/node-api@1.5.6-r.1 >/dev/null
fi
cp bench/duckdb-peer.mjs "$peer/"

# timed CMD...: runs CMD once; sets wall (s) and rss (kB); its output is in $work/out.
timed() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }
  read -r wall rss <"$work/time"
}
# ingest FILE: survey ingest into V16-2021, with its phase timings; fails unless accepted.
ingest() {
  Survey__Timings=true timed "${survey[@]}" ingest "$1" --wave V16-2021
  grep -q "Status: godkänd" "$work/out" || { cat "$work/out" >&2; exit 1; }
}
phases() { sed -n 's/^timing: //p' "$work/out" | tr '\n' ';' | sed 's/;$//; s/;/; /g'; }
# empty: the wave as before its first load (no partition of respondent, tally or kept sheet counts: a new wave),
# its units unregistered too, so each load registers the same units (unit's row trigger, which refuses removing a
# unit a wave names, is skipped: wave_unit is emptied first, and the trigger's look-up per unit is a scan of it).
empty() {
  "${sql[@]}" -c "TRUNCATE respondent" \
    -c "DO \$\$ DECLARE t regclass; BEGIN FOR t IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'respondent'::regclass
        LOOP EXECUTE format('DROP TABLE %s', t); END LOOP; END \$\$" \
    -c "DELETE FROM goal_tally" -c "DELETE FROM goal_tally_state" -c "DELETE FROM sheet_tally" \
    -c "SET session_replication_role = replica" -c "DELETE FROM wave_unit" -c "DELETE FROM unit" \
    -c "RESET session_replication_role" -c "VACUUM wave_unit, unit" -c "CHECKPOINT" >/dev/null
}

echo "generating codes-$n.csv, text-$n.csv and codes-$small.csv ..."
"${survey[@]}" sample --respondents "$n" --shape codes --seed 16 --out "$work/codes.csv" >/dev/null
"${survey[@]}" sample --respondents "$n" --shape text --seed 16 --out "$work/text.csv" >/dev/null
"${survey[@]}" sample --respondents "$small" --shape codes --seed 16 --out "$work/codes-small.csv" >/dev/null
codes_mb=$(awk -v b="$(stat -c %s "$work/codes.csv")" 'BEGIN { printf "%.0f", b / 1048576 }')

echo "survey ingest codes-$small.csv (peak RSS at $small) ..."
ingest "$work/codes-small.csv"
rss_small=$rss
empty

echo "survey ingest text-$n.csv ..."
ingest "$work/text.csv"
text=$wall rss_text=$rss phases_text=$(phases)
empty

echo "DuckDB peer on codes-$n.csv ..."
timed node "$peer/duckdb-peer.mjs" "$work/codes.csv"
duck=$wall
cp "$work/out" "$work/duckdb.txt"

# The web host runs during the upload, as it does in production, with a board member signed in; the goals request
# (GET /api/goals, the goal table's JSON) is timed by curl right after the upload commits.
echo "survey serve, a board account signed in, one request before the upload ..."
web_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
web=http://127.0.0.1:$web_port jar=$work/cookies password="figures-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
echo "$password" | "${survey[@]}" user add speed-board --role board >/dev/null
"${survey[@]}" serve --urls "$web" >"$work/serve.log" 2>&1 &
serve=$!
for _ in $(seq 150); do curl -sf "$web/healthz" >/dev/null && break; sleep 0.2; done
token=$(curl -s -c "$jar" "$web/Login" | sed -n 's/.*name="__RequestVerificationToken"[^>]*value="\([^"]*\)".*/\1/p' | head -1)
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "name=speed-board" --data-urlencode "password=$password" \
  --data-urlencode "__RequestVerificationToken=$token" "$web/Login"
# request: GET /api/goals for the wave; prints its wall time (s); fails unless 200.
request() { curl -s -b "$jar" -o "$work/api.json" -w '%{http_code} %{time_total}\n' "$web/api/goals?wave=V16-2021" | awk '$1 != 200 { exit 1 } { print $2 }'; }
request >/dev/null || { echo "GET /api/goals failed (see $work/serve.log)" >&2; exit 1; }

echo "survey ingest codes-$n.csv, then GET /api/goals and survey goals at once ..."
"${sql[@]}" -c "CHECKPOINT" >/dev/null
ingest "$work/codes.csv"
api=$(request) api_again=$(for _ in 1 2 3 4 5; do request; done | sort -n | sed -n 3p)
grep -q '"n":' "$work/api.json" || { echo "GET /api/goals gave no figures" >&2; exit 1; }
kill "$serve"; wait "$serve" 2>/dev/null || true
ingest=$wall rss_codes=$rss phases_codes=$(phases)
Survey__Timings=true timed "${survey[@]}" goals --wave V16-2021 --json
goals=$wall goals_inside=$(sed -n 's/^timing: goals \([0-9.]*\) s .*/\1/p' "$work/out")
counted=$(grep -c '^timing: tally counted' "$work/out" || true)
Survey__Timings=true timed "${survey[@]}" goals --wave V16-2021 --json # again: the process's own cost
goals_again=$wall
"${survey[@]}" goals --wave V16-2021 | sed -n '1,12p' >"$work/goals.txt"

echo "psql \\copy of the cleaned rows into a plain 30-column table with a primary key ..."
positions=$("${sql[@]}" -c "SELECT max(array_length(answers, 1)) FROM respondent")
select=$(seq -s ', ' -f 'answers[%g]' 1 "$positions")
columns=$(seq -s ', ' -f 'q%g smallint' 1 "$positions")
"${sql[@]}" -c "\\copy (SELECT respondent_key, unit_code, submitted_at, $select, free_text FROM respondent) TO '$work/cleaned.txt'"
"${sql[@]}" -c "CREATE TABLE plain (respondent_key text PRIMARY KEY, unit_code text, submitted_at timestamptz, $columns, free_text text)" \
  -c "CHECKPOINT" >/dev/null
timed "${sql[@]}" -c "\\copy plain FROM '$work/cleaned.txt'"
floor=$wall
"${sql[@]}" -c "DROP TABLE plain" -c "CHECKPOINT" >/dev/null

echo
echo "Respondents: $n (codes export $codes_mb MB). Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
row() { printf '%-56s %8s %7s  %s\n' "$@"; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
row step "time s" "RSS MB" "ratio (target)"
row "psql \\copy, plain $((positions + 4))-column table with a primary key" "$floor" "" "1 (the floor)"
row "survey ingest, codes shape (tally and protection inside)" "$ingest" "$(mb "$rss_codes")" "$(ratio "$ingest" "$floor") x floor (<= 1.3)"
row "survey ingest, text shape (labels, Windows-1252)" "$text" "$(mb "$rss_text")" "$(ratio "$text" "$ingest") x codes (<= 1.2)"
row "peak RSS, codes $small -> $n" "" "$(mb "$rss_small")" "-> $(mb "$rss_codes") MB: $(ratio "$rss_codes" "$rss_small") x (flat; <= 300 MB)"
row "GET /api/goals right after the upload (web host)" "$api" "" "(<= 0.05); the median of 5 more: $api_again s"
row "survey goals right after the upload (a new process)" "$goals" "" "in process ${goals_inside:-?} s; counted: $counted; again $goals_again s"
row "export -> goal table: ingest + GET /api/goals" "$(awk -v a="$ingest" -v b="$api" 'BEGIN { printf "%.2f", a + b }')" "" \
  "$(awk -v a="$ingest" -v b="$api" -v d="$duck" 'BEGIN { printf "%.2f", (a + b) / d }') x DuckDB (<= 2)"
row "DuckDB peer: read_csv and every goal, two breakdowns" "$duck" "" "1"
echo "phases, codes: $phases_codes"
echo "phases, text:  $phases_text"
echo
echo "The goals as the product and the DuckDB peer count them (totals):"
cat "$work/goals.txt"
grep -v '^seconds' "$work/duckdb.txt"

if [ -x bench/reports.sh ]; then
  echo
  echo "bench/reports.sh on the same build and database (the headcount file of the same units ingested first) ..."
  "${survey[@]}" sample --respondents "$n" --kind headcount --seed 16 --out "$work/headcount.csv" >/dev/null
  "${survey[@]}" headcount "$work/headcount.csv" --wave V16-2021 >/dev/null
  BENCH_RESPONDENTS=$n BENCH_APP="$work/app" BENCH_EXPORT="$work/codes.csv" BENCH_HEADCOUNT="$work/headcount.csv" bench/reports.sh
fi
