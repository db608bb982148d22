using System.Security.Cryptography;
using System.Text;
using Survey.Ingest.Sample;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Ingest.Sample;

public sealed class SampleExportTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task The_same_seed_gives_the_same_file_and_another_seed_another()
    {
        var a = await Samples.ExportAsync(db, SampleShape.Text, 200, seed: 5);
        var b = await Samples.ExportAsync(db, SampleShape.Text, 200, seed: 5);
        var c = await Samples.ExportAsync(db, SampleShape.Text, 200, seed: 6);
        Assert.Equal(SHA256.HashData(a), SHA256.HashData(b));
        Assert.NotEqual(SHA256.HashData(a), SHA256.HashData(c));
    }

    [Fact]
    public async Task The_text_shape_is_windows1252_with_numbered_headers_labels_and_semicolons()
    {
        var bytes = await Samples.ExportAsync(db, SampleShape.Text, 300, seed: 7);
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(bytes));
        var text = Windows1252.GetString(bytes);
        Assert.StartsWith("Svars-ID;Starttid;Sluttid;E-post;1. Förvaltning;2. Enhet;3. Kön;", text);
        Assert.Contains("\r\n", text);
        Assert.Contains("Instämmer till stor del", text);
        Assert.Contains(",5;", text); // a half day with a decimal comma
    }

    [Fact]
    public async Task Exports_hold_tiny_units_every_administration_and_awkward_free_text()
    {
        var wave = await NewWaveAsync(db);
        await IngestAsync(db, await Samples.ExportAsync(db, SampleShape.Codes, 2000, seed: 8), wave);
        Assert.Equal(4L, await ScalarAsync<long>(db,
            "SELECT count(DISTINCT answers[1]) FROM respondent r JOIN wave w ON w.id = r.wave_id WHERE w.code = @wave", new { wave }));
        Assert.True(await ScalarAsync<long>(db, """
            SELECT count(*) FROM (SELECT unit_code FROM respondent r JOIN wave w ON w.id = r.wave_id WHERE w.code = @wave
                                  GROUP BY unit_code HAVING count(*) < 5) tiny
            """, new { wave }) > 0);
        var texts = await ScalarAsync<string>(db, """
            SELECT string_agg(DISTINCT value, '¤') FROM respondent r JOIN wave w ON w.id = r.wave_id, jsonb_each_text(r.free_text)
            WHERE w.code = @wave
            """, new { wave });
        foreach (var awkward in new[] { "=SUMMA(A1:A3)", "+ slipper", "-inget", "@chefen", "<script>alert('hej')</script>", "\"hybridmöten\"", "raden\nandra", "Fokus; färre" })
            Assert.Contains(awkward, texts);
        var shares = await ScalarAsync<string>(db, """
            SELECT string_agg(code || '=' || round(remote, 1), ' ' ORDER BY code) FROM (
                SELECT a.code, avg((answers[7] >= 2)::int) AS remote
                FROM respondent r JOIN wave w ON w.id = r.wave_id JOIN administration a ON a.id = r.answers[1]
                WHERE w.code = @wave AND answers[7] IS NOT NULL GROUP BY a.code) s
            """, new { wave });
        // Remote work (at least a day a week) is common in the staff and regional development, rare in health and dental care.
        Assert.Matches(@"^FTV=0\.[0-2] HSF=0\.[1-3] RS=0\.[7-9] RU=0\.[6-9]$", shares);
    }
}
