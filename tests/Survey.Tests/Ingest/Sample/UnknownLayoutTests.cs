using System.Text;
using Survey.Ingest.Profiles;
using Survey.Ingest.Sample;
using Survey.Ingest.Uploads;
using Survey.Reports.Goals;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Ingest.Sample;

/// <summary>
/// A tool whose layout could not be looked up (Netigate, Questback/Essentials, esMaker, Webropol, Artologik: see the
/// README) gets the generic path: a file whose headings nothing matches (no row even looks like a header) is refused
/// rather than guessed at, its first full row is shown column by column in the preview before anything is stored, and once
/// the headings are saved as an export profile's aliases it loads with the same respondents and goal outcomes as the
/// codes export.
/// </summary>
public sealed class UnknownLayoutTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private const int Respondents = 50;
    private const int Seed = 31;

    [Fact]
    public async Task An_export_in_an_unknown_layout_is_previewed_refused_and_then_loaded_with_its_mapping()
    {
        var (codesWave, toolWave) = (await NewWaveAsync(db), await NewWaveAsync(db));
        var codesFile = await Samples.ExportAsync(db, SampleShape.Codes, Respondents, Seed);
        await IngestAsync(db, codesFile, codesWave);
        // The same respondents under the tool's own variable names ("Variabel 1" …), values as the instrument's codes.
        var text = Encoding.UTF8.GetString(codesFile);
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        var codes = text[..end].Split(',')[2..];
        // A title above the headings, as some tools write.
        var file = Encoding.UTF8.GetBytes("Svar på enkäten V16\n" +
            string.Join(',', ["Svars-ID", "Inskickad", .. codes.Select((_, i) => $"Variabel {i + 1}")]) + text[end..]);

        using (var raw = new MemoryStream(file))
        {
            var preview = await ImportPreview.RunAsync(db.DataSource, "verktyg.csv", raw, toolWave, null, long.MaxValue, default);
            // No row looks like a header of the wave's questions: its first full row (below the title) is shown as the headings, to be mapped.
            Assert.Equal(ImportPreview.NoHeaderRecognised, preview.Warnings[0]);
            Assert.True(preview.NeedsMapping);
            Assert.Equal(codes.Length, preview.Missing.Count);
            Assert.Equal(codes.Length, preview.Columns.Count(c => c.Unmatched));
            Assert.Equal((2, Respondents), (preview.HeaderRows, preview.RowsRead)); // the title and the headings
            Assert.Equal(["Svars-ID", "Inskickad", "Variabel 1"], preview.Columns.Take(3).Select(c => c.Heading));
        }
        var before = await DataSnapshotAsync(db);
        var refused = await IngestAsync(db, file, toolWave, "verktyg.csv", skipInvalidRows: true);
        Assert.Equal(UploadResult.Rejected, refused.Status);
        Assert.StartsWith("Ingen rubrikrad hittades bland filens första 30 rader. Filens första rad börjar med \"Svar på enkäten V16\".",
            refused.Problems.Single().Message);
        Assert.EndsWith("Har verktyget egna rubriker, mappa dem i förhandsgranskningen (ingest --preview, eller Förhandsgranska " +
                        "först på uppladdningssidan).", refused.Problems.Single().Message);
        Assert.Equal(before, await DataSnapshotAsync(db));

        const string profile = "Okänt verktyg";
        await using (var connection = await db.DataSource.OpenConnectionAsync())
            for (var i = 0; i < codes.Length; i++)
                await ExportProfiles.AddHeaderAsync(connection, profile, $"Variabel {i + 1}", codes[i], codes: true, default);
        using var content = new MemoryStream(file);
        var loaded = await Ingestion.RunAsync(db.DataSource, new IngestRequest
        {
            Kind = UploadKind.Survey, FileName = "verktyg.csv", Content = content, WaveCode = toolWave, UploadedBy = "test", Profile = profile,
        }, null, default);
        Assert.True(loaded.IsAccepted, string.Join("; ", loaded.Problems.Select(p => p.Message)));
        Assert.Equal((Respondents, Respondents), (loaded.Rows, loaded.Inserted));
        Assert.Empty(loaded.Warnings);
        Assert.Equal(await Samples.WaveContentAsync(db, codesWave), await Samples.WaveContentAsync(db, toolWave));
        var expected = await GoalsAsync(codesWave);
        Assert.Contains(expected, g => g.Code == "G_DIGITAL_INDEX" && g.N > 0);
        Assert.Equal(expected, await GoalsAsync(toolWave));
    }

    private async Task<List<(string Code, long? N, double? Outcome)>> GoalsAsync(string wave) =>
        (await GoalOutcomes.ComputeAsync(db.DataSource, GoalSelection.ForWave(wave), default)).Goals
        .Where(g => g.Code != "G_SVARSFREKVENS").Select(g => (g.Code, g.N, g.Outcome)).ToList();
}
