using Survey.Reports.Analyst;
using Survey.Reports.Board;
using Survey.Tests.Reports.Workbooks;

namespace Survey.Tests.Reports.Board;

/// <summary>Reports with nothing to show still open, validate and say so with the marker.</summary>
public sealed class EmptyReportsTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task A_board_report_for_a_month_before_any_wave_is_valid_with_no_outcomes()
    {
        using var book = new WorkbookReader(await BoardReports.GenerateAsync(db.DataSource, "2020-01", default));
        Assert.Empty(book.ValidationErrors());
        var distans = book.Rows("Måltabell").Single(r => r.GetValueOrDefault("B") == "Fler medarbetare arbetar på distans");
        Assert.Equal(("–", "–", "–"), (distans["E"], distans["F"], distans["G"]));
        Assert.Empty(book.Pictures("Diagram"));
    }

    [Fact]
    public async Task An_analyst_workbook_for_a_wave_without_respondents_is_valid()
    {
        await new SurveyData(db.DataSource).WaveAsync("V16-TOM", "2022-04-18", "2022-04-24");
        using var output = new MemoryStream();
        await AnalystWorkbooks.WriteAsync(db.DataSource, "V16-TOM", [], output, default);
        using var book = new WorkbookReader(output.ToArray());
        Assert.Empty(book.ValidationErrors());
        Assert.Single(book.Rows("D_DAGAR")); // the header only
        Assert.Contains(book.Cells("Fritext").Select(book.Text), t => t.Contains("färre än 5 svar", StringComparison.Ordinal));
    }
}
