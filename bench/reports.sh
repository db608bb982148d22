#!/usr/bin/env bash
# Issue 12's reports half, run by bench/speed.sh at its end on its build and database (the codes export of N
# respondents ingested into V16-2021, with its headcount file):
#   - survey report board for the month after the wave, against the pandas peer (bench/board-peer.py: pandas,
#     openpyxl and matplotlib from Debian's packages) doing the same from the export and headcount files;
#   - survey report analyst for the region: time, peak RSS, size, the largest sheet's rows (the spreadsheet limit is
#     1,048,576), and whether LibreOffice opens it (when soffice is installed: BENCH_LIBREOFFICE=1 installs it).
# Times are wall clock of each process (GNU time), peak RSS its maximum resident set.
# Usage: bench/speed.sh (which sets BENCH_APP, BENCH_EXPORT, BENCH_HEADCOUNT and Survey__DataDir for this script)
set -euo pipefail
cd "$(dirname "$0")/.."
for v in BENCH_APP BENCH_EXPORT BENCH_HEADCOUNT Survey__DataDir; do
  [ -n "${!v:-}" ] || { echo "bench/reports.sh runs inside bench/speed.sh (it needs $v)" >&2; exit 2; }
done
n=${BENCH_RESPONDENTS:-?}
survey=("$BENCH_APP/survey")
work=$(mktemp -d /tmp/survey-reports.XXXXXX)
trap 'rm -rf "$work"' EXIT

python=/usr/bin/python3 # Debian's, for Debian's pandas (another python3 may come first on PATH)
sudo_cmd=$([ "$(id -u)" = 0 ] || echo sudo)
if ! "$python" -c 'import pandas, openpyxl, matplotlib' 2>/dev/null; then
  echo "installing the pandas peer's packages (Debian python3-pandas, python3-openpyxl, python3-matplotlib) ..."
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
    python3-pandas python3-openpyxl python3-matplotlib >/dev/null
fi
if [ "${BENCH_LIBREOFFICE:-0}" = 1 ] && ! command -v soffice >/dev/null; then
  echo "installing LibreOffice (Debian libreoffice-calc-nogui) to open the analyst workbook ..."
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null
fi

timed() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }
  read -r wall rss <"$work/time"
}
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

echo "survey report board --period 2021-06 ..."
"${survey[@]}" goals --wave V16-2021 >/dev/null # the board report is timed on a counted wave, as the schedule finds it
timed "${survey[@]}" report board --period 2021-06 --out "$work/board.xlsx"
board=$wall rss_board=$rss

echo "pandas peer (board-peer.py) ..."
timed "$python" bench/board-peer.py "$BENCH_EXPORT" "$BENCH_HEADCOUNT" "$work/peer.xlsx"
pandas=$wall rss_pandas=$rss
cp "$work/out" "$work/peer.txt"

echo "survey report analyst --wave V16-2021 ..."
Survey__Timings=true timed "${survey[@]}" report analyst --wave V16-2021 --out "$work/analyst.xlsx"
analyst=$wall rss_analyst=$rss phases_analyst=$(sed -n 's/^timing: //p' "$work/out" | tr '\n' ';' | sed 's/;$//; s/;/; /g')
size=$(awk -v b="$(stat -c %s "$work/analyst.xlsx")" 'BEGIN { printf "%.1f", b / 1048576 }')
# The largest sheet's last row: the r of its last <row> (streamed sheets carry no <dimension>), read from each
# sheet's tail as it is decompressed.
largest=$("$python" - "$work/analyst.xlsx" <<'PY'
import re, sys, zipfile
most = 0
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in (n for n in z.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")):
        tail = b""
        with z.open(name) as part:
            while chunk := part.read(1 << 20):
                tail = (tail + chunk)[-(1 << 18):]
        if rows := re.findall(rb'<row r="(\d+)"', tail):
            most = max(most, int(rows[-1]))
print(most)
PY
)
sheets=$(unzip -Z1 "$work/analyst.xlsx" 'xl/worksheets/*.xml' | wc -l)
opens="not tried (BENCH_LIBREOFFICE=1 installs LibreOffice)"
if command -v soffice >/dev/null; then
  if timeout 1800 soffice --headless --calc --convert-to csv --outdir "$work/lo" "$work/analyst.xlsx" >"$work/lo.log" 2>&1 \
     && [ -s "$work/lo/analyst.csv" ]; then opens="yes"; else opens="no: $(tail -1 "$work/lo.log")"; fi
fi

echo
echo "Reports at $n respondents. Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
row() { printf '%-56s %8s %7s  %s\n' "$@"; }
row step "time s" "RSS MB" "ratio (target)"
row "survey report board (charts included)" "$board" "$(mb "$rss_board")" "pandas peer / board: $(ratio "$pandas" "$board") x (>= 10)"
row "pandas peer: goals, breakdowns, workbook, charts" "$pandas" "$(mb "$rss_pandas")" "1"
row "survey report analyst, the region ($size MB)" "$analyst" "$(mb "$rss_analyst")" "(<= 30 s, <= 300 MB)"
echo "analyst workbook: $sheets sheets, the largest $largest rows (limit 1,048,576); LibreOffice opens it: $opens"
echo "phases, analyst: $phases_analyst"
echo
echo "The goals as the pandas peer counts them (totals):"
grep -v '^seconds' "$work/peer.txt"
