using Survey.Reports.Analyst;
using Survey.Reports.Goals;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Jobs;

/// <summary>What an analyst types for a filter is resolved once into ids; the order's key is written from them.</summary>
public sealed class AnalystOrderTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task A_filter_is_resolved_once_by_code_name_or_alias_and_an_unknown_one_is_refused_at_once()
    {
        await using (var upload = new MemoryStream("Svars-ID;B_FORV;B_ENHET\n1;HSF;HSF-0012\n"u8.ToArray()))
            Assert.True((await Survey.Ingest.Uploads.Ingestion.RunAsync(db.DataSource, new()
            {
                Kind = Survey.Ingest.Uploads.UploadKind.Survey, FileName = "x.csv", Content = upload, WaveCode = "V16-2021",
                AllowMissingQuestions = true,
            }, null, default)).IsAccepted);
        var hsf = await ScalarAsync<short>(db, "SELECT id FROM administration WHERE code = 'HSF'");
        await using var connection = await db.DataSource.OpenConnectionAsync();

        foreach (var spelling in new[] { "HSF", "hälso- och sjukvårdsförvaltningen", " Hälso- och sjukvårdsförvaltningen " })
            Assert.Equal(new WaveFilter(hsf, "HSF-0012"),
                await AnalystWorkbooks.FilterAsync(connection, [("unit", "hsf-0012"), ("administration", spelling)], default));
        Assert.Equal($"administration={hsf}&unit=HSF-0012", AnalystWorkbooks.Scope(new WaveFilter(hsf, "HSF-0012")));
        Assert.Equal("", AnalystWorkbooks.Scope(await AnalystWorkbooks.FilterAsync(connection, [("administration", ""), ("unit", " ")], default)));

        Assert.Equal("Okänd förvaltning 'Finns inte'.", (await Assert.ThrowsAsync<UserError>(() =>
            AnalystWorkbooks.FilterAsync(connection, [("administration", "Finns inte")], default))).Message);
        Assert.Equal("Okänd enhet 'HSF-9999'.", (await Assert.ThrowsAsync<UserError>(() =>
            AnalystWorkbooks.FilterAsync(connection, [("unit", "HSF-9999")], default))).Message);
    }
}
