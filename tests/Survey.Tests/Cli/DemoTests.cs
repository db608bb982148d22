using Dapper;

namespace Survey.Tests.Cli;

public sealed class DemoTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task The_demo_runs_the_whole_journey_and_a_second_run_stores_nothing_twice()
    {
        var output = Directory.CreateTempSubdirectory("survey-demo-").FullName;
        var (exit, text, error) = await CliTests.RunAsync(db, "demo", "--out", output, "--respondents", "400");
        Assert.True(exit == 0, error);
        Assert.Contains("v16-2021-enkatexport.csv: godkänd, 400 rader (400 nya", text);
        Assert.Matches(@"G_DISTANS\s+40,0 %\s+–\s+\d+,\d %\s+\d+ (Grön|Gul|Röd)", text);
        Assert.True(File.Exists(Path.Combine(output, "styrelserapport-2021-04.xlsx")));
        Assert.True(File.Exists(Path.Combine(output, "analys-V16-2021.xlsx")));
        Assert.Contains("logga in som demo-admin med lösenordet ", text);

        (exit, text, _) = await CliTests.RunAsync(db, "demo", "--out", output, "--respondents", "400");
        Assert.Equal(0, exit);
        Assert.Contains("400 rader (0 nya, 0 ändrade, 400 oförändrade)", text);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(400, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM respondent"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM report WHERE kind = 'board'"));
        Directory.Delete(output, recursive: true);
    }
}
