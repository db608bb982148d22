#!/usr/bin/env bash
# The ingest benchmark of issue 4 (not a timed test). On a fresh embedded database it generates codes-shape
# exports of 100,000 and 1,000,000 respondents and the text shape (numbered question texts, labels, Windows-1252,
# ';') of 1,000,000, ingests each with the CLI, and times psql \copy of the same rows, already cleaned (exported
# from the table the ingest filled), into the same table. Each timing is the best of BENCH_REPEAT runs (the
# machine may be shared); peak RSS is the ingest process's maximum resident set (GNU time). The ingest runs as
# deployed: the self-contained, composite ReadyToRun publish of src/Scheduler.
# Usage: bench/ingest.sh            (BENCH_SIZES="100000 1000000" BENCH_REPEAT=2 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${BENCH_SIZES:-"100000 1000000"}
repeat=${BENCH_REPEAT:-2}
largest=${sizes##* }

work=$(mktemp -d /tmp/survey-bench.XXXXXX)
chmod 755 "$work" # the embedded cluster runs as postgres when we are root
export Survey__DataDir="$work/data" Survey__MaxUploadBytes=2000000000
survey=("$work/app/survey")
cleanup() { "${survey[@]}" db stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

echo "publishing the deployable build (src/Scheduler/Properties/PublishProfiles/linux-x64.pubxml) and starting a fresh embedded database in $work ..."
dotnet publish src/Scheduler -c Release -p:PublishProfile=linux-x64 -o "$work/app" -nologo -v q >/dev/null
"${survey[@]}" migrate >/dev/null
port=$("${survey[@]}" db status | sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p')
export PGPASSWORD
PGPASSWORD=$(cat "$Survey__DataDir/pg.password")
sql=(psql -h 127.0.0.1 -p "$port" -U postgres -d survey -qAtX)
fresh() { "${sql[@]}" -c "TRUNCATE respondent" -c "CHECKPOINT" >/dev/null; }

# best_of CMD...: runs CMD $repeat times on an empty respondent table; prints the best wall time, the largest
# peak RSS (kB) and the best time the ingest itself reports ("Tid: …", from opening the file to the commit).
best_of() {
  local best="" inner="" rss=0
  for _ in $(seq "$repeat"); do
    fresh
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }
    read -r wall kb <"$work/time"
    t=$(sed -n 's/^Tid: \([0-9]*\),\([0-9]*\) s$/\1.\2/p' "$work/out")
    best=$(awk -v a="$best" -v b="$wall" 'BEGIN { print (a == "" || b < a) ? b : a }')
    inner=$(awk -v a="$inner" -v b="${t:-$wall}" 'BEGIN { print (a == "" || b < a) ? b : a }')
    rss=$(( kb > rss ? kb : rss ))
  done
  echo "$best $rss $inner"
}

declare -A wall rss copy inner
for n in $sizes; do
  echo "generating codes-$n.csv ..."
  "${survey[@]}" sample --respondents "$n" --shape codes --seed 16 --out "$work/codes-$n.csv" >/dev/null
  echo "ingesting codes-$n.csv ($repeat runs) ..."
  read -r wall[codes-$n] rss[codes-$n] inner[codes-$n] < <(best_of "${survey[@]}" ingest "$work/codes-$n.csv" --wave V16-2021)
  grep -qi "nya: " "$work/out" || { cat "$work/out"; exit 1; }
  "${sql[@]}" -c "\\copy respondent TO '$work/cleaned-$n.txt'"
  echo "psql \\copy of the cleaned rows ($repeat runs) ..."
  read -r copy[codes-$n] _ _ < <(best_of "${sql[@]}" -c "\\copy respondent FROM '$work/cleaned-$n.txt'")
done

echo "generating text-$largest.csv ..."
"${survey[@]}" sample --respondents "$largest" --shape text --seed 16 --out "$work/text-$largest.csv" >/dev/null
echo "ingesting text-$largest.csv ($repeat runs) ..."
read -r wall[text-$largest] rss[text-$largest] inner[text-$largest] < <(best_of "${survey[@]}" ingest "$work/text-$largest.csv" --wave V16-2021)
echo "re-uploading codes-$largest.csv onto itself (all unchanged) ..."
fresh
"${survey[@]}" ingest "$work/codes-$largest.csv" --wave V16-2021 >/dev/null
/usr/bin/time -f "%e %M" -o "$work/time" "${survey[@]}" ingest "$work/codes-$largest.csv" --wave V16-2021 >"$work/out"
read -r reupload _ <"$work/time"

echo
printf '%-6s %9s %9s %9s %9s %7s %11s %11s %9s\n' shape rows "ingest s" "(inside)" "rows/s" "RSS MB" "psql copy s" "ratio" "(inside)"
for n in $sizes; do
  awk -v n="$n" -v w="${wall[codes-$n]}" -v i="${inner[codes-$n]}" -v r="${rss[codes-$n]}" -v c="${copy[codes-$n]}" \
    'BEGIN { printf "%-6s %9d %9.2f %9.2f %9.0f %7.0f %11.2f %11.2f %9.2f\n", "codes", n, w, i, n / w, r / 1024, c, w / c, i / c }'
done
awk -v n="$largest" -v w="${wall[text-$largest]}" -v i="${inner[text-$largest]}" -v r="${rss[text-$largest]}" \
  'BEGIN { printf "%-6s %9d %9.2f %9.2f %9.0f %7.0f %11s %11s %9s\n", "text", n, w, i, n / w, r / 1024, "-", "-", "-" }'
first=${sizes%% *}
awk -v t="${wall[text-$largest]}" -v c="${wall[codes-$largest]}" -v a="${rss[codes-$largest]}" -v b="${rss[codes-$first]}" \
    -v re="$reupload" -v n="$largest" \
  'BEGIN { printf "\ntext shape / codes shape time: %.2f\npeak RSS largest / smallest: %.2f\nre-upload of %d unchanged rows: %.2f s\n", t / c, a / b, n, re }'
sed -n '/^Fil:/,$p' "$work/out"
