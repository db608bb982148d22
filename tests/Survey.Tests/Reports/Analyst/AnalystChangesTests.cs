using System.Globalization;
using Survey.Reports.Analyst;
using Survey.Tests.Reports.Goals.Comparison;
using Survey.Tests.Reports.Workbooks;

namespace Survey.Tests.Reports.Analyst;

/// <summary>The analyst workbooks of V16-2022 on TwoWaves (figures worked out in GoalChangesTests), read back.</summary>
public sealed class AnalystChangesTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private async Task<WorkbookReader> WorkbookAsync(params (string, string)[] filters)
    {
        await Once.PerDatabaseAsync(db, "two waves", async () =>
        {
            await TwoWaves.SeedAsync(db);
            return new object();
        });
        using var output = new MemoryStream();
        await AnalystWorkbooks.WriteAsync(db.DataSource, TwoWaves.Second, filters, output, default);
        return new WorkbookReader(output.ToArray());
    }

    [Fact]
    public async Task The_region_shows_each_goals_change_and_each_group_shown_in_both_waves()
    {
        using var book = await WorkbookAsync();
        var distans = book.Rows("Måltabell").Single(r => r.GetValueOrDefault("B") == "Fler medarbetare arbetar på distans");
        Assert.Equal(("40,0 % (V16-2021)", "säker förbättring"), (distans["H"], distans["K"]));
        var groups = book.Rows("Målnedbrytning").Where(r => r.GetValueOrDefault("A") == "Fler medarbetare arbetar på distans"
                                                            && r.GetValueOrDefault("B") == "Förvaltning").ToDictionary(r => r["C"]);
        // Regionstab 4/10 → 8/10: +40,0 p.e. (−2,3 till +67,3), within the margin.
        Assert.Equal(("40,0 % (V16-2021)", 40.0, "−2,3 till +67,3", "inom felmarginalen"),
            (groups["Regionstab"]["G"], Math.Round(double.Parse(groups["Regionstab"]["H"], CultureInfo.InvariantCulture), 10),
             groups["Regionstab"]["I"], groups["Regionstab"]["J"]));
        // Hidden in 2022: its 2021 figure is not shown beside it.
        Assert.Equal(("–", "–", "–"), (groups["Hälso- och sjukvårdsförvaltningen"]["G"], groups["Hälso- och sjukvårdsförvaltningen"]["H"],
            groups["Hälso- och sjukvårdsförvaltningen"]["J"]));
    }

    [Fact]
    public async Task An_administrations_workbook_shows_the_regions_change_for_it()
    {
        using var book = await WorkbookAsync(("administration", "Regionstab"));
        var distans = book.Rows("Måltabell").Single(r => r.GetValueOrDefault("B") == "Fler medarbetare arbetar på distans");
        Assert.Equal(("0.8", "40,0 % (V16-2021)", "−2,3 till +67,3"), (distans["E"], distans["H"], distans["J"]));
    }
}
