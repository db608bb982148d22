using Survey.Ingest.Sample;
using Survey.Ingest.Uploads;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Ingest.Uploads;

/// <summary>Web and inbox uploads: stored first, then ingested by a job that may run more than once.</summary>
public sealed class PendingUploadsTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private async Task<long> CreateAsync(string wave, byte[] bytes, long maxBytes = UploadLimits.DefaultMaxBytes,
        bool allowMissingQuestions = false)
    {
        using var content = new MemoryStream(bytes);
        return await PendingUploads.CreateAsync(db.DataSource, UploadKind.Survey, wave, "webb.csv", content, "admin", maxBytes,
            skipInvalidRows: false, CancellationToken.None, allowMissingQuestions);
    }

    [Fact]
    public async Task A_stored_upload_is_ingested_once_and_its_bytes_dropped()
    {
        var wave = await NewWaveAsync(db);
        var id = await CreateAsync(wave, await Samples.ExportAsync(db, SampleShape.Codes, 120, seed: 31));
        Assert.Equal("pending", (await UploadRowAsync(db, id)).Status);
        Assert.Equal(1L, await ScalarAsync<long>(db, "SELECT count(*) FROM upload_file WHERE upload_id = @id", new { id }));

        var result = await PendingUploads.ProcessAsync(db.DataSource, id, CancellationToken.None);
        Assert.Equal(("accepted", 120, 120, id), (result.Status, result.Rows, result.Inserted, result.UploadId));
        Assert.Equal(0L, await ScalarAsync<long>(db, "SELECT count(*) FROM upload_file WHERE upload_id = @id", new { id }));

        var stored = await Samples.WaveContentAsync(db, wave);
        var finished = await ScalarAsync<DateTime>(db, "SELECT finished_at FROM upload WHERE id = @id", new { id });
        var again = await PendingUploads.ProcessAsync(db.DataSource, id, CancellationToken.None);
        Assert.Equal(result.ToJson(), again.ToJson());
        Assert.Equal(stored, await Samples.WaveContentAsync(db, wave));
        Assert.Equal(finished, await ScalarAsync<DateTime>(db, "SELECT finished_at FROM upload WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task Two_deliveries_of_the_same_job_at_once_ingest_it_once()
    {
        var wave = await NewWaveAsync(db);
        var id = await CreateAsync(wave, await Samples.ExportAsync(db, SampleShape.FormsXlsx, 80, seed: 32));
        var results = await Task.WhenAll(
            PendingUploads.ProcessAsync(db.DataSource, id, CancellationToken.None),
            PendingUploads.ProcessAsync(db.DataSource, id, CancellationToken.None));
        Assert.Equal(results[0].ToJson(), results[1].ToJson());
        Assert.Equal(80, results[0].Inserted);
        Assert.StartsWith("80:", await Samples.WaveContentAsync(db, wave));
    }

    [Fact]
    public async Task An_upload_over_the_size_limit_is_logged_as_rejected_without_its_bytes()
    {
        var wave = await NewWaveAsync(db);
        var id = await CreateAsync(wave, new byte[5000], maxBytes: 4096);
        Assert.Equal(0L, await ScalarAsync<long>(db, "SELECT count(*) FROM upload_file WHERE upload_id = @id", new { id }));
        var result = await PendingUploads.ProcessAsync(db.DataSource, id, CancellationToken.None);
        Assert.Equal("rejected", result.Status);
        Assert.Equal("Filen är större än gränsen på 4 kB och har inte lästs in.", result.Problems.Single().Message);
    }

    [Fact]
    public async Task A_rejected_upload_keeps_its_problems_for_the_web_page()
    {
        var wave = await NewWaveAsync(db);
        // Three of the wave's questions: confirmed on the upload, so the job reads the rows.
        var id = await CreateAsync(wave, "B_FORV,B_ENHET,B_KON\nHSF,HSF-0001,9\n"u8.ToArray(), allowMissingQuestions: true);
        var result = await PendingUploads.ProcessAsync(db.DataSource, id, CancellationToken.None);
        Assert.Equal("rejected", result.Status);
        var stored = await PendingUploads.ProcessAsync(db.DataSource, id, CancellationToken.None);
        Assert.Equal([new UploadProblem(2, "B_KON", "9", "Ogiltigt svar för B_KON: ska vara ett av 1 Kvinna, 2 Man, 3 Annat, 4 Vill ej uppge.")], stored.Problems);
    }

    [Fact]
    public async Task An_upload_for_an_unknown_wave_is_rejected_at_once_naming_the_wave()
    {
        var id = await CreateAsync("V16-1999", "B_FORV,B_ENHET,B_KON\nHSF,HSF-0001,1\n"u8.ToArray());
        Assert.Equal("rejected", (await UploadRowAsync(db, id)).Status);
        var result = await PendingUploads.ProcessAsync(db.DataSource, id, CancellationToken.None);
        Assert.StartsWith("Okänd mätning: V16-1999.", result.Problems.Single().Message);
    }
}
