using System.Text.Json;
using Survey.Reports.Goals;
using Survey.Tests.Cli;

namespace Survey.Tests.Reports.Goals.Comparison;

/// <summary>
/// The change between waves on TwoWaves. Every interval is worked out by hand from the Wilson limits (Newcombe's
/// method 10) or Welch's formula, and checked with an independent script.
/// </summary>
public sealed class GoalChangesTests(TestDatabase db) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private GoalReport _second = null!;

    public async Task InitializeAsync()
    {
        await Once.PerDatabaseAsync(db, "two waves", async () =>
        {
            await TwoWaves.SeedAsync(db);
            return new object();
        });
        _second = await GoalOutcomes.ComputeAsync(db.DataSource, GoalSelection.ForWave(TwoWaves.Second), default);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private GoalOutcome Goal(string code) => _second.Goals.Single(g => g.Code == code);

    [Fact]
    public void Remote_work_from_8_of_20_to_15_of_20_is_a_sure_improvement()
    {
        // Wilson 15/20: 0.5313 to 0.8881; 8/20: 0.2188 to 0.6134. d = 0.35; low = 0.35 − √((0.75 − 0.5313)² +
        // (0.6134 − 0.4)²) = 0.0444; high = 0.35 + √((0.8881 − 0.75)² + (0.4 − 0.2188)²) = 0.5778.
        var g = Goal("G_DISTANS");
        Assert.Equal(new PreviousOutcome(TwoWaves.First, 0.4, 20), g.Previous);
        Assert.Equal(0.35, g.Change!.Value, 10);
        Assert.Equal(0.0444, g.Change.Low, 4);
        Assert.Equal(0.5778, g.Change.High, 4);
        Assert.True(g.Change.Significant);
        Assert.Equal("säker förbättring", g.Change.Verdict);
        Assert.Equal("+35,0 p.e. (+4,4 till +57,8)", GoalFormat.Change(g));
    }

    [Fact]
    public void Agreements_from_4_of_8_to_6_of_10_are_within_the_margin()
    {
        // Wilson 6/10: 0.3127 to 0.8318; 4/8: 0.2152 to 0.7848. d = 0.1; low = 0.1 − √(0.2873² + 0.2848²) = −0.3045;
        // high = 0.1 + √(0.2318² + 0.2848²) = 0.4672.
        var g = Goal("G_AVTAL");
        Assert.Equal(new PreviousOutcome(TwoWaves.First, 0.5, 8), g.Previous);
        Assert.Equal((0.1, -0.3045, 0.4672), (Math.Round(g.Change!.Value, 10), Math.Round(g.Change.Low, 4), Math.Round(g.Change.High, 4)));
        Assert.False(g.Change.Significant);
        Assert.Equal("inom felmarginalen", g.Change.Verdict);
    }

    [Fact]
    public void A_mean_where_lower_is_better_uses_welch_and_a_fall_is_an_improvement()
    {
        // 20, 30, 25, 35, 40: mean 30, variance 250/4 = 62.5; 40, 50, 45, 55, 60: mean 50, variance 62.5.
        // se = √(62.5/5 + 62.5/5) = 5; df = 25² / (12.5²/4 + 12.5²/4) = 8; t(0.975; 8) = 2.3060 (tables);
        // −20 ± 11.53 = −31.53 to −8.47.
        var g = Goal("G_RESTID");
        Assert.Equal(new PreviousOutcome(TwoWaves.First, 50, 5), g.Previous);
        Assert.Equal((-20.0, -31.530, -8.470), (g.Change!.Value, Math.Round(g.Change.Low, 3), Math.Round(g.Change.High, 3)));
        Assert.Equal("säker förbättring", g.Change.Verdict);
        // The mean's own t interval: 30 ± t(0.975; 4) × √(62.5/5) = 30 ± 2.7764 × 3.5355 = 20.184 to 39.816.
        Assert.Equal((20.184, 39.816), (Math.Round(g.CiLow!.Value, 3), Math.Round(g.CiHigh!.Value, 3)));
    }

    [Fact]
    public void A_group_is_compared_only_where_both_waves_show_it()
    {
        var groups = Goal("G_DISTANS").Breakdowns.Administration.ToDictionary(b => b.Group);
        // G_DISTANS is decided with G_AVTAL, the goal over its remote workers: in 2021 G_AVTAL's 4 and 4 per
        // administration are hidden, and would follow from 4 and 4 remote workers out of its 8; in 2022 its groups
        // (Regionstab 6, Hälso- och sjukvård 3, Regional utveckling 1) hide Regionstab as the others' partner. So
        // Regionstab is hidden in both waves: no previous figure and no change (the response rate's groups are
        // compared in Full_counts_change_exactly_without_a_margin).
        var rs = groups["Regionstab"];
        Assert.True(rs.Suppressed);
        Assert.Null(rs.Previous);
        Assert.Null(rs.Change);
        // Hälso- och sjukvård is hidden in 2022 (beside Regional utveckling's 4): no previous figure, no change,
        // nothing that would narrow the hidden group.
        var hsf = groups["Hälso- och sjukvårdsförvaltningen"];
        Assert.True(hsf.Suppressed);
        Assert.Null(hsf.Previous);
        Assert.Null(hsf.Change);
        Assert.Null(groups["Regional utveckling"].Previous);
    }

    [Fact]
    public void Full_counts_change_exactly_without_a_margin()
    {
        // Response rate 20/40 → 20/25: +30 percentage points, no sampling error; Regionstab 10/20 → 10/10.
        var rate = Goal("G_SVARSFREKVENS");
        Assert.Equal(new PreviousOutcome(TwoWaves.First, 0.5, 20), rate.Previous);
        Assert.Equal((0.3, 0.3, 0.3, true, "säker förbättring"),
            (Math.Round(rate.Change!.Value, 10), Math.Round(rate.Change.Low, 10), Math.Round(rate.Change.High, 10), rate.Change.Significant, rate.Change.Verdict));
        Assert.Equal("+30,0 p.e.", GoalFormat.Change(rate));
        Assert.Equal(0.5, rate.Breakdowns.Administration.Single(b => b.Group == "Regionstab").Change!.Value, 10);
        // G_HUBBAR for the wave is April's 3 against March's 4: one fewer, and higher is better.
        var hubs = Goal("G_HUBBAR");
        Assert.Equal(("2022-03", 4.0), (hubs.Previous!.Period, hubs.Previous.Outcome));
        Assert.Null(hubs.Previous.Wave);
        Assert.Equal((-1.0, "säker försämring"), (hubs.Change!.Value, hubs.Change.Verdict));
    }

    [Fact]
    public async Task A_pulse_compares_with_the_latest_wave_and_a_goal_it_does_not_ask_is_not_measured()
    {
        var pulse = await GoalOutcomes.ComputeAsync(db.DataSource, GoalSelection.ForWave(TwoWaves.Pulse), default);
        // 9/10 against 8/20: Wilson 0.5958–0.9821 and 0.2188–0.6134; 0.5 − √(0.3042² + 0.2134²) = 0.1284,
        // 0.5 + √(0.0821² + 0.1812²) = 0.6989.
        var distans = pulse.Goals.Single(g => g.Code == "G_DISTANS");
        Assert.Equal(TwoWaves.First, distans.Previous!.Wave);
        Assert.Equal((0.5, 0.1284, 0.6989), (Math.Round(distans.Change!.Value, 10), Math.Round(distans.Change.Low, 4), Math.Round(distans.Change.High, 4)));
        var avtal = pulse.Goals.Single(g => g.Code == "G_AVTAL");
        Assert.False(avtal.Measured);
        Assert.Null(avtal.Previous);
        Assert.Null(avtal.Change);
        Assert.Equal(("ej mätt", "ej mätt", "ej mätt"), (GoalFormat.Previous(avtal), GoalFormat.Change(avtal), GoalFormat.Verdict(avtal)));
    }

    [Fact]
    public async Task A_yearly_wave_compares_with_the_previous_yearly_wave_not_the_pulse_between()
    {
        // The pulse ended after V16-2021 and measured G_DISTANS (9/10), but V16-2022 is compared with V16-2021.
        Assert.Equal(TwoWaves.First, Goal("G_DISTANS").Previous!.Wave);
        // The waves list says which is which: a wave created with a subset of the questions is a pulse.
        var (_, waves, _) = await CliTests.RunAsync(db, "waves");
        var lines = waves.Split('\n');
        Assert.Contains("3 av 28 (puls)", lines.Single(l => l.StartsWith(TwoWaves.Pulse, StringComparison.Ordinal)));
        Assert.DoesNotContain("puls", lines.Single(l => l.StartsWith(TwoWaves.Second, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_json_has_previous_and_change_per_goal_and_per_shown_group_and_the_first_wave_has_none()
    {
        var (exit, output, error) = await CliTests.RunAsync(db, "goals", "--wave", TwoWaves.Second, "--json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var distans = json.RootElement.GetProperty("goals").EnumerateArray().Single(g => g.GetProperty("code").GetString() == "G_DISTANS");
        Assert.Equal("""{"wave":"V16-2021","outcome":0.4,"n":20}""", distans.GetProperty("previous").GetRawText());
        var change = distans.GetProperty("change");
        Assert.Equal(["value", "low", "high", "significant", "verdict"], change.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.0444, change.GetProperty("low").GetDouble(), 4);
        Assert.True(change.GetProperty("significant").GetBoolean());
        var administrations = distans.GetProperty("breakdowns").GetProperty("administration").EnumerateArray().ToList();
        // Regionstab is hidden in both waves (see A_group_is_compared_only_where_both_waves_show_it).
        Assert.False(administrations.Single(a => a.GetProperty("group").GetString() == "Regionstab").TryGetProperty("change", out _));
        Assert.All(administrations.Where(a => a.GetProperty("suppressed").GetBoolean()),
            a => Assert.False(a.TryGetProperty("previous", out _) || a.TryGetProperty("change", out _)));

        var (_, first, _) = await CliTests.RunAsync(db, "goals", "--wave", TwoWaves.First, "--json");
        Assert.DoesNotContain("\"previous\"", first);
        Assert.DoesNotContain("\"change\"", first);
    }

    [Fact]
    public async Task The_cli_table_shows_the_previous_measurement_the_change_and_the_verdict()
    {
        var (exit, output, error) = await CliTests.RunAsync(db, "goals", "--wave", TwoWaves.Second);
        Assert.True(exit == 0, error);
        var distans = output.Split('\n').Single(l => l.StartsWith("G_DISTANS ", StringComparison.Ordinal));
        Assert.Contains("40,0 % (V16-2021)", distans);
        Assert.Contains("+35,0 p.e. (+4,4 till +57,8)", distans);
        Assert.Contains("säker förbättring", distans);
        Assert.Contains("inom felmarginalen", output.Split('\n').Single(l => l.StartsWith("G_AVTAL ", StringComparison.Ordinal)));
        Assert.Contains("säker förändring", output, StringComparison.OrdinalIgnoreCase);
    }
}
