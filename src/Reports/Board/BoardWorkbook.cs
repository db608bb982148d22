using ClosedXML.Excel;
using Survey.Reports.Goals;
using Survey.Reports.Privacy;
using Survey.Reports.Workbooks;

namespace Survey.Reports.Board;

/// <summary>The board's sheets in the house style of the 2016 follow-up report: a goal table per perspective with
/// traffic lights, breakdowns, trend, response rate. Charts and definitions are added by BoardReports.</summary>
internal static class BoardWorkbook
{
    public const string ChartSheet = "Diagram";

    public static void GoalTable(IXLWorkbook workbook, GoalReport report, string? scope = null)
    {
        var title = $"Uppföljning av planen för distans- och hybridarbete, {report.Period ?? report.Wave}" +
                    (report.Wave is null || report.Period is null ? "" : $" (mätning {report.Wave})") +
                    (scope is null ? "" : $", {scope}");
        var sheet = SheetLayout.Table(workbook, "Måltabell",
            [("Perspektiv", 20), ("Mål", 46), ("Målvärde", 11), ("Utgångsvärde", 13), ("Utfall", 11), ("Status", 9), ("n", 9),
             .. ChangeCells.Headers, ("Kommentar", 50)],
            title);
        var row = 4;
        // One table, grouped by perspective (OrderBy is stable: the goals keep their order within a perspective).
        foreach (var goal in report.Goals.OrderBy(g => g.Info.Perspective, StringComparer.Ordinal))
        {
            var format = Cells.FormatOf(goal.Info.Measure);
            sheet.Cell(row, 1).Text(goal.Info.Perspective);
            sheet.Cell(row, 2).Text(goal.Title);
            sheet.Cell(row, 3).Number((double)goal.Target, format);
            sheet.Cell(row, 4).Number((double?)goal.Baseline, format);
            OutcomeCell(sheet.Cell(row, 5), goal, goal.Outcome, format);
            SheetLayout.Status(sheet.Cell(row, 6), goal.Status);
            sheet.Cell(row, 7).Number(goal.N, Cells.Integer);
            ChangeCells.Write(sheet, row, 8, goal.Info.Measure, goal.Measured ? goal.Previous : null, goal.Change);
            sheet.Cell(row, 12).Text(Comment(goal)).Style.Alignment.SetWrapText();
            row++;
        }
        SheetLayout.Filter(sheet, 3, 12);
        sheet.Cell(row + 1, 1).Text($"Status: Grön = målet nått; Gul = avvikelse under 10 %; Röd = avvikelse 10 % eller mer. " +
                                    $"{Suppression.Marker} = inget utfall eller {Suppression.Note}.");
        sheet.Cell(row + 2, 1).Text(Goals.Comparison.Verdict.Legend);
    }

    /// <summary>An outcome, or "ej mätt" for a goal the wave does not measure (never 0, never "–").</summary>
    private static void OutcomeCell(IXLCell cell, GoalOutcome goal, double? outcome, string format)
    {
        if (goal.Measured)
            cell.Number(outcome, format);
        else
            cell.Text(GoalCoverage.NotMeasured);
    }

    private static string Comment(GoalOutcome goal)
    {
        var parts = new[] { goal.Info.Comment, goal.Info.IndicatorComment }.Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        if (!goal.Measured)
            parts.Add("Ej mätt: mätningen ställer inte de frågor som målet bygger på.");
        else if (goal.Outcome is null && goal.Info.Source != "indicator" && goal.N is null)
            parts.Add("Inget utfall: ingen mätning, " + Suppression.Note + " eller färre än 5 svarande skillnad mot en annan publicerad siffra.");
        return string.Join(" ", parts);
    }

    /// <summary>One breakdown for every goal: Mål, Grupp, n, Utfall, with "–" and the note for suppressed groups.</summary>
    public static void Breakdown(IXLWorkbook workbook, GoalReport report, string sheetName,
        Func<Breakdowns, IReadOnlyList<BreakdownGroup>> select, IReadOnlyList<string>? alwaysShown = null)
    {
        var sheet = SheetLayout.Table(workbook, sheetName, [("Mål", 46), ("Grupp", 34), ("n", 9), ("Utfall", 11), ("Anmärkning", 24), .. ChangeCells.Headers]);
        var row = 2;
        foreach (var goal in report.Goals)
        {
            var groups = select(goal.Breakdowns).ToList();
            if (groups.Count == 0 && goal.Info.Source == "indicator")
                continue;
            foreach (var name in alwaysShown ?? [])
                if (groups.All(g => g.Group != name))
                    groups.Add(new BreakdownGroup(name, null, null, true));
            foreach (var group in groups)
            {
                sheet.Cell(row, 1).Text(goal.Title);
                sheet.Cell(row, 2).Text(group.Group);
                GroupCells(sheet, row++, 3, goal, group);
            }
        }
        SheetLayout.Filter(sheet, 1, 5 + ChangeCells.Headers.Length);
    }

