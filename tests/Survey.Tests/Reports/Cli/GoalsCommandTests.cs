using System.Text.Json;
using Survey.Tests.Cli;

namespace Survey.Tests.Reports.Cli;

public sealed class GoalsCommandTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Goals_json_has_the_documented_shape_with_fractions_and_suppressed_groups_as_nulls()
    {
        await HandComputedWave.SeedAsync(new SurveyData(db.DataSource));
        var (exit, output, error) = await CliTests.RunAsync(db, "goals", "--wave", "V16-2021", "--json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(["wave", "period", "goals"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("V16-2021", root.GetProperty("wave").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("period").ValueKind);
        var distans = root.GetProperty("goals").EnumerateArray().Single(g => g.GetProperty("code").GetString() == "G_DISTANS");
        Assert.Equal(["code", "title", "target", "baseline", "direction", "outcome", "n", "status", "ciLow", "ciHigh", "breakdowns", "measured"],
            distans.EnumerateObject().Select(p => p.Name));
        Assert.Equal(8.0 / 11, distans.GetProperty("outcome").GetDouble());
        Assert.Equal("0.4", distans.GetProperty("target").GetRawText());
        Assert.Equal("green", distans.GetProperty("status").GetString());
        var breakdowns = distans.GetProperty("breakdowns");
        Assert.Equal(["gender", "administration", "municipality", "ageBand", "manager"], breakdowns.EnumerateObject().Select(p => p.Name));
        var man = breakdowns.GetProperty("gender").EnumerateArray().Single(g => g.GetProperty("group").GetString() == "Man");
        Assert.Equal("""{"group":"Man","n":null,"outcome":null,"suppressed":true}""", man.GetRawText());
        var hubbar = root.GetProperty("goals").EnumerateArray().Single(g => g.GetProperty("code").GetString() == "G_HUBBAR");
        Assert.Equal(JsonValueKind.Null, hubbar.GetProperty("status").ValueKind);
    }

    [Fact]
    public async Task No_group_in_the_json_shows_a_figure_for_fewer_than_five()
    {
        await HandComputedWave.SeedAsync(new SurveyData(db.DataSource));
        var (_, output, _) = await CliTests.RunAsync(db, "goals", "--period", "2021-05", "--json");
        using var json = JsonDocument.Parse(output);
        var groups = json.RootElement.GetProperty("goals").EnumerateArray()
            .SelectMany(g => g.GetProperty("breakdowns").EnumerateObject().SelectMany(b => b.Value.EnumerateArray())).ToList();
        Assert.Contains(groups, g => g.GetProperty("suppressed").GetBoolean());
        foreach (var group in groups)
            if (group.GetProperty("suppressed").GetBoolean())
                Assert.True(group.GetProperty("n").ValueKind == JsonValueKind.Null && group.GetProperty("outcome").ValueKind == JsonValueKind.Null);
            else
                Assert.True(group.GetProperty("n").GetInt64() >= 5, group.GetRawText());
    }

    [Fact]
    public async Task Goals_set_changes_the_target_and_a_status_exactly_on_target_is_green()
    {
        await HandComputedWave.SeedAsync(new SurveyData(db.DataSource));
        var (exit, _, error) = await CliTests.RunAsync(db, "goals", "set", "G_CHEF_UTBILDNING", "--target", "0,6", "--comment", "=Mål 2022");
        Assert.True(exit == 0, error);
        var (_, table, _) = await CliTests.RunAsync(db, "goals", "--wave", "V16-2021");
        var row = table.Split('\n').Single(l => l.StartsWith("G_CHEF_UTBILDNING", StringComparison.Ordinal));
        Assert.Contains("60,0 %", row);
        Assert.Contains("Grön", row);
    }

    [Fact]
    public async Task Indicator_boundaries_at_ten_percent_and_just_under()
    {
        var data = new SurveyData(db.DataSource);
        var upload = await data.UploadAsync("indicators", null, "indikatorer.csv");
        await data.IndicatorAsync("G_HUBBAR", "2021-05", 3.6m, null, upload);
        await data.IndicatorAsync("G_HUBBAR", "2021-06", 3.6004m, null, upload);
        Assert.Equal(0, (await CliTests.RunAsync(db, "goals", "set", "G_HUBBAR", "--target", "4")).Exit);
        Assert.Equal("red", await StatusAsync("2021-05"));    // |4 − 3.6| / 4 = 10 %
        Assert.Equal("yellow", await StatusAsync("2021-06")); // 9.99 %

        async Task<string?> StatusAsync(string period)
        {
            var (_, output, _) = await CliTests.RunAsync(db, "goals", "--period", period, "--json");
            using var json = JsonDocument.Parse(output);
            return json.RootElement.GetProperty("goals").EnumerateArray()
                .Single(g => g.GetProperty("code").GetString() == "G_HUBBAR").GetProperty("status").GetString();
        }
    }

    [Theory]
    [InlineData("goals")]
    [InlineData("goals", "--wave", "V16-2021", "--period", "2021-05")]
    [InlineData("goals", "--period", "maj")]
    [InlineData("goals", "set", "G_DISTANS", "--target", "40")]
    [InlineData("goals", "set", "G_NOPE", "--target", "1")]
    public async Task Mistakes_exit_2_with_one_line(params string[] args)
    {
        var (exit, _, error) = await CliTests.RunAsync(db, args);
        Assert.Equal(2, exit);
        Assert.Single(error.Trim().Split('\n'));
    }
}
