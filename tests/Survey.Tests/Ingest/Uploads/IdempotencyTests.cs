using System.Text;
using Survey.Ingest.Sample;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Ingest.Uploads;

/// <summary>Uploading the same respondents again, in the same or another export shape, creates no duplicates.</summary>
public sealed class IdempotencyTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private const int Respondents = 300;

    [Fact]
    public async Task Re_uploading_the_same_file_changes_nothing()
    {
        var wave = await NewWaveAsync(db);
        var export = await Samples.ExportAsync(db, SampleShape.Codes, Respondents, seed: 11);
        var first = await IngestAsync(db, export, wave);
        Assert.Equal((Respondents, Respondents, 0, 0), (first.Rows, first.Inserted, first.Updated, first.Unchanged));
        var stored = await Samples.WaveContentAsync(db, wave);
        var again = await IngestAsync(db, export, wave);
        Assert.Equal((Respondents, 0, 0, Respondents), (again.Rows, again.Inserted, again.Updated, again.Unchanged));
        Assert.Equal(stored, await Samples.WaveContentAsync(db, wave));
        Assert.StartsWith($"{Respondents}:", stored);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("forms-xlsx")]
    public async Task The_same_respondents_in_another_shape_are_unchanged(string shapeName)
    {
        var shape = shapeName == "text" ? SampleShape.Text : SampleShape.FormsXlsx;
        var wave = await NewWaveAsync(db);
        await IngestAsync(db, await Samples.ExportAsync(db, SampleShape.Codes, Respondents, seed: 12), wave);
        var stored = await Samples.WaveContentAsync(db, wave);
        var other = await IngestAsync(db, await Samples.ExportAsync(db, shape, Respondents, seed: 12), wave,
            shape == SampleShape.FormsXlsx ? "forms.xlsx" : "text.csv");
        Assert.True(other.IsAccepted, string.Join("; ", other.Problems.Select(p => p.Message)));
        Assert.Equal((Respondents, 0, 0, Respondents), (other.Rows, other.Inserted, other.Updated, other.Unchanged));
        Assert.Equal(stored, await Samples.WaveContentAsync(db, wave));
    }

    [Fact]
    public async Task A_corrected_answer_is_one_update()
    {
        var wave = await NewWaveAsync(db);
        var export = Encoding.UTF8.GetString(await Samples.ExportAsync(db, SampleShape.Codes, Respondents, seed: 13));
        await IngestAsync(db, export, wave);
        var lines = export.Split('\n');
        var fields = lines[1].Split(',');
        var restid = Array.IndexOf(lines[0].Split(','), "D_RESTID");
        fields[restid] = fields[restid] == "42" ? "43" : "42";
        lines[1] = string.Join(',', fields);
        var corrected = await IngestAsync(db, string.Join('\n', lines), wave);
        Assert.Equal((0, 1, Respondents - 1), (corrected.Inserted, corrected.Updated, corrected.Unchanged));
    }

    [Fact]
    public async Task A_dry_run_counts_but_stores_and_logs_nothing()
    {
        var wave = await NewWaveAsync(db);
        var uploads = await ScalarAsync<long>(db, "SELECT count(*) FROM upload");
        var before = await DataSnapshotAsync(db);
        var result = await IngestAsync(db, await Samples.ExportAsync(db, SampleShape.Codes, 50, seed: 14), wave, dryRun: true);
        Assert.Equal(("accepted", 50, 50), (result.Status, result.Rows, result.Inserted));
        Assert.Equal(before, await DataSnapshotAsync(db));
        Assert.Equal(uploads, await ScalarAsync<long>(db, "SELECT count(*) FROM upload"));
    }

    [Fact]
    public async Task Two_uploads_of_the_same_file_at_once_store_it_once()
    {
        var wave = await NewWaveAsync(db);
        var export = await Samples.ExportAsync(db, SampleShape.Codes, Respondents, seed: 15);
        var results = await Task.WhenAll(IngestAsync(db, export, wave), IngestAsync(db, export, wave));
        Assert.All(results, r => Assert.True(r.IsAccepted));
        Assert.Equal((Respondents, Respondents), (results.Sum(r => r.Inserted), results.Sum(r => r.Unchanged)));
        Assert.StartsWith($"{Respondents}:", await Samples.WaveContentAsync(db, wave));
    }
}
