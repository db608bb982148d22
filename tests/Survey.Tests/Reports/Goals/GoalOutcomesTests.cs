using Survey.Reports.Goals;

namespace Survey.Tests.Reports.Goals;

/// <summary>Every goal on HandComputedWave, worked out by hand in the comments.</summary>
public sealed class GoalOutcomesTests(TestDatabase db) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private GoalReport _report = null!;

    public async Task InitializeAsync()
    {
        await HandComputedWave.SeedAsync(new SurveyData(db.DataSource));
        _report = await GoalOutcomes.ComputeAsync(db.DataSource, GoalSelection.ForWave("V16-2021"), default);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private GoalOutcome Goal(string code) => _report.Goals.Single(g => g.Code == code);

    [Fact]
    public void Remote_work_counts_those_with_at_least_one_day_among_those_who_answered()
    {
        // D_DAGAR answered by all but R5, R13-R15: 11; at least 1 day: R1 R4 R6 R7 R8 R9 R11 R12 = 8 (R3 has 0.5).
        var g = Goal("G_DISTANS");
        Assert.Equal(11, g.N);
        Assert.Equal(8.0 / 11, g.Outcome);
        Assert.Equal("green", g.Status);
        // Wilson 95 % for 8 of 11 (tables): 0.4344 to 0.9025.
        Assert.Equal(0.4344, g.CiLow!.Value, 4);
        Assert.Equal(0.9025, g.CiHigh!.Value, 4);
    }

    [Fact]
    public void Agreements_count_vet_ej_as_an_answer_and_only_remote_workers()
    {
        // D_DAGAR >= 1 and D_AVTAL answered: R1 R4(Vet ej) R6 R7 R8 R9 R12 = 7 (R11 left D_AVTAL empty, R5 has no
        // D_DAGAR, R3 works 0.5 days); Ja: R1 R6 R7 R9 R12 = 5.
        var g = Goal("G_AVTAL");
        Assert.Equal(7, g.N);
        Assert.Equal(5.0 / 7, g.Outcome);
        Assert.Equal("red", g.Status); // |1 - 0.714| / 1 = 28.6 %
    }

    [Fact]
    public void Digital_index_needs_seven_of_ten_answers_and_vet_ej_is_no_answer()
    {
        // Counted: R1 5.1, R2 4, R3 5.9, R4 22/7 (7 answered, three Vet ej), R6 3.1, R7 5, R9 4.1, R10 6 (9 answered),
        // R11 3 (8 answered), R12 4.9. Not counted: R5 (6 answered), R8 (all Vet ej), R13-R15 (none).
        // Sum 41.1 + 22/7 = 309.7/7; mean over 10 = 3097/700.
        var g = Goal("G_DIGITAL_INDEX");
        Assert.Equal(10, g.N);
        Assert.Equal(3097.0 / 700, g.Outcome!.Value, 12);
        Assert.Equal("yellow", g.Status); // (4.5 - 4.4243) / 4.5 = 1.7 %
        // The t interval of the mean: sample variance of the ten means 1.2649, se = √(1.2649 / 10) = 0.3557,
        // t(0.975; 9) = 2.2622 (tables): 4.4243 ± 0.8046 = 3.6197 to 5.2288.
        Assert.Equal(3.6197, g.CiLow!.Value, 4);
        Assert.Equal(5.2288, g.CiHigh!.Value, 4);
    }

    [Fact]
    public void Recovery_counts_five_and_six_among_those_who_answered_without_vet_ej()
    {
        // A_ATERHAMTNING: R1 6, R2 4, R3 5, R6 1, R7 5, R9 5, R10 6, R11 3, R12 4 = 9 answered (R4, R8 Vet ej); >= 5: 5.
        var g = Goal("G_ATERHAMTNING");
        Assert.Equal(9, g.N);
        Assert.Equal(5.0 / 9, g.Outcome);
    }

    [Fact]
    public void Hybrid_wish_is_at_least_one_wished_day()
    {
        // D_ONSKAT answered by 11; >= 1: R1 R3 R6 R7 R8 R9 R11 R12 = 8 (R4 wishes 0.5).
        var g = Goal("G_HYBRID_VILJA");
        Assert.Equal(11, g.N);
        Assert.Equal(8.0 / 11, g.Outcome);
    }

    [Fact]
    public void Hub_interest_counts_only_the_seven_municipalities_outside_ostersund()
    {
        // Home outside Östersund, not Annan kommun, D_HUBB answered: R2 R3(Krokom, Vet ej) R5 R8 R9 R10 R12(Vet ej) = 7;
        // Ja: R2 R9 R10 = 3. R4 (Annan kommun), R6 (no home), R1/R7/R11 (Östersund) are out.
        var g = Goal("G_HUBB_INTRESSE");
        Assert.Equal(7, g.N);
        Assert.Equal(3.0 / 7, g.Outcome);
    }

    [Fact]
    public void Manager_training_counts_managers_only()
    {
        // Managers with L_LEDARSKAP: R3 Ja, R4 Nej, R6 Anmäld, R10 Ja, R13 Ja = 5 (R15 left it empty; R14 is no manager).
        var g = Goal("G_CHEF_UTBILDNING");
        Assert.Equal(5, g.N);
        Assert.Equal(0.6, g.Outcome);
        Assert.Equal("red", g.Status);
    }

    [Fact]
    public async Task Spread_counts_everyone_outside_ostersund_and_krokom_including_annan_kommun()
    {
        // Home given by 13 (not R6, R14); outside Östersund/Krokom: R2 R4(Annan) R5 R8 R9 R10 R12 = 7. Counted so:
        await using var snapshot = await Survey.Reports.ReportSnapshot.BeginAsync(db.DataSource, default);
        var instrument = await snapshot.InstrumentAsync(default);
        var measures = await snapshot.MeasuresAsync(default);
        var counts = await GoalTally.CountsAsync(snapshot, instrument, measures, _report.WaveId!.Value, WaveFilter.All, default);
        var m = measures.ToList().FindIndex(x => x.GoalCode == "G_SPRIDNING");
        Assert.Equal((13, 7.0), (counts.Total.Answered[m], counts.Total.Sum[m]));
        // But published, its n would be the response rate's 15 less the 2 without a home municipality: the goal is
        // not published for this wave.
        var g = Goal("G_SPRIDNING");
        Assert.Null(g.N);
        Assert.Null(g.Outcome);
        Assert.Equal(0.36m, g.Baseline);
    }

    [Fact]
    public void Response_rate_is_respondents_over_headcount_with_n_the_respondents()
    {
        var g = Goal("G_SVARSFREKVENS");
        Assert.Equal(15, g.N);
        Assert.Equal(0.5, g.Outcome);
        Assert.Null(g.CiLow);
        // Per administration: 3/10, 7/12, 2/3, 3/5 respondents: only Hälso- och sjukvård has 5 or more.
        Assert.Equal(
            [("Regionstab", null, null, true), ("Hälso- och sjukvårdsförvaltningen", 7, 7.0 / 12, false),
             ("Regional utveckling", null, null, true), ("Folktandvården", null, null, true)],
            g.Breakdowns.Administration.Select(b => (b.Group, b.N, b.Outcome, b.Suppressed)));
        // Women 7 of 16, men 6 of 14; R6 (not given) and R12 (Vill ej uppge) are 2 others: hidden, and the men
        // with them, or 15 - 7 - 6 would give the 2 away.
        Assert.Equal(
            [("Kvinna", 7, 7.0 / 16, false), ("Man", null, null, true), ("Övriga/ej angivet", null, null, true)],
            g.Breakdowns.Gender.Select(b => (b.Group, b.N, b.Outcome, b.Suppressed)));
    }

    [Fact]
    public void Breakdowns_show_groups_of_five_and_hide_smaller_ones_with_the_not_given_group_included()
    {
        // G_DISTANS by gender: Kvinna R1 R2 R7 R9 R11 = 5 (4 remote), Man R3 R4 R8 R10 = 4, Vill ej uppge R12, not given R6.
        // Man, Vill ej uppge and not given hold 6 together, each at least 1, so the men could only be 1 to 4: the
        // women are hidden too (11 - 5 would leave that 6).
        Assert.Equal(
            [("Kvinna", null, null, true), ("Man", null, null, true), ("Vill ej uppge", null, null, true), ("Ej angivet", null, null, true)],
            Goal("G_DISTANS").Breakdowns.Gender.Select(b => (b.Group, b.N, b.Outcome, b.Suppressed)));
    }

    [Fact]
    public void One_small_group_hides_the_next_smallest_too()
    {
        // G_DISTANS by manager: Chef R3 R4 R6 R10 = 4 (too small), Medarbetare 7: hidden too, or 11 - 7 would give it away.
        Assert.All(Goal("G_DISTANS").Breakdowns.Manager, b => Assert.True(b.Suppressed && b.N is null && b.Outcome is null));
        Assert.Equal(["Chef", "Medarbetare"], Goal("G_DISTANS").Breakdowns.Manager.Select(b => b.Group));
    }

    [Fact]
    public async Task A_month_uses_the_latest_wave_ended_by_its_end_and_that_months_indicators()
    {
        var data = new SurveyData(db.DataSource);
        var upload = await data.UploadAsync("indicators", null, "indikatorer.csv");
        await data.IndicatorAsync("G_HUBBAR", "2021-05", 3, "Berg och Åre öppna", upload);
        await data.IndicatorAsync("G_HUBBAR", "2021-06", 4, null, upload);

        var march = await GoalOutcomes.ComputeAsync(db.DataSource, GoalSelection.ForPeriod("2021-03"), default);
        Assert.Null(march.Wave);
        Assert.All(march.Goals, g => Assert.Null(g.Outcome));

        var may = await GoalOutcomes.ComputeAsync(db.DataSource, GoalSelection.ForPeriod("2021-05"), default);
        Assert.Equal(("V16-2021", "2021-05"), (may.Wave, may.Period));
        var hubs = may.Goals.Single(g => g.Code == "G_HUBBAR");
        Assert.Equal((3.0, "red", "Berg och Åre öppna"), (hubs.Outcome!.Value, hubs.Status!, hubs.Info.IndicatorComment!));
        Assert.Equal(8.0 / 11, may.Goals.Single(g => g.Code == "G_DISTANS").Outcome);
    }

    [Fact]
    public async Task An_unknown_wave_or_a_bad_month_is_the_users_mistake()
    {
        await Assert.ThrowsAsync<UserError>(() => GoalOutcomes.ComputeAsync(db.DataSource, GoalSelection.ForWave("V16-1999"), default));
        Assert.Throws<UserError>(() => GoalSelection.ForPeriod("2021-13"));
    }
}
