using System.Globalization;
using Survey.Reports.Board;
using Survey.Tests.Reports.Charts;
using Survey.Tests.Reports.Goals.Comparison;
using Survey.Tests.Reports.Workbooks;

namespace Survey.Tests.Reports.Board;

/// <summary>The board report of May 2022 on TwoWaves (figures worked out in GoalChangesTests), read back.</summary>
public sealed class BoardChangesTests(TestDatabase db) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private byte[] _workbook = null!;

    public async Task InitializeAsync() => _workbook = await Once.PerDatabaseAsync(db, "board", async () =>
    {
        await TwoWaves.SeedAsync(db);
        return await BoardReports.GenerateAsync(db.DataSource, "2022-05", default);
    });

    public Task DisposeAsync() => Task.CompletedTask;

    private static Dictionary<string, string> Row(WorkbookReader book, string sheet, string title) =>
        book.Rows(sheet).Single(r => r.GetValueOrDefault("B") == title);

    [Fact]
    public void The_goal_table_has_the_previous_measurement_the_change_its_margin_and_the_verdict()
    {
        using var book = new WorkbookReader(_workbook);
        Assert.Empty(book.ValidationErrors());
        var header = book.Rows("Måltabell")[1];
        Assert.Equal(["Föregående mätning", "Förändring", "Felmarginal (95 %)", "Bedömning", "Kommentar"],
            new[] { "H", "I", "J", "K", "L" }.Select(c => header[c]));
        var distans = Row(book, "Måltabell", "Fler medarbetare arbetar på distans");
        Assert.Equal("40,0 % (V16-2021)", distans["H"]);
        Assert.Equal(35.0, double.Parse(distans["I"], CultureInfo.InvariantCulture), 10);
        var change = book.Cells("Måltabell").Single(c => c.CellReference == "I" + book.Cells("Måltabell")
            .Single(x => book.Text(x) == "Fler medarbetare arbetar på distans").CellReference!.Value![1..]);
        Assert.Equal("+0.0\" p.e.\";-0.0\" p.e.\";0.0\" p.e.\"", book.NumberFormat(change));
        Assert.Equal(("+4,4 till +57,8", "säker förbättring"), (distans["J"], distans["K"]));
        var avtal = Row(book, "Måltabell", "Distansarbete sker med skriftligt avtal");
        Assert.Equal(("50,0 % (V16-2021)", 10.0, "−30,5 till +46,7", "inom felmarginalen"),
            (avtal["H"], Math.Round(Number(avtal["I"]), 10), avtal["J"], avtal["K"]));
        var restid = Row(book, "Måltabell", "Kortare resor till arbetet");
        Assert.Equal(("50,00 (V16-2021)", -20.0, "−31,53 till −8,47", "säker förbättring"),
            (restid["H"], Number(restid["I"]), restid["J"], restid["K"]));
        // A full count: the change is exact, without a margin; the board report's month takes May's indicator value.
        var rate = Row(book, "Måltabell", "Enkäten besvaras");
        Assert.Equal(("50,0 % (V16-2021)", 30.0, "ingen (helräkning)", "säker förbättring"),
            (rate["H"], Math.Round(Number(rate["I"]), 10), rate["J"], rate["K"]));
        var hubs = Row(book, "Måltabell", "Regionala arbetshubbar i varje kommun");
        Assert.Equal(("3 (2022-04)", 2.0, "säker förbättring"), (hubs["H"], Number(hubs["I"]), hubs["K"]));
        // Nobody answered the index questions in either wave: nothing to compare.
        var index = Row(book, "Måltabell", "God digital arbetsmiljö");
        Assert.Equal(("ej mätt", "ej mätt", "ej mätt"), (index["H"], index["I"], index["K"]));
        Assert.Contains(book.Rows("Måltabell"), r => r.GetValueOrDefault("A", "").StartsWith("Förändring: skillnaden mot föregående", StringComparison.Ordinal));
    }

    [Fact]
    public void The_trend_sheet_lists_every_wave_with_its_interval_and_the_target()
    {
        using var book = new WorkbookReader(_workbook);
        var rows = book.Rows("Trend").Where(r => r.GetValueOrDefault("A") == "Fler medarbetare arbetar på distans").ToList();
        Assert.Equal([TwoWaves.First, TwoWaves.Pulse, TwoWaves.Second], rows.Select(r => r["B"]));
        // Wilson 8/20: 0.2188 to 0.6134; 9/10: 0.5958 to 0.9821; 15/20: 0.5313 to 0.8881.
        Assert.Equal([(0.4, 0.2188, 0.6134), (0.9, 0.5958, 0.9821), (0.75, 0.5313, 0.8881)],
            rows.Select(r => (Math.Round(Number(r["C"]), 4), Math.Round(Number(r["F"]), 4), Math.Round(Number(r["G"]), 4))));
        Assert.All(rows, r => Assert.Equal(0.4, Number(r["H"])));
        var avtal = book.Rows("Trend").Where(r => r.GetValueOrDefault("A") == "Distansarbete sker med skriftligt avtal").ToList();
        Assert.Equal("ej mätt", avtal.Single(r => r["B"] == TwoWaves.Pulse)["C"]);
    }

    [Fact]
    public void Every_goal_measured_by_a_wave_has_a_trend_chart_with_text()
    {
        using var book = new WorkbookReader(_workbook);
        var pictures = book.Pictures("Diagram");
        Assert.All(pictures, png => Assert.True(ChartsTests.DarkPixels(png, 0, 40) > 300));
        // One per goal with an outcome in some wave (nobody answered the other goals' questions), and G_HUBBAR's
        // months.
        var trends = book.PictureDescriptions("Diagram").Where(d => d.Contains("och målvärdet som linje. Siffrorna", StringComparison.Ordinal)).ToList();
        Assert.Equal(["Fler medarbetare arbetar på distans", "Distansarbete sker med skriftligt avtal", "Enkäten besvaras",
                "Regionala arbetshubbar i varje kommun", "Kortare resor till arbetet"],
            trends.Select(d => d[..d.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Contains("utfall per månad", trends[3]);
        Assert.All(trends, d => Assert.EndsWith("Siffrorna finns på bladet Trend.", d));
        var hubs = book.Rows("Trend").Where(r => r.GetValueOrDefault("A") == "Regionala arbetshubbar i varje kommun").ToList();
        Assert.Equal([("2022-03", "4"), ("2022-04", "3"), ("2022-05", "5")], hubs.Select(r => (r["B"], r["C"])));
    }

    private static double Number(string cell) => double.Parse(cell, CultureInfo.InvariantCulture);
}
