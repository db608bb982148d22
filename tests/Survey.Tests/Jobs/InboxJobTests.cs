using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Survey.Scheduler.Hosting;
using Survey.Scheduler.Jobs;

namespace Survey.Tests.Jobs;

public sealed class InboxJobTests(TestDatabase db) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("survey-inbox-").FullName;

    /// <summary>The clock a little ahead, so that files just written count as settled.</summary>
    private sealed class Later : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddMinutes(1);
    }

    private InboxJob Job(TimeProvider? time = null) =>
        new(db.DataSource, Options.Create(new SurveyOptions { DataDir = _dataDir }), time ?? new Later(), NullLogger<InboxJob>.Instance);

    private string WaveFolder => Directory.CreateDirectory(Path.Combine(_dataDir, "inbox", "V16-2021")).FullName;

    [Fact]
    public async Task Accepted_and_rejected_exports_are_ingested_once_and_moved_even_with_two_servers_scanning()
    {
        await Seed.WriteExportAsync(db.DataSource, Path.Combine(WaveFolder, "good.csv"), respondents: 60, seed: 3);
        var bad = (await File.ReadAllLinesAsync(Path.Combine(WaveFolder, "good.csv"))).Take(4).ToList();
        bad[2] = bad[2].Replace(",4,", ",8,", StringComparison.Ordinal); // no Likert answer is 8
        await File.WriteAllLinesAsync(Path.Combine(WaveFolder, "bad.csv"), bad);

        await Task.WhenAll(Job().ScanAsync(default), Job().ScanAsync(default));

        Assert.True(File.Exists(Path.Combine(WaveFolder, "processed", "good.csv")));
        Assert.True(File.Exists(Path.Combine(WaveFolder, "rejected", "bad.csv")));
        var problems = await File.ReadAllTextAsync(Path.Combine(WaveFolder, "rejected", "bad.csv.problems.txt"));
        Assert.Contains("Status: avvisad, ingenting sparades", problems);
        Assert.Contains("Rad 3", problems);
        Assert.Empty(Directory.GetFiles(WaveFolder));

        await using var connection = await db.DataSource.OpenConnectionAsync();
        var uploads = (await connection.QueryAsync<(string FileName, string Status, string By)>(
            "SELECT file_name, status, uploaded_by FROM upload WHERE kind = 'survey' ORDER BY file_name")).ToList();
        Assert.Equal([("bad.csv", "rejected", "inkorg"), ("good.csv", "accepted", "inkorg")], uploads);
        Assert.Equal(60, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM respondent"));
        // Read once from the disk through the CLI's entry point: the log row has the file's own hash and size.
        var file = await File.ReadAllBytesAsync(Path.Combine(WaveFolder, "processed", "good.csv"));
        Assert.Equal((Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file)), (long)file.Length),
            await connection.QuerySingleAsync<(string, long)>("SELECT sha256, size_bytes FROM upload WHERE file_name = 'good.csv'"));
    }

    [Fact]
    public async Task Headcount_goes_in_the_waves_personal_folder_and_indicators_in_their_own()
    {
        var personal = Directory.CreateDirectory(Path.Combine(WaveFolder, InboxJob.Headcount)).FullName;
        await using (var headcount = File.Create(Path.Combine(personal, "personal.csv")))
            await Survey.Ingest.Sample.SampleExport.WriteHeadcountAsync(db.DataSource, headcount, respondents: 60, seed: 3, default);
        var indicators = Directory.CreateDirectory(Path.Combine(_dataDir, "inbox", InboxJob.Indicators)).FullName;
        await using (var values = File.Create(Path.Combine(indicators, "indikatorer.csv")))
            Survey.Ingest.Sample.SampleExport.WriteIndicators(values);

        await Job().ScanAsync(default);

        Assert.True(File.Exists(Path.Combine(personal, "processed", "personal.csv")));
        Assert.True(File.Exists(Path.Combine(indicators, "processed", "indikatorer.csv")));
        await using var connection = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(["headcount", "indicators"], await connection.QueryAsync<string>(
            "SELECT kind FROM upload WHERE file_name IN ('personal.csv', 'indikatorer.csv') AND status = 'accepted' ORDER BY kind"));
        Assert.True(await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM headcount") > 0);
        Assert.Equal(12, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM indicator_value"));
    }

    [Fact]
    public async Task A_file_still_being_written_is_left_for_the_next_scan()
    {
        var path = Path.Combine(WaveFolder, "copying.csv");
        await File.WriteAllTextAsync(path, "Svars-ID,B_FORV\n");
        await Job(TimeProvider.System).ScanAsync(default);
        Assert.True(File.Exists(path));
    }

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);
}
