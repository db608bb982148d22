using Dapper;
using DocumentFormat.OpenXml.Spreadsheet;
using Survey.Reports.Board;
using Survey.Tests.Cli;
using Survey.Tests.Reports.Charts;
using Survey.Tests.Reports.Workbooks;

namespace Survey.Tests.Reports.Board;

public sealed class BoardReportsTests(TestDatabase db) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private byte[] _workbook = null!;

    public async Task InitializeAsync() => _workbook = await Once.PerDatabaseAsync(db, "board", SeedAndGenerateAsync);

    private async Task<byte[]> SeedAndGenerateAsync()
    {
        var data = new SurveyData(db.DataSource);
        await HandComputedWave.SeedAsync(data);
        var indicators = await data.UploadAsync("indicators", null, "=indikatorer.csv", "cccc3333");
        await data.IndicatorAsync("G_HUBBAR", "2021-05", 3, "+Berg och Åre öppna", indicators);
        await data.IndicatorAsync("G_HUBBAR", "2021-04", 2, null, indicators);
        // An earlier pulse wave for the trend: 6 respondents, 3 of them remote.
        var pulse = await data.WaveAsync("PULS-2021-03", "2021-03-01", "2021-03-31");
        var upload = await data.UploadAsync("survey", pulse, "puls.csv");
        await data.AddAsync(pulse, upload, Enumerable.Range(1, 6).Select(i => new Respondent($"P{i}", "U2",
            [("B_FORV", 2), ("B_KON", 1), ("D_DAGAR", (short?)(i <= 3 ? 4 : 0))])).ToArray());
        return await BoardReports.GenerateAsync(db.DataSource, "2021-05", default);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void The_workbook_is_valid_and_has_the_house_sheets()
    {
        using var book = new WorkbookReader(_workbook);
        Assert.Empty(book.ValidationErrors());
        Assert.Equal(["Måltabell", "Kön", "Förvaltning", "Hemkommun", "Trend", "Svarsfrekvens", "Diagram", "Definitioner"], book.SheetNames);
    }

    [Fact]
    public void The_goal_table_has_numeric_outcomes_with_formats_and_the_traffic_light_as_colour_and_word()
    {
        using var book = new WorkbookReader(_workbook);
        var cells = book.Cells("Måltabell").ToList();
        var row = cells.Single(c => book.Text(c) == "Fler medarbetare arbetar på distans").CellReference!.Value![1..];
        Cell At(string column) => cells.Single(c => c.CellReference == column + row);
        Assert.True(book.IsNumber(At("E")));
        Assert.Equal(8.0 / 11, double.Parse(book.Text(At("E")), System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal("0.0 %", book.NumberFormat(At("E")));
        Assert.Equal("0.0 %", book.NumberFormat(At("C")));
        Assert.Equal("11", book.Text(At("G")));
        Assert.Equal("Grön", book.Text(At("F")));
        Assert.Equal("FF63BE7B", book.Fill(At("F")));
        var index = cells.Single(c => book.Text(c) == "God digital arbetsmiljö").CellReference!.Value![1..];
        Assert.Equal("Gul", book.Text(cells.Single(c => c.CellReference == "F" + index)));
        Assert.Equal("0.00", book.NumberFormat(cells.Single(c => c.CellReference == "E" + index)));
        var hubs = cells.Single(c => book.Text(c) == "Regionala arbetshubbar i varje kommun").CellReference!.Value![1..];
        Assert.Equal(("3", "Röd"), (book.Text(cells.Single(c => c.CellReference == "E" + hubs)), book.Text(cells.Single(c => c.CellReference == "F" + hubs))));
    }

    [Fact]
    public void Every_table_sheet_has_frozen_headers_a_filter_set_widths_and_landscape_fit_to_width()
    {
        using var book = new WorkbookReader(_workbook);
        foreach (var name in book.SheetNames.Where(n => n != "Diagram"))
        {
            var sheet = book.Part(name).Worksheet;
            Assert.Contains(sheet.Descendants<Pane>().Single().State!.Value, new[] { PaneStateValues.Frozen, PaneStateValues.FrozenSplit });
            Assert.NotNull(sheet.GetFirstChild<AutoFilter>());
            Assert.Contains(sheet.Descendants<Column>(), c => c.CustomWidth?.Value == true);
            var setup = sheet.GetFirstChild<PageSetup>()!;
            // fitToWidth="1" is the schema default, so writers may leave it out.
            Assert.Equal((OrientationValues.Landscape, 1u, 0u), (setup.Orientation!.Value, setup.FitToWidth?.Value ?? 1u, setup.FitToHeight!.Value));
            Assert.True(sheet.SheetProperties?.PageSetupProperties?.FitToPage?.Value, name);
        }
    }

    [Fact]
    public void The_charts_are_embedded_pngs_with_text()
    {
        using var book = new WorkbookReader(_workbook);
        var pictures = book.Pictures("Diagram");
        // 9 goals with administrations (8 survey goals and the response rate), a trend chart for each of them and for
        // G_HUBBAR (the indicator with values), remote days, hub interest; one fewer for G_SPRIDNING, which this wave
        // does not publish (2 of its 15 respondents gave no home municipality, see GoalOutcomesTests).
        Assert.Equal(20, pictures.Count);
        Assert.All(pictures, png => Assert.True(ChartsTests.DarkPixels(png, 0, 40) > 300));
    }

    [Fact]
    public void Suppressed_groups_show_the_marker_and_no_figure_and_women_and_men_are_always_there()
    {
        using var book = new WorkbookReader(_workbook);
        foreach (var sheet in new[] { "Kön", "Förvaltning", "Hemkommun", "Svarsfrekvens" })
            foreach (var row in book.Rows(sheet).Skip(1).Where(r => r.GetValueOrDefault("E") == "färre än 5 svar"))
                Assert.True(row.GetValueOrDefault("C") == "–" && row.GetValueOrDefault("D") == "–", $"{sheet}: {string.Join(';', row.Values)}");
        var gender = book.Rows("Kön");
        Assert.Contains(gender, r => r["A"] == "Fler medarbetare arbetar på distans" && r["B"] == "Man" && r["C"] == "–");
        Assert.Contains(gender, r => r["A"] == "Enkäten besvaras" && r["B"] == "Kvinna" && r["C"] == "7");
        // The manager training goal has no gender group of 5: Kvinna and Man are still listed, hidden.
        Assert.Contains(gender, r => r["A"] == "Alla chefer utbildade i ledarskap på distans" && r["B"] == "Kvinna" && r["C"] == "–");
    }

    [Fact]
    public void Text_from_uploads_stays_text_and_no_cell_is_a_formula()
    {
        using var book = new WorkbookReader(_workbook);
        Assert.DoesNotContain(book.AllCells(), c => c.CellFormula is not null);
        var comment = book.Cells("Måltabell").Single(c => book.Text(c).StartsWith("+Berg", StringComparison.Ordinal));
        Assert.True(book.Format(comment).QuotePrefix?.Value);
        var file = book.Cells("Definitioner").Single(c => book.Text(c) == "=indikatorer.csv");
        Assert.True(book.Format(file).QuotePrefix?.Value);
    }

    [Fact]
    public void Definitions_name_the_wave_and_every_upload_with_its_hash()
    {
        using var book = new WorkbookReader(_workbook);
        var texts = book.Cells("Definitioner").Select(book.Text).ToList();
        Assert.Contains(texts, t => t.StartsWith("V16-2021", StringComparison.Ordinal));
        Assert.Contains("v16-2021.csv", texts);
        Assert.Contains("aaaa1111", texts);
        Assert.Contains("personal.xlsx", texts);
        Assert.Contains("cccc3333", texts);
        Assert.DoesNotContain("puls.csv", texts);
        Assert.Contains(texts, t => t.StartsWith("Andel svarande med minst 1 distansdag", StringComparison.Ordinal));
    }

    [Fact]
    public void The_trend_has_the_earlier_wave_and_the_indicator_months()
    {
        using var book = new WorkbookReader(_workbook);
        var trend = book.Rows("Trend");
        Assert.Contains(trend, r => r["A"] == "Fler medarbetare arbetar på distans" && r["B"] == "PULS-2021-03" && r["C"] == "0.5");
        Assert.Contains(trend, r => r["A"] == "Fler medarbetare arbetar på distans" && r["B"] == "V16-2021");
        Assert.Contains(trend, r => r["A"] == "Regionala arbetshubbar i varje kommun" && r["B"] == "2021-04" && r["C"] == "2");
    }

    [Fact]
    public void No_respondent_key_or_free_text_is_in_the_board_report()
    {
        using var book = new WorkbookReader(_workbook);
        var texts = book.AllCells().Select(book.Text).ToHashSet();
        Assert.DoesNotContain(texts, t => t is "R1" or "R12" or "P1" || t.StartsWith("Bra enligt", StringComparison.Ordinal) || t.Contains("HYPERLINK", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Racing_ensures_store_exactly_one_report_and_the_cli_replaces_it()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => BoardReports.EnsureAsync(db.DataSource, "2021-06", default))));
        Assert.Single(results, created => created);
        Assert.False(await BoardReports.EnsureAsync(db.DataSource, "2021-06", default));
        await using var connection = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT count(*) FROM report WHERE kind = 'board' AND period = '2021-06'"));

        var file = Path.Combine(Path.GetTempPath(), $"board-{Guid.NewGuid():N}.xlsx");
        try
        {
            var (exit, _, error) = await CliTests.RunAsync(db, "report", "board", "--period", "2021-06", "--out", file);
            Assert.True(exit == 0, error);
            var stored = await connection.QuerySingleAsync<byte[]>("SELECT content FROM report WHERE kind = 'board' AND period = '2021-06'");
            Assert.Equal(await File.ReadAllBytesAsync(file), stored);
            Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT count(*) FROM report WHERE kind = 'board' AND period = '2021-06'"));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
