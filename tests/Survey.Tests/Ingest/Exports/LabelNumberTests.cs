using System.Globalization;
using Dapper;
using Survey.Ingest.Exports;
using Survey.Ingest.Profiles;
using Survey.Ingest.Sample;
using Survey.Ingest.Uploads;
using Survey.Reports.Goals;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Ingest.Exports;

/// <summary>
/// Enalyzer's default export writes label numbers: D_DAGAR's 2 means 0,5 dagar, not 2. Such numbers under a
/// question-text heading are never read as the value in a file whose choice columns hold a tool's codes: the file is
/// refused and changes nothing, and after the codebook is saved as an export profile it loads with the same
/// respondents and goals as the codes export.
/// </summary>
public sealed class LabelNumberTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private const string Days = "Hur många dagar per vecka har du i genomsnitt arbetat på distans de senaste tre månaderna?";
    private const string Agreement = "Har du ett skriftligt distansarbetsavtal med din chef?";

    [Fact]
    public async Task An_enalyzer_export_is_refused_until_its_label_numbers_are_mapped_and_then_gives_the_codes_exports_goals()
    {
        var (codesWave, toolWave) = (await NewWaveAsync(db), await NewWaveAsync(db));
        await IngestAsync(db, await Samples.ExportAsync(db, SampleShape.Codes, 90, 8), codesWave);
        var file = await Samples.ExportAsync(db, SampleShape.Enalyzer, 90, 8);

        var before = await DataSnapshotAsync(db);
        var refused = await IngestAsync(db, file, toolWave, "enalyzer.csv", skipInvalidRows: true);
        Assert.Equal(UploadResult.Rejected, refused.Status);
        Assert.Contains(refused.Problems, p => p.Column == Days && p.Message == LabelNumbers.Message);
        Assert.Contains(refused.Problems, p => p.Column == Agreement && p.Message == AnswerParser.Keyless);
        Assert.Equal(before, await DataSnapshotAsync(db));

        // The codebook: each answer's label number is its position in the question's list.
        const string profile = "Enalyzer, etikettnummer";
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            var instrument = await Survey.Ingest.Exports.UploadVocabulary.LoadAsync(connection, default);
            foreach (var q in instrument.Questions.Where(q => !q.Code.StartsWith("B_", StringComparison.Ordinal)))
            {
                if (LabelNumbers.IsList(q))
                    for (var n = 0; q.MinValue + n * q.Step <= q.MaxValue; n++)
                        await ExportProfiles.AddValueAsync(connection, profile, q.Code, $"{n + 1}",
                            (q.MinValue!.Value + n * q.Step!.Value).ToString(CultureInfo.InvariantCulture), default);
                else if (instrument.Labels.TryGetValue(q.Code, out var labels))
                    // Every label number, the scales' too: in a file of label numbers a step's number is not read as
                    // the step unless the codebook says so (a tool that lists Vet ej first writes 1 for it).
                    foreach (var (code, position) in labels.Keys.Select((c, i) => (Code: c, Position: i + 1)))
                        await ExportProfiles.AddValueAsync(connection, profile, q.Code, $"{position}", labels[code], default);
            }
        }
        var loaded = await IngestWithProfileAsync(file, toolWave, profile);
        Assert.True(loaded.IsAccepted, string.Join("; ", loaded.Problems.Select(p => $"{p.Line} {p.Column} {p.Value}: {p.Message}")));
        Assert.Equal((90, 90), (loaded.Rows, loaded.Inserted));
        Assert.Equal(await ContentAsync(codesWave), await ContentAsync(toolWave));
        var expected = await GoalsAsync(codesWave);
        Assert.Contains(expected, g => g.Code == "G_DISTANS" && g.N > 0);
        Assert.Equal(expected, await GoalsAsync(toolWave));
    }

    [Fact]
    public async Task A_number_read_before_the_first_coded_row_still_refuses_the_file_and_a_labelled_file_reads_it_as_days()
    {
        var wave = await NewWaveAsync(db);
        string[] header = ["Svars-ID", "Förvaltning", "Enhet", Days, Agreement];
        var coded = await IngestSmallAsync(Csv(';', "\n", header, ["1", "HSF", "HSF-0001", "2", ""], ["2", "HSF", "HSF-0001", "", "1"]),
            wave, allowMissing: true);
        Assert.Equal(UploadResult.Rejected, coded.Status);
        Assert.Equal([(2L, Days, "2", LabelNumbers.Message), (3L, Agreement, "1", AnswerParser.Keyless)],
            coded.Problems.Select(p => (p.Line!.Value, p.Column!, p.Value!, p.Message)));

        var labelled = await IngestSmallAsync(Csv(';', "\n", header, ["1", "HSF", "HSF-0001", "2", ""], ["2", "HSF", "HSF-0001", "", "Ja"]),
            wave, allowMissing: true);
        Assert.True(labelled.IsAccepted);
        Assert.Equal([Answers(("B_FORV", 2), ("D_DAGAR", 4)), Answers(("B_FORV", 2), ("D_AVTAL", 1))],
            (await RespondentsAsync(db, wave)).Select(r => r.Answers));
    }

    [Fact]
    public async Task Scale_numbers_in_a_file_of_tool_codes_are_refused_until_mapped_and_then_read_as_the_codebook_says()
    {
        const string meetings = "Digitala möten fungerar bra i mitt arbete";
        var wave = await NewWaveAsync(db);
        string[] header = ["Svars-ID", "Förvaltning", "Enhet", "Kön", meetings];
        // A tool that lists "Vet ej / Ej aktuellt" first: its 1 is Vet ej and its 3 the scale's second step; gender
        // as the tool's option numbers. Read as steps, 1 and 3 would be silently wrong.
        var csv = System.Text.Encoding.UTF8.GetBytes(Csv(';', "\n", header,
            ["1", "HSF", "HSF-0001", "1", "1"], ["2", "HSF", "HSF-0001", "2", "3"]));
        var before = await DataSnapshotAsync(db);
        var refused = await IngestWithProfileAsync(csv, wave, null, allowMissing: true);
        Assert.Equal(UploadResult.Rejected, refused.Status);
        Assert.Equal([(2L, "Kön", "1", AnswerParser.Keyless), (2L, meetings, "1", LabelNumbers.ScaleMessage)],
            refused.Problems.Select(p => (p.Line!.Value, p.Column!, p.Value!, p.Message)));
        Assert.Equal(before, await DataSnapshotAsync(db));

        const string profile = "Vet ej först";
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            await ExportProfiles.AddValueAsync(connection, profile, "B_KON", "1", "Kvinna", default);
            await ExportProfiles.AddValueAsync(connection, profile, "B_KON", "2", "Man", default);
            await ExportProfiles.AddValueAsync(connection, profile, "A_MOTEN", "1", "Vet ej / Ej aktuellt", default);
            for (var step = 1; step <= 6; step++)
                await ExportProfiles.AddValueAsync(connection, profile, "A_MOTEN", $"{step + 1}", $"{step}", default);
        }
        var loaded = await IngestWithProfileAsync(csv, wave, profile, allowMissing: true);
        Assert.True(loaded.IsAccepted, string.Join("; ", loaded.Problems.Select(p => p.Message)));
        Assert.Equal([Answers(("B_FORV", 2), ("B_KON", 1), ("A_MOTEN", 9)), Answers(("B_FORV", 2), ("B_KON", 2), ("A_MOTEN", 2))],
            (await RespondentsAsync(db, wave)).Select(r => r.Answers));
    }

    private async Task<UploadResult> IngestWithProfileAsync(byte[] file, string wave, string? profile, bool allowMissing = false)
    {
        using var content = new MemoryStream(file);
        return await Ingestion.RunAsync(db.DataSource, new IngestRequest
        {
            Kind = UploadKind.Survey, FileName = "enalyzer.csv", Content = content, WaveCode = wave, UploadedBy = "test", Profile = profile,
            AllowMissingQuestions = allowMissing,
        }, null, default);
    }

    private async Task<UploadResult> IngestSmallAsync(string csv, string wave, bool allowMissing)
    {
        using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv));
        return await Ingestion.RunAsync(db.DataSource, new IngestRequest
        {
            Kind = UploadKind.Survey, FileName = "litet.csv", Content = content, WaveCode = wave, UploadedBy = "test",
            AllowMissingQuestions = allowMissing,
        }, null, default);
    }

    private async Task<List<string>> ContentAsync(string wave)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<string>("""
            SELECT concat_ws('|', unit_code, answers, free_text) FROM respondent r JOIN wave w ON w.id = r.wave_id
            WHERE w.code = @wave ORDER BY 1
            """, new { wave })).ToList();
    }

    private async Task<List<(string Code, long? N, double? Outcome)>> GoalsAsync(string wave) =>
        (await GoalOutcomes.ComputeAsync(db.DataSource, GoalSelection.ForWave(wave), default)).Goals
        .Where(g => g.Code != "G_SVARSFREKVENS").Select(g => (g.Code, g.N, g.Outcome)).ToList();
}
