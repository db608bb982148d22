using Dapper;
using Survey.Reports.Analyst;
using Survey.Reports.Goals;
using Survey.Reports.Privacy;
using Survey.Tests.Privacy.Audit;
using Survey.Tests.Reports.Workbooks;

namespace Survey.Tests.Privacy;

/// <summary>
/// The wave's protection is one stored decision: made with the goal tally, kept in wave_protection, read by every
/// output and by <see cref="Published"/>, and made again only when the wave changes. Expectations are counted here
/// from the adversarial wave's respondents, not from the product.
/// </summary>
public sealed class WaveProtectionTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private const string Wave = AdversarialWave.WaveCode;

    [Fact]
    public async Task The_decision_is_stored_once_per_wave_state_and_every_output_and_the_api_agree_with_it()
    {
        var wave = AdversarialWave.Generate(1);
        await wave.StoreAsync(db);
        // Seed 1 (counted from its respondents): 4 respondents gave no home municipality, so G_SPRIDNING's n (those
        // who gave one) would be the response rate's n minus 4; 4 non-managers answered the managers' L_LEDARSKAP,
        // so its sheet's n would be G_CHEF_UTBILDNING's n plus 4; 3 answered "Annat" for gender.
        Assert.Equal(4, wave.People.Count(p => p.Answers["B_HEMKOMMUN"] is null));
        Assert.Equal(4, wave.People.Count(p => p.Answers["L_LEDARSKAP"] is not null && p.Answers["B_CHEF"] != 1));
        Assert.Equal(3, wave.People.Count(p => p.Answers["B_KON"] == 3));

        var report = await GoalOutcomes.ComputeAsync(db.DataSource, GoalSelection.ForWave(Wave), default);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var computedAt = await connection.QuerySingleAsync<DateTime>("SELECT computed_at FROM goal_tally_state");
        var withheld = (await connection.QueryAsync<(string, string)>(
            "SELECT kind, code FROM wave_protection WHERE dimension = '' ORDER BY 1, 2")).ToList();
        Assert.Equal([("goal", "G_SPRIDNING"), ("sheet", "L_LEDARSKAP")], withheld);

        Assert.Null(report.Goals.Single(g => g.Code == "G_SPRIDNING").N);
        Assert.All(report.Goals.Single(g => g.Code == "G_SPRIDNING").Breakdowns.Named().SelectMany(b => b.Groups), g => Assert.True(g.Suppressed));
        Assert.False(await Published.ShowsAsync(db.DataSource, Wave, "G_SPRIDNING"));
        Assert.True(await Published.ShowsAsync(db.DataSource, Wave, "G_CHEF_UTBILDNING"));
        Assert.True(await Published.ShowsAsync(db.DataSource, Wave, "G_DISTANS"));
        Assert.True(await Published.ShowsAsync(db.DataSource, Wave, "G_DISTANS", "gender", "Kvinna"));
        Assert.False(await Published.ShowsAsync(db.DataSource, Wave, "G_DISTANS", "gender", "Annat"));
        Assert.False(await Published.ShowsAsync(db.DataSource, Wave, "G_DISTANS", "administration", "Patientnämndens kansli"));

        using var output = new MemoryStream();
        await AnalystWorkbooks.WriteAsync(db.DataSource, Wave, [], output, default);
        using var book = new WorkbookReader(output.ToArray());
        Assert.DoesNotContain("L_LEDARSKAP", book.SheetNames);
        Assert.Contains("D_HUBB", book.SheetNames);
        Assert.Contains(book.Rows("Definitioner"), r => r.GetValueOrDefault("B", "").StartsWith("Frågan L_LEDARSKAP har inget eget blad", StringComparison.Ordinal));

        // Nothing changed: no output decided again.
        Assert.Equal(computedAt, await connection.QuerySingleAsync<DateTime>("SELECT computed_at FROM goal_tally_state"));

        // A respondent more without a municipality makes 5: the next report decides again, and G_SPRIDNING is shown.
        var data = new Survey.Tests.Reports.SurveyData(db.DataSource);
        var waveId = await data.WaveIdAsync(Wave);
        await data.AddAsync(waveId, await data.UploadAsync("survey", waveId, "one-more.csv", "ef56"),
            new Survey.Tests.Reports.Respondent("late-1", null, [("B_KON", 1), ("D_DAGAR", 2)]));
        Assert.True(await Published.ShowsAsync(db.DataSource, Wave, "G_SPRIDNING"));
        Assert.NotEqual(computedAt, await connection.QuerySingleAsync<DateTime>("SELECT computed_at FROM goal_tally_state"));
        Assert.Equal(0, await connection.QuerySingleAsync<int>("SELECT count(*) FROM wave_protection WHERE kind = 'goal' AND dimension = ''"));
    }
}
