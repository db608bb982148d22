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
        // Regionstab is hidden in both waves with G_AVTAL's groups (GoalChangesTests): no figure and no change.
        Assert.Equal(("–", "–", "–", "–"), (groups["Regionstab"]["D"], groups["Regionstab"]["E"], groups["Regionstab"]["G"], groups["Regionstab"]["H"]));
        // Hidden in 2022: its 2021 figure is not shown beside it.
        Assert.Equal(("–", "–", "–"), (groups["Hälso- och sjukvårdsförvaltningen"]["G"], groups["Hälso- och sjukvårdsförvaltningen"]["H"],
            groups["Hälso- och sjukvårdsförvaltningen"]["J"]));
    }

    [Fact]
    public async Task An_administrations_workbook_shows_the_regions_change_for_it()
    {
        using var book = await WorkbookAsync(("administration", "Regionstab"));
        var distans = book.Rows("Måltabell").Single(r => r.GetValueOrDefault("B") == "Fler medarbetare arbetar på distans");
        // Regionstab is hidden in both waves (GoalChangesTests), so its workbook shows neither the outcome nor a change;
        // the response rate, decided on respondents, is shown with its change (10/20 → 10/10).
        Assert.Equal("–", distans["E"]);
        var rate = book.Rows("Måltabell").Single(r => r.GetValueOrDefault("B") == "Enkäten besvaras");
        Assert.Equal(("1", "50,0 % (V16-2021)"), (rate["E"], rate["H"]));
    }
}
