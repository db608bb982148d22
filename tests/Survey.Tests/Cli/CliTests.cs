namespace Survey.Tests.Cli;

public sealed class CliTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    internal static async Task<(int Exit, string Out, string Error)> RunAsync(TestDatabase db, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await Survey.Scheduler.Cli.Cli.RunAsync(args, db.Config, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Migrate_on_an_up_to_date_database_succeeds_and_says_so()
    {
        var (exit, output, _) = await RunAsync(db, "migrate");
        Assert.Equal(0, exit);
        Assert.Equal("Database is up to date.", output.Trim());
    }

    [Fact]
    public async Task Waves_lists_the_baseline_wave()
    {
        var (exit, output, _) = await RunAsync(db, "waves");
        Assert.Equal(0, exit);
        Assert.Contains("V16-2021", output);
        Assert.Contains("2021-04-19 2021-04-25", output);
    }

    [Theory]
    [InlineData("waves", "--bogus")]
    [InlineData("no-such-command")]
    public async Task A_bad_argument_exits_2_with_one_line_and_no_stack_trace(params string[] args)
    {
        var (exit, _, error) = await RunAsync(db, args);
        Assert.Equal(2, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain(" at ", error);
    }

    [Fact]
    public async Task Help_is_available_and_exits_0()
    {
        var (exit, output, _) = await RunAsync(db, "--help");
        Assert.Equal(0, exit);
        Assert.Contains("migrate", output);
    }
}
