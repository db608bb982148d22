using System.Globalization;
using ClosedXML.Excel;
using Survey.Reports.Analyst;
using Survey.Tests.Cli;
using Survey.Tests.Reports.Workbooks;

namespace Survey.Tests.Reports.Analyst;

/// <summary>The analyst workbook on HandComputedWave: units U1 (3 respondents), U2 (7), U3 (2), U4 (3).</summary>
public sealed class AnalystWorkbooksTests(TestDatabase db) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private byte[] _workbook = null!;

    public async Task InitializeAsync() => _workbook = await Once.PerDatabaseAsync(db, "analyst", async () =>
    {
        await HandComputedWave.SeedAsync(new SurveyData(db.DataSource));
        return await WriteAsync();
    });

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<byte[]> WriteAsync(params (string, string)[] filters)
    {
        using var output = new MemoryStream();
        await AnalystWorkbooks.WriteAsync(db.DataSource, "V16-2021", filters, output, default);
        return output.ToArray();
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public void The_workbook_is_valid_opens_in_closedxml_and_has_a_sheet_per_question()
    {
        using var book = new WorkbookReader(_workbook);
        Assert.Empty(book.ValidationErrors());
        Assert.Equal(["Måltabell", "Målnedbrytning"], book.SheetNames.Take(2));
        Assert.Equal(["Fritext", "Definitioner"], book.SheetNames.TakeLast(2));
        // 25 questions with a position, less the 6 background questions, less two whose goals count a narrower
        // population that differs from the sheet's by 1–4 (R14, no manager, answered L_LEDARSKAP; a few answered
        // D_HUBB outside the seven municipalities of G_HUBB_INTRESSE).
        Assert.Equal(17, book.SheetNames.Count - 5);
        Assert.DoesNotContain("L_LEDARSKAP", book.SheetNames);
        Assert.DoesNotContain("D_HUBB", book.SheetNames);
        Assert.Contains("D_DAGAR", book.SheetNames);
        Assert.DoesNotContain("B_KON", book.SheetNames);
        using var closed = new XLWorkbook(new MemoryStream(_workbook));
        Assert.Equal(book.SheetNames.Count, closed.Worksheets.Count);
    }

    [Fact]
    public void Remote_days_distribution_has_counts_shares_and_the_mean_in_days()
    {
        using var book = new WorkbookReader(_workbook);
        var rows = book.Rows("D_DAGAR");
        Assert.Equal(["Bakgrund", "Grupp", "n", "Medel", "Anmärkning", "0 (antal)", "0 (andel)", "0,5 (antal)"], rows[0].Values.Take(8));
        var total = rows[1];
        Assert.Equal(("Totalt", "Alla svarande", "11"), (total["A"], total["B"], total["C"]));
        // Days: 2, 0, 0.5, 3, 1, 5, 1.5, 2.5, 0, 1, 4 = 20.5 over 11.
        Assert.Equal(20.5 / 11, Number(total["D"]), 12);
        Assert.Equal(("2", 2.0 / 11), (total["F"], Number(total["G"])));
        var percent = book.Cells("D_DAGAR").Single(c => c.CellReference == "G2");
        Assert.Equal("0.0 %", book.NumberFormat(percent));
    }

    [Fact]
    public void Likert_means_leave_out_vet_ej_which_still_has_its_column()
    {
        using var book = new WorkbookReader(_workbook);
        var rows = book.Rows("A_ATERHAMTNING");
        var header = rows[0];
        var total = rows[1];
        Assert.Equal("9", total["C"]); // 9 answers; the 2 Vet ej are not counted in n
        Assert.Equal(39.0 / 9, Number(total["D"]), 12);
        var vetEj = header.Single(h => h.Value == "Vet ej / Ej aktuellt (antal)").Key;
        Assert.Equal("2", total[vetEj]);
    }

    [Fact]
    public void Groups_under_five_show_only_the_marker_in_every_question_sheet()
    {
        using var book = new WorkbookReader(_workbook);
        foreach (var sheet in book.SheetNames.Skip(2).SkipLast(3))
            foreach (var row in book.QuestionRows(sheet).Skip(1))
                if (row.GetValueOrDefault("E") == "färre än 5 svar")
                    Assert.All(row.Where(c => c.Key is not ("A" or "B" or "E")), c => Assert.Equal("–", c.Value));
                else
                    Assert.True(int.Parse(row["C"], CultureInfo.InvariantCulture) >= 5, $"{sheet}: {string.Join(';', row.Values)}");
        var gender = book.Rows("D_DAGAR").Where(r => r["A"] == "Kön").ToDictionary(r => r["B"], r => r["C"]);
        // Women 5, men 4, Vill ej uppge 1, not given 1: the three small ones hold 6, each at least 1, so the men
        // could only be 1 to 4 and the women go too.
        Assert.Equal(["–"], gender.Values.Distinct());
        Assert.Equal(["Kvinna", "Man", "Vill ej uppge", "Ej angivet"], gender.Keys);
        var units = book.QuestionRows("D_DAGAR").Where(r => r["A"] == "Enhet").ToDictionary(r => r["B"], r => r["C"]);
        // D_DAGAR answers by administration: 2, 7, 1, 1. The small ones are 4 together, so Hälso- och sjukvård (7)
        // is hidden too (11 - 7 would give the 4 away), and with it its only unit U2, which would rebuild it.
        Assert.Equal(new Dictionary<string, string> { ["U1"] = "–", ["U2"] = "–", ["U3"] = "–", ["U4"] = "–" }, units);
    }

    [Fact]
    public void Free_text_comes_only_from_groups_of_five_without_background_and_stays_text()
    {
        using var book = new WorkbookReader(_workbook);
        var rows = book.Rows("Fritext");
        Assert.Equal(["Fråga", "Svar"], rows[0].Values);
        Assert.All(rows, r => Assert.Equal(["A", "B"], r.Keys));
        var good = rows.Where(r => r["A"] == "Vad fungerar bra med distansarbete?").Select(r => r["B"]).Order().ToList();
        // Only unit U2 (R1 R2 R3 R7 R10 R11 R12) has 5 or more respondents.
        Assert.Equal(new[] { "R1", "R10", "R11", "R12", "R2", "R3", "R7" }.Select(k => $"Bra enligt {k}").Order(), good);
        var formulas = book.Cells("Fritext").Where(c => book.Text(c).StartsWith('=')).ToList();
        Assert.Equal(7, formulas.Count);
        Assert.All(formulas, c => Assert.True(book.Format(c).QuotePrefix?.Value));
        Assert.DoesNotContain(book.AllCells(), c => c.CellFormula is not null);
    }

    [Fact]
    public void No_respondent_key_appears_anywhere()
    {
        using var book = new WorkbookReader(_workbook);
        var keys = Enumerable.Range(1, 15).Select(i => $"R{i}").ToHashSet();
        Assert.DoesNotContain(book.AllCells(), c => keys.Contains(book.Text(c)));
    }

    [Fact]
    public async Task A_filter_narrows_goals_and_distributions_and_a_small_group_is_refused()
    {
        using (var hsf = new WorkbookReader(await WriteAsync(("administration", "HSF"))))
        {
            // A view of the region's rows: no background question's sheet, no breakdown by background.
            Assert.DoesNotContain("B_KON", hsf.SheetNames);
            Assert.Equal(["Totalt", "Förvaltning", "Enhet"], hsf.QuestionRows("D_DAGAR").Skip(1).Select(r => r["A"]).Distinct());
            var rate = hsf.Rows("Måltabell").Single(r => r.GetValueOrDefault("B") == "Enkäten besvaras");
            Assert.Equal(7.0 / 12, Number(rate["E"]), 14); // ClosedXML writes 17 digits, not the shortest round trip
            Assert.Contains(hsf.Cells("Definitioner").Select(hsf.Text), t => t == "Förvaltning: Hälso- och sjukvårdsförvaltningen");
        }
        // U1 has 3 respondents and RU 2: such a filter is refused, not written with every figure hidden.
        var unit = await Assert.ThrowsAsync<UserError>(() => WriteAsync(("unit", "U1")));
        Assert.Equal("Urvalet kan inte visas: enheten har färre än 5 svarande.", unit.Message);
        await Assert.ThrowsAsync<UserError>(() => WriteAsync(("administration", "RU")));
    }

    [Fact]
    public async Task A_filtered_workbook_hides_its_group_where_the_region_hides_it()
    {
        using var hsf = new WorkbookReader(await WriteAsync(("administration", "HSF")));
        // 11 answered D_DAGAR: HSF 7, RS 2, RU 1, FTV 1. The region hides HSF with the three small ones (they hold 4
        // together), so showing HSF's 7 here would give 11 - 7 = 4.
        var days = hsf.QuestionRows("D_DAGAR");
        Assert.All(days.Skip(1), r => Assert.Equal("–", r["C"]));
        var remote = hsf.Rows("Måltabell").Single(r => r.GetValueOrDefault("B") == "Fler medarbetare arbetar på distans");
        Assert.Equal("–", remote["E"]);
        Assert.DoesNotContain(hsf.Rows("Målnedbrytning"), r => r["A"] == "Fler medarbetare arbetar på distans" && r["D"] != "–" && r["D"] != "");
    }

    [Fact]
    public async Task The_cli_writes_the_file_and_refuses_an_unknown_filter()
    {
        var file = Path.Combine(Path.GetTempPath(), $"analyst-{Guid.NewGuid():N}.xlsx");
        try
        {
            var (exit, _, error) = await CliTests.RunAsync(db, "report", "analyst", "--wave", "V16-2021", "--out", file, "--filter", "administration=HSF");
            Assert.True(exit == 0, error);
            using var book = new WorkbookReader(await File.ReadAllBytesAsync(file));
            Assert.Empty(book.ValidationErrors());
            Assert.Equal(2, (await CliTests.RunAsync(db, "report", "analyst", "--wave", "V16-2021", "--out", file, "--filter", "kön=1")).Exit);
            Assert.Equal(2, (await CliTests.RunAsync(db, "report", "analyst", "--wave", "V16-2021", "--out", file, "--filter", "administration=XYZ")).Exit);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
