using Survey.Reports.Goals;

namespace Survey.Tests.Reports.Privacy;

/// <summary>
/// The response rate shows the total n, so its breakdowns must hold everyone: Regionstab 6 women, Hälso- och
/// sjukvårdsförvaltningen 8 men, and 3 respondents who gave neither administration nor gender (17 in all).
/// </summary>
public sealed class ResponseRateSubtractionTests(TestDatabase db) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private GoalOutcome _goal = null!;

    public async Task InitializeAsync()
    {
        var data = new SurveyData(db.DataSource);
        var wave = await data.WaveIdAsync("V16-2021");
        if (await data.RespondentsAsync(wave) == 0)
        {
            var upload = await data.UploadAsync("survey", wave, "x.csv");
            var headcount = await data.UploadAsync("headcount", wave, "h.xlsx", "cd34");
            await data.HeadcountAsync(wave, headcount, "RA", 1, 10, 5, 5);
            await data.HeadcountAsync(wave, headcount, "HA", 2, 20, 10, 10);
            var list = new List<Respondent>();
            for (var i = 0; i < 6; i++)
                list.Add(new Respondent($"RA-{i}", "RA", [("B_KON", 1), ("B_FORV", 1)]));
            for (var i = 0; i < 8; i++)
                list.Add(new Respondent($"HA-{i}", "HA", [("B_KON", 2), ("B_FORV", 2)]));
            for (var i = 0; i < 3; i++)
                list.Add(new Respondent($"X-{i}", null, [("B_KON", null), ("B_FORV", null)]));
            await data.AddAsync(wave, upload, [.. list]);
        }
        var report = await GoalOutcomes.ComputeAsync(db.DataSource, GoalSelection.ForWave("V16-2021"), default);
        _goal = report.Goals.Single(g => g.Code == "G_SVARSFREKVENS");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Respondents_without_an_administration_are_a_group_so_17_minus_the_shown_reveals_nothing()
    {
        Assert.Equal(17, _goal.N);
        // Not given 3 is hidden and Regionstab (6) with it: 17 - 8 = 9.
        Assert.Equal(
            [("Regionstab", null, null, true), ("Hälso- och sjukvårdsförvaltningen", 8, 8.0 / 20, false), ("Ej angivet", null, null, true)],
            _goal.Breakdowns.Administration.Select(b => (b.Group, b.N, b.Outcome, b.Suppressed)));
    }

    [Fact]
    public void Respondents_neither_woman_nor_man_are_a_group_so_17_minus_the_shown_reveals_nothing()
    {
        // Others 3 are hidden and the women (6) with them: 17 - 8 = 9. Men are 5 + 10 = 15 in the headcount.
        Assert.Equal(
            [("Kvinna", null, null, true), ("Man", 8, 8.0 / 15, false), ("Övriga/ej angivet", null, null, true)],
            _goal.Breakdowns.Gender.Select(b => (b.Group, b.N, b.Outcome, b.Suppressed)));
    }
}
