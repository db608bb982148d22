using Npgsql;
using Survey.Scheduler.Database;

namespace Survey.Tests.Database;

public sealed class EmbeddedPostgresTests : IDisposable
{
    // A cluster of its own, so stopping it does not disturb the other tests. As root it must sit where the postgres
    // user can reach it, which /tmp is.
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"survey-embedded-{Guid.NewGuid():N}");

    [Fact]
    public async Task The_cluster_starts_is_reused_by_concurrent_starts_and_stops()
    {
        if (SurveyDatabase.ConfiguredConnectionString(TestServer.EnvironmentConfig()) is not null)
            return; // an external server is configured: the machine may have no server binaries

        var embedded = new EmbeddedPostgres(_dataDir);
        Assert.Null(embedded.Status().Port);

        var starts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => embedded.EnsureRunningAsync(default))));
        Assert.Single(starts.Select(s => s.Port).Distinct());
        await using (var connection = new NpgsqlConnection(starts[0].ConnectionString))
        {
            await connection.OpenAsync();
            Assert.StartsWith("PostgreSQL", (string)(await new NpgsqlCommand("SELECT version()", connection).ExecuteScalarAsync())!);
        }
        NpgsqlConnection.ClearAllPools();

        var again = await new EmbeddedPostgres(_dataDir).EnsureRunningAsync(default);
        Assert.Equal(starts[0].Port, again.Port);
        Assert.Equal(starts[0].Port, embedded.Status().Port);

        Assert.True(await embedded.StopAsync(default));
        Assert.Null(embedded.Status().Port);
        Assert.True(embedded.Status().Initialised);
        Assert.False(await embedded.StopAsync(default));
    }

    public void Dispose()
    {
        var embedded = new EmbeddedPostgres(_dataDir);
        if (embedded.Status().Port is not null)
            embedded.StopAsync(default).GetAwaiter().GetResult();
        Directory.Delete(_dataDir, recursive: true);
    }
}
