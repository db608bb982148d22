#!/usr/bin/env python3
"""The pandas peer of the board report (bench/reports.sh, issue 12).

What a region's analyst would otherwise do each month with pandas, openpyxl and matplotlib: from the survey tool's
codes-shape export (survey sample --shape codes) and the headcount file, every survey goal in total and by gender,
administration and home municipality, groups under 5 hidden, a traffic light against the target, the response rate
per administration, a chart per goal by administration and two by home municipality, all in one workbook.
Prints the goal totals and its own time.
Usage: python3 bench/board-peer.py EXPORT.csv HEADCOUNT.csv OUT.xlsx
"""
import io
import sys
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from openpyxl.drawing.image import Image  # noqa: E402
from openpyxl.styles import Font, PatternFill  # noqa: E402

started = time.perf_counter()
export, headcount, out = sys.argv[1:4]
r = pd.read_csv(export)
staff = pd.read_csv(headcount, sep=";", encoding="utf-8-sig")

likert = ["A_UTRUSTNING", "A_MOTEN", "A_IT_STOD", "A_ERGONOMI", "A_DELAKTIG", "A_CHEFSTOD", "A_ATERHAMTNING",
          "A_SAKERHET", "A_BELASTNING", "A_KOMPETENS"]
steps = r[likert].where((r[likert] >= 1) & (r[likert] <= 6))
r["idx"] = steps.mean(axis=1).where(steps.count(axis=1) >= 7)
# The seven municipalities other than Östersund (2380): Berg, Bräcke, Härjedalen, Krokom, Ragunda, Strömsund, Åre.
others = [2326, 2305, 2361, 2309, 2303, 2313, 2321]
# goal: (title, target, population, counted) over the codes the export holds (the same definitions as duckdb-peer.mjs)
goals = {
    "G_DISTANS": ("Andel som arbetar på distans", 0.40, r.D_DAGAR.notna(), r.D_DAGAR >= 1),
    "G_AVTAL": ("Andel med skriftlig överenskommelse", 1.00, (r.D_DAGAR >= 1) & r.D_AVTAL.notna(), r.D_AVTAL == 1),
    "G_DIGITAL_INDEX": ("Digitalt arbetsmiljöindex", 4.5, r.idx.notna(), None),
    "G_ATERHAMTNING": ("Andel som kan återhämta sig", 0.75, r.A_ATERHAMTNING.between(1, 6), r.A_ATERHAMTNING >= 5),
    "G_HYBRID_VILJA": ("Andel som vill arbeta hybrid", 0.65, r.D_ONSKAT.notna(), r.D_ONSKAT >= 1),
    "G_HUBB_INTRESSE": ("Intresse för hubb i hemkommunen", 0.30, r.D_HUBB.notna() & r.B_HEMKOMMUN.isin(others),
                        r.D_HUBB == 1),
    "G_CHEF_UTBILDNING": ("Andel chefer utbildade", 1.00, (r.B_CHEF == 1) & r.L_LEDARSKAP.notna(), r.L_LEDARSKAP == 1),
    "G_SPRIDNING": ("Andel som bor utanför Östersund och Krokom", 0.40, r.B_HEMKOMMUN.notna(),
                    ~r.B_HEMKOMMUN.isin([2380, 2309])),
}


def outcome(frame, by=None):
    """n and outcome per group (or in total), hidden where n < 5."""
    rows = []
    for code, (_, _, among, counts) in goals.items():
        value = frame.idx if counts is None else counts.astype(float)
        part = pd.DataFrame({"v": value[among]})
        if by is None:
            g = part.v.agg(["count", "mean"]).to_frame().T.assign(group="Totalt")
        else:
            g = part.join(frame[by][among]).groupby(by).v.agg(["count", "mean"]).reset_index().rename(columns={by: "group"})
        g["mean"] = g["mean"].where(g["count"] >= 5)
        g["goal"] = code
        rows.append(g)
    return pd.concat(rows, ignore_index=True)


def light(code, value):
    if pd.isna(value):
        return "grå", "BFBFBF"
    target = goals[code][1]
    if value >= target:
        return "grön", "63BE7B"
    return ("gul", "FFEB84") if abs(target - value) / target < 0.10 else ("röd", "F8696B")


total = outcome(r)
breakdowns = {"Kön": outcome(r, "B_KON"), "Förvaltning": outcome(r, "B_FORV"), "Hemkommun": outcome(r, "B_HEMKOMMUN")}
answered = r.groupby("B_ENHET").size()
staff["Svar"] = staff["Enhet"].map(answered).fillna(0)
rate = staff.groupby("Förvaltning")[["Antal anställda", "Svar"]].sum()
rate["Svarsfrekvens"] = (rate["Svar"] / rate["Antal anställda"]).where(rate["Svar"] >= 5)

wb = Workbook()
sheet = wb.active
sheet.title = "Måluppfyllelse"
sheet.append(["Mål", "Målvärde", "Utfall", "n", "Status"])
for c in sheet[1]:
    c.font = Font(bold=True)
for _, row in total.iterrows():
    status, colour = light(row.goal, row["mean"])
    sheet.append([goals[row.goal][0], goals[row.goal][1], None if pd.isna(row["mean"]) else row["mean"], int(row["count"]),
                  status])
    sheet.cell(sheet.max_row, 5).fill = PatternFill("solid", fgColor=colour)
for name, frame in breakdowns.items():
    ws = wb.create_sheet(name)
    ws.append(["Mål", name, "Utfall", "n"])
    for _, row in frame.iterrows():
        ws.append([goals[row.goal][0], str(row.group), None if pd.isna(row["mean"]) else row["mean"], int(row["count"])])
ws = wb.create_sheet("Svarsfrekvens")
ws.append(["Förvaltning", "Anställda", "Svar", "Svarsfrekvens"])
for name, row in rate.iterrows():
    ws.append([name, int(row["Antal anställda"]), int(row["Svar"]),
               None if pd.isna(row["Svarsfrekvens"]) else row["Svarsfrekvens"]])

charts = wb.create_sheet("Diagram")
at = 1


def chart(code, frame, label):
    global at
    shown = frame[(frame.goal == code) & frame["mean"].notna()]
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    ax.bar(shown.group.astype(str), shown["mean"], color="#1f5f8b")
    ax.axhline(goals[code][1], color="#c00000", linestyle="--", label="Målvärde")
    ax.set_title(f"{goals[code][0]} per {label}")
    ax.tick_params(axis="x", rotation=45)
    ax.legend()
    fig.tight_layout()
    png = io.BytesIO()
    fig.savefig(png, format="png")
    plt.close(fig)
    png.seek(0)
    charts.add_image(Image(png), f"A{at}")
    at += 24


for code in goals:
    chart(code, breakdowns["Förvaltning"], "förvaltning")
for code in ["G_DISTANS", "G_HUBB_INTRESSE"]:
    chart(code, breakdowns["Hemkommun"], "hemkommun")
wb.save(out)

seconds = time.perf_counter() - started
for _, row in total.iterrows():
    print(f"{row.goal}\tn {int(row['count'])}\t{'–' if pd.isna(row['mean']) else format(row['mean'], '.4f')}")
print(f"seconds\t{seconds:.2f}")
