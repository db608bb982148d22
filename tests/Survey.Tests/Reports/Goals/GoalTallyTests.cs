using Dapper;
using Survey.Reports;
using Survey.Reports.Goals;

namespace Survey.Tests.Reports.Goals;

public sealed class GoalTallyTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task The_kept_tally_gives_the_same_counts_as_a_pass_over_the_respondents()
    {
        var wave = await HandComputedWave.SeedAsync(new SurveyData(db.DataSource));
        foreach (var filter in new[] { WaveFilter.All, new WaveFilter(AdministrationId: 2) })
        {
            await using var snapshot = await ReportSnapshot.BeginAsync(db.DataSource, default);
            var instrument = await snapshot.InstrumentAsync(default);
            var measures = await snapshot.MeasuresAsync(default);
            var live = await WaveAggregate.RunAsync(snapshot.Connection, instrument, measures, wave, filter, default);
            var kept = await GoalTally.CountsAsync(snapshot, instrument, measures, wave, filter, default);
            Assert.Equal(Flatten(live), Flatten(kept));
        }
        await using var connection = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.QuerySingleAsync<int>("SELECT count(*) FROM goal_tally_state"));
    }

    [Fact]
    public async Task A_change_to_the_respondents_is_counted_at_the_next_request()
    {
        var data = new SurveyData(db.DataSource);
        var wave = await HandComputedWave.SeedAsync(data);
        var before = await GoalOutcomes.ComputeAsync(db.DataSource, GoalSelection.ForWave("V16-2021"), default);
        var upload = await data.UploadAsync("survey", wave, "extra.csv");
        await data.AddAsync(wave, upload, new Respondent($"X{Guid.NewGuid():N}", "U2", [("B_FORV", 2), ("D_DAGAR", 10)]));
        var after = await GoalOutcomes.ComputeAsync(db.DataSource, GoalSelection.ForWave("V16-2021"), default);
        var distans = (Before: before.Goals.Single(g => g.Code == "G_DISTANS"), After: after.Goals.Single(g => g.Code == "G_DISTANS"));
        Assert.Equal(distans.Before.N + 1, distans.After.N);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("DELETE FROM respondent WHERE respondent_key LIKE 'X%'");
        var again = await GoalOutcomes.ComputeAsync(db.DataSource, GoalSelection.ForWave("V16-2021"), default);
        Assert.Equal(distans.Before.N, again.Goals.Single(g => g.Code == "G_DISTANS").N);
    }

    private static IEnumerable<string> Flatten(WaveCounts counts) =>
        new[] { ("total", (short?)null, counts.Total) }
            .Concat(counts.Groups.SelectMany(g => g.Value.Select(x => (g.Key.Key, x.Key, x.Counts))))
            .Select(x => $"{x.Item1}:{x.Item2}:{x.Item3.Respondents}:{string.Join(',', x.Item3.Answered)}:{string.Join(',', x.Item3.Sum.Select(s => Math.Round(s, 9)))}");
}
