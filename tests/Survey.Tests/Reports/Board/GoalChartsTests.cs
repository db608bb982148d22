using Survey.Reports;
using Survey.Reports.Board;
using Survey.Reports.Goals;
using Survey.Tests.Cli;
using Survey.Tests.Reports.Workbooks;

namespace Survey.Tests.Reports.Board;

/// <summary>
/// Which goals get a chart of their own is data (goal_chart): the seeded V16 choices, then changed from the CLI, as
/// another region would for its own goals, with no code edited. Shares counted by hand from HandComputedWave.
/// </summary>
public sealed class GoalChartsTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task The_charts_goals_get_on_the_start_page_and_in_the_board_report_are_data_an_administrator_changes()
    {
        await HandComputedWave.SeedAsync(new SurveyData(db.DataSource));

        // D_DAGAR answered by R1–R12 but R5 (11): 0 twice (R2, R10), 1 twice (R6, R11), once each 0.5, 1.5, 2, 2.5, 3, 4, 5.
        var distribution = await DistributionsAsync();
        Assert.Equal(["G_DISTANS"], distribution.Keys);
        Assert.StartsWith("Hur många dagar per vecka", distribution["G_DISTANS"].Axis);
        Assert.Equal([("0", 2 / 11.0), ("0,5", 1 / 11.0), ("1", 2 / 11.0), ("1,5", 1 / 11.0), ("2", 1 / 11.0), ("2,5", 1 / 11.0),
            ("3", 1 / 11.0), ("4", 1 / 11.0), ("5", 1 / 11.0)], distribution["G_DISTANS"].Shares);
        Assert.Equal(["Fördelning av svaren: Distansdagar per vecka", "Intresse för arbetshubb i hemkommunen: utfall per hemkommun med målvärdet som linje"],
            (await BoardDescriptionsAsync()).TakeLast(2));
        Assert.Equal([("Andel som arbetar på distans per förvaltning", "Förvaltning"), ("Digitalt arbetsmiljöindex per förvaltning", "Förvaltning"),
            ("Intresse för arbetshubb per hemkommun", "Hemkommun")], await StartPageAsync());

        Assert.Equal(0, (await CliTests.RunAsync(db, "goals", "chart", "G_DISTANS", "--on", "board", "--by", "distribution", "--remove")).Exit);
        var (exit, output, error) = await CliTests.RunAsync(db, "goals", "chart", "G_HUBB_INTRESSE", "--on", "board", "--by", "distribution",
            "--title", "Kan tänka sig en arbetshubb");
        Assert.True(exit == 0, error);
        Assert.Contains("G_HUBB_INTRESSE har ett diagram (distribution) på styrelserapporten.", output);
        Assert.Equal(0, (await CliTests.RunAsync(db, "goals", "chart", "G_AVTAL", "--on", "start", "--by", "municipality")).Exit);
        Assert.Equal(0, (await CliTests.RunAsync(db, "goals", "chart", "G_DIGITAL_INDEX", "--on", "start", "--by", "administration", "--remove")).Exit);

        // D_HUBB answered by R2, R3, R4, R5, R6, R8, R9, R10, R12: Ja (1) 5, Nej (2) 2, Vet ej (3) 2.
        distribution = await DistributionsAsync();
        Assert.Equal(["G_HUBB_INTRESSE"], distribution.Keys);
        Assert.Equal([("Ja", 5 / 9.0), ("Nej", 2 / 9.0), ("Vet ej", 2 / 9.0)], distribution["G_HUBB_INTRESSE"].Shares);
        Assert.Equal(["Intresse för arbetshubb i hemkommunen: utfall per hemkommun med målvärdet som linje", "Fördelning av svaren: Kan tänka sig en arbetshubb"],
            (await BoardDescriptionsAsync()).TakeLast(2));
        Assert.Equal([("Andel som arbetar på distans per förvaltning", "Förvaltning"), ("Intresse för arbetshubb per hemkommun", "Hemkommun"),
            ("Distansarbete sker med skriftligt avtal per hemkommun", "Hemkommun")], await StartPageAsync());
        var list = (await CliTests.RunAsync(db, "goals", "charts")).Out;
        Assert.Matches(@"startsidan\s+4\s+G_AVTAL\s+municipality\s+\(målets titel\)", list);
        Assert.Matches(@"styrelserapporten\s+3\s+G_HUBB_INTRESSE\s+distribution\s+Kan tänka sig en arbetshubb", list);

        foreach (var (args, message) in new[]
                 {
                     (new[] { "G_DIGITAL_INDEX", "--on", "board", "--by", "distribution" }, "G_DIGITAL_INDEX läser inte exakt en fråga"),
                     (["G_SVARSFREKVENS", "--on", "start", "--by", "administration"], "G_SVARSFREKVENS räknas inte ur enkäten"),
                     (["G_DISTANS", "--on", "start", "--by", "distribution"], "Okänd diagramtyp 'distribution' för startsidan"),
                     (["G_DISTANS", "--on", "sidan", "--by", "administration"], "Okänd plats 'sidan'"),
                     (["G_FINNS_INTE", "--on", "start", "--by", "administration"], "Okänt mål 'G_FINNS_INTE'"),
                 })
        {
            (exit, _, error) = await CliTests.RunAsync(db, ["goals", "chart", .. args]);
            Assert.Equal(2, exit);
            Assert.Contains(message, error);
        }
        Assert.Equal(list, (await CliTests.RunAsync(db, "goals", "charts")).Out);
    }

    private async Task<IReadOnlyDictionary<string, BoardCharts.Distribution>> DistributionsAsync()
    {
        await using var snapshot = await ReportSnapshot.BeginAsync(db.DataSource, default);
        return await await BoardCharts.StartDistributionsAsync(snapshot, GoalSelection.ForPeriod("2021-05"), default);
    }

    private async Task<IReadOnlyList<string>> BoardDescriptionsAsync()
    {
        using var book = new WorkbookReader(await BoardReports.GenerateAsync(db.DataSource, "2021-05", default));
        return book.PictureDescriptions("Diagram");
    }

    private async Task<IReadOnlyList<(string, string)>> StartPageAsync() =>
        Survey.Scheduler.Web.ChartEndpoints.For(await GoalOutcomes.ComputeAsync(db.DataSource, GoalSelection.ForPeriod("2021-05"), default), "2021-05")
            .Select(c => (c.Title, c.GroupHeading)).ToList();
}
