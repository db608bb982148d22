using Npgsql;
using Survey.Ingest.Sample;
using Survey.Ingest.Uploads;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Ingest.Uploads;

/// <summary>An ingest stopped in the middle of its COPY (cancelled, or its connection killed) leaves nothing but
/// the upload log row that says it failed.</summary>
public sealed class KilledIngestTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    /// <summary>Runs the action on the reading thread at the first progress report (after 1 MB of the file).</summary>
    private sealed class AtFirstReport(Action action) : IProgress<long>
    {
        private int _calls;

        public void Report(long value)
        {
            if (Interlocked.Increment(ref _calls) == 1)
                action();
        }
    }

    private async Task AssertNothingStoredAsync(string wave, string fileName, Func<CancellationTokenSource, IProgress<long>> stopper)
    {
        var export = await Samples.ExportAsync(db, SampleShape.Codes, 30_000, seed: 21);
        Assert.True(export.Length > 2 * 1024 * 1024);
        var before = await DataSnapshotAsync(db);
        using var cancel = new CancellationTokenSource();
        using var content = new MemoryStream(export);
        var request = new IngestRequest { Kind = UploadKind.Survey, FileName = fileName, Content = content, WaveCode = wave };
        await Assert.ThrowsAnyAsync<Exception>(() => Ingestion.RunAsync(db.DataSource, request, stopper(cancel), cancel.Token));

        Assert.Equal(before, await DataSnapshotAsync(db));
        var id = await ScalarAsync<long>(db, "SELECT id FROM upload WHERE file_name = @fileName", new { fileName });
        var (status, _, problems) = await UploadRowAsync(db, id);
        Assert.Equal("failed", status);
        Assert.Contains("Ingenting sparades.", problems);
    }

    [Fact]
    public async Task Cancelling_in_the_middle_of_the_copy_stores_nothing()
    {
        var wave = await NewWaveAsync(db);
        await AssertNothingStoredAsync(wave, "cancelled.csv", cancel => new AtFirstReport(cancel.Cancel));
    }

    [Fact]
    public async Task Killing_the_connection_in_the_middle_of_the_copy_stores_nothing()
    {
        var wave = await NewWaveAsync(db);
        object? killed = null;
        await AssertNothingStoredAsync(wave, "killed.csv", _ => new AtFirstReport(() =>
        {
            using var connection = new NpgsqlConnection(db.ConnectionString);
            connection.Open();
            using var kill = new NpgsqlCommand("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE datname = current_database() AND query LIKE 'COPY%respondent%'
                """, connection);
            killed = kill.ExecuteScalar();
        }));
        Assert.Equal(1L, killed);
    }
}
