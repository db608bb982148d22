using ClosedXML.Excel;
using Survey.Reports.Goals;

namespace Survey.Reports.Workbooks;

/// <summary>
/// The four cells of a change in a goal table: the previous measurement with its wave, the change as a signed number
/// (percentage points for shares, points for means and the index), its 95 % interval and the verdict in words.
/// </summary>
internal static class ChangeCells
{
    public static readonly (string Header, double Width)[] Headers =
        [("Föregående mätning", 22), ("Förändring", 13), ("Felmarginal (95 %)", 18), ("Bedömning", 19)];

    /// <summary>A group that either wave hides: no previous figure and no change, only the marker.</summary>
    public static void Hidden(IXLWorksheet sheet, int row, int column)
    {
        foreach (var offset in new[] { 0, 1, 3 })
            sheet.Cell(row, column + offset).Text(Privacy.Suppression.Marker);
    }

    public static void Write(IXLWorksheet sheet, int row, int column, string measure, PreviousOutcome? previous, OutcomeChange? change)
    {
        sheet.Cell(row, column).Text(GoalFormat.Previous(measure, previous));
        if (change is null)
            sheet.Cell(row, column + 1).Text(GoalFormat.Change(measure, previous, null)).Style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Right);
        else
            sheet.Cell(row, column + 1).Number(measure == "share" ? change.Value * 100 : change.Value, FormatOf(measure));
        if (change is not null)
            sheet.Cell(row, column + 2).Text(GoalFormat.Interval(measure, change) ?? "ingen (helräkning)");
        var verdict = sheet.Cell(row, column + 3).Text(GoalFormat.Verdict(previous, change));
        if (change?.Significant == true)
            verdict.Style.Font.SetBold();
    }

    private static string FormatOf(string measure) => measure switch
    {
        "share" => "+0.0\" p.e.\";-0.0\" p.e.\";0.0\" p.e.\"",
        "index" or "mean" => "+0.00;-0.00;0.00",
        _ => "+0;-0;0",
    };
}