    /// <summary>
    /// A breakdown group's n, outcome and, when suppressed, the note, from <paramref name="column"/> on, then its
    /// change (ChangeCells): "–" where the goal was compared but either wave hides the group.
    /// </summary>
    public static void GroupCells(IXLWorksheet sheet, int row, int column, GoalOutcome goal, BreakdownGroup group)
    {
        sheet.Cell(row, column).Number(group.N, Cells.Integer);
        sheet.Cell(row, column + 1).Number(group.Outcome, Cells.FormatOf(goal.Info.Measure));
        if (group.Suppressed)
            sheet.Cell(row, column + 2).Text(Suppression.Note);
        if (goal.Measured && goal.Previous is not null && group.Previous is null)
            ChangeCells.Hidden(sheet, row, column + 3);
        else
            ChangeCells.Write(sheet, row, column + 3, goal.Info.Measure, goal.Measured ? group.Previous : null, group.Change);
    }

    /// <summary>Every wave's (an indicator's every month's) outcome per goal with its 95 % interval and the target:
    /// the figures of the trend charts.</summary>
    public static void Trend(IXLWorkbook workbook, IReadOnlyList<GoalReport> waves, IReadOnlyList<GoalTrend.IndicatorPoint> indicators,
        GoalReport report)
    {
        var sheet = SheetLayout.Table(workbook, "Trend", [("Mål", 46), ("Mätning/period", 16), ("Utfall", 11), ("n", 9), ("Status", 9),
            ("95 % intervall, från", 19), ("95 % intervall, till", 19), ("Målvärde", 11)]);
        var row = 2;
        foreach (var goal in report.Goals)
        {
            var format = Cells.FormatOf(goal.Info.Measure);
            foreach (var point in GoalTrend.Points(goal, waves, indicators))
            {
                sheet.Cell(row, 1).Text(goal.Title);
                sheet.Cell(row, 2).Text(point.When);
                if (point.Measured)
                    sheet.Cell(row, 3).Number(point.Outcome, format);
                else
                    sheet.Cell(row, 3).Text(GoalCoverage.NotMeasured);
                sheet.Cell(row, 4).Number(point.N, Cells.Integer);
                SheetLayout.Status(sheet.Cell(row, 5), TrafficLight.Status(point.Outcome, goal.Target, goal.Direction));
                if (point.Low is not null)
                {
                    sheet.Cell(row, 6).Number(point.Low, format);
                    sheet.Cell(row, 7).Number(point.High, format);
                }
                sheet.Cell(row, 8).Number((double)goal.Target, format);
                row++;
            }
        }
        SheetLayout.Filter(sheet, 1, 8);
    }

    public static void ResponseRate(IXLWorkbook workbook, GoalReport report, IReadOnlyDictionary<string, long> employees)
    {
        var sheet = SheetLayout.Table(workbook, "Svarsfrekvens",
            [("Förvaltning", 40), ("Anställda", 11), ("Svarande", 11), ("Svarsfrekvens", 14), ("Anmärkning", 24)]);
        var goal = report.Goals.FirstOrDefault(g => g.Info.Source == "headcount");
        var row = 2;
        var groups = goal?.Breakdowns.Administration ?? [];
        foreach (var name in employees.Keys.Union(groups.Select(g => g.Group)))
        {
            var group = groups.FirstOrDefault(g => g.Group == name);
            sheet.Cell(row, 1).Text(name);
            sheet.Cell(row, 2).Number(employees.TryGetValue(name, out var e) ? e : null, Cells.Integer);
            sheet.Cell(row, 3).Number(group?.N, Cells.Integer);
            sheet.Cell(row, 4).Number(group?.Outcome, Cells.Percent);
            if (group is null || group.Suppressed)
                sheet.Cell(row, 5).Text(Suppression.Note);
            row++;
        }
        SheetLayout.Filter(sheet, 1, 5);
        sheet.Cell(row, 1).Text("Totalt").Style.Font.SetBold();
        sheet.Cell(row, 2).Number(employees.Values.Sum(), Cells.Integer);
        sheet.Cell(row, 3).Number(goal?.N, Cells.Integer);
        sheet.Cell(row, 4).Number(goal?.Outcome, Cells.Percent);
    }
}
