using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Survey.Ingest.Uploads;
using Survey.Scheduler.Hosting;
using Survey.Scheduler.Jobs;
using static Survey.Tests.Ingest.Exports.KnownRespondents;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Ingest.Uploads;

/// <summary>A respondent id twice in one file is a row problem naming both lines on every path: a first load, a
/// re-upload onto a wave that holds the respondent (where an upsert would let the later row win), a dry run, a web
/// upload and the inbox.</summary>
public sealed class RepeatedIdTests(TestDatabase db) : IClassFixture<TestDatabase>, IDisposable
{
    private static readonly string[] Header = ["Svars-ID", .. Codes];
    private readonly string _dataDir = Directory.CreateTempSubdirectory("survey-repeat-").FullName;

    // 1001 on line 2 as stored, 1001 again on line 5 with other answers: the later row must not win.
    private static readonly string Repeated = Csv(',', "\n", Header, ["1001", .. FirstAsCodes], ["1002", .. SecondAsCodes], ["1001", .. SecondAsCodes]);

    private static readonly UploadProblem Problem =
        new(5, "Svars-ID", "1001", "Svars-ID 1001 förekommer flera gånger i filen (första gången på rad 2).");

    private async Task<(string Wave, string Before)> WaveHoldingBothAsync(string? wave = null)
    {
        wave ??= await NewWaveAsync(db);
        var first = await IngestAsync(db, Csv(',', "\n", Header, ["1001", .. FirstAsCodes], ["1002", .. SecondAsCodes]), wave);
        Assert.True(first.IsAccepted);
        return (wave, await DataSnapshotAsync(db));
    }

    [Fact]
    public async Task On_a_first_load()
    {
        var wave = await NewWaveAsync(db);
        var result = await IngestAsync(db, Repeated, wave);
        AssertRejected(result);
        Assert.Empty(await RespondentsAsync(db, wave));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task On_a_reupload_onto_a_wave_that_holds_the_respondent(bool dryRun)
    {
        var (wave, before) = await WaveHoldingBothAsync();
        var result = await IngestAsync(db, Repeated, wave, dryRun: dryRun);
        AssertRejected(result);
        Assert.Equal(before, await DataSnapshotAsync(db));
    }

    [Fact]
    public async Task When_invalid_rows_are_skipped_the_first_row_stays()
    {
        var (wave, _) = await WaveHoldingBothAsync();
        var result = await IngestAsync(db, Repeated, wave, skipInvalidRows: true);
        Assert.Equal(("accepted", 0, 0, 2), (result.Status, result.Inserted, result.Updated, result.Unchanged));
        Assert.Equal([Problem], result.Problems);
        Assert.Equal([First with { SubmittedAt = null }, Second with { SubmittedAt = null }], await RespondentsAsync(db, wave));
    }

    [Fact]
    public async Task On_a_web_upload()
    {
        var (wave, before) = await WaveHoldingBothAsync();
        await using var content = new MemoryStream(Encoding.UTF8.GetBytes(Repeated));
        var id = await PendingUploads.CreateAsync(db.DataSource, UploadKind.Survey, wave, "webb.csv", content, "admin",
            1 << 20, skipInvalidRows: false, default);
        var result = await PendingUploads.ProcessAsync(db.DataSource, id, default);
        AssertRejected(result);
        Assert.Equal(before, await DataSnapshotAsync(db));
    }

    [Fact]
    public async Task In_the_inbox()
    {
        var (_, before) = await WaveHoldingBothAsync("V16-2021");
        var folder = Directory.CreateDirectory(Path.Combine(_dataDir, "inbox", "V16-2021")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "inkorg.csv"), Repeated);
        await new InboxJob(db.DataSource, Options.Create(new SurveyOptions { DataDir = _dataDir }), new Later(),
            NullLogger<InboxJob>.Instance).ScanAsync(default);
        var problems = await File.ReadAllTextAsync(Path.Combine(folder, "rejected", "inkorg.csv.problems.txt"));
        Assert.Contains("Rad 5, kolumn \"Svars-ID\", värde \"1001\": Svars-ID 1001 förekommer flera gånger i filen (första gången på rad 2).", problems);
        Assert.Equal(before, await DataSnapshotAsync(db));
    }

    private static void AssertRejected(UploadResult result)
    {
        Assert.Equal("rejected", result.Status);
        Assert.Equal([Problem], result.Problems);
    }

    /// <summary>The clock a little ahead, so that a file just written counts as settled.</summary>
    private sealed class Later : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddMinutes(1);
    }

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);
}
