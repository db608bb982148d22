using Dapper;
using Survey.Ingest.Exports;
using Survey.Ingest.Sample;
using Survey.Reports.Goals;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Ingest.Sample;

/// <summary>
/// Each survey tool's export, as the tool writes it (several header rows, matrices, metadata, UTF-16), of the same
/// generated respondents as the codes-shape export: it loads unedited, with the same respondents and exactly the
/// same goal outcomes.
/// </summary>
public sealed class ToolLayoutTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private const int Respondents = 80;
    private const int Seed = 21;

    private sealed record Stored(string? UnitCode, DateTime? SubmittedAt, string Answers, string? FreeText);

    [Theory]
    [InlineData(nameof(SampleShape.SurveyMonkey), 2, "Collector ID, Start Date, IP Address, Email Address, First Name, Last Name, Custom Data 1, I vilken kommun bor du? [Other (please specify)]")]
    [InlineData(nameof(SampleShape.Qualtrics), 3, "StartDate, IPAddress, Progress, Duration (in seconds), RecordedDate, RecipientLastName, RecipientFirstName, RecipientEmail, ExternalReference, LocationLatitude, LocationLongitude, DistributionChannel, UserLanguage")]
    [InlineData(nameof(SampleShape.QualtricsTsv), 3, "StartDate, IPAddress, Progress, Duration (in seconds), RecordedDate, RecipientLastName, RecipientFirstName, RecipientEmail, ExternalReference, LocationLatitude, LocationLongitude, DistributionChannel, UserLanguage")]
    [InlineData(nameof(SampleShape.QualtricsLegacy), 2, "ResponseSet, Name, ExternalDataReference, EmailAddress, IPAddress, StartDate")]
    [InlineData(nameof(SampleShape.LimeSurvey), 1, "lastpage. Sista sidan, startlanguage. Startspråk, seed. Seed")]
    [InlineData(nameof(SampleShape.GoogleForms), 1, "E-postadress")]
    [InlineData(nameof(SampleShape.FormsXlsx), 2, "Starttid, E-post, Namn")]
    public async Task A_tools_export_loads_the_same_respondents_and_goals_as_the_codes_export(string shapeName, int headerRows, string ignored)
    {
        var shape = Enum.Parse<SampleShape>(shapeName);
        var (codesWave, toolWave) = (await NewWaveAsync(db), await NewWaveAsync(db));
        var codes = await IngestAsync(db, await Samples.ExportAsync(db, SampleShape.Codes, Respondents, Seed), codesWave);
        var tool = await IngestAsync(db, await Samples.ExportAsync(db, shape, Respondents, Seed), toolWave, $"{shape}.csv");

        Assert.True(tool.IsAccepted, string.Join("; ", tool.Problems.Select(p => $"{p.Line} {p.Column} {p.Value}: {p.Message}")));
        // Qualtrics records the administrator's preview and a response left unfinished too, LimeSurvey a response
        // never submitted: read, left out and said.
        List<LeftOut> leftOut = shape switch
        {
            SampleShape.LimeSurvey => [new(LeftOutRows.Unfinished, 1)],
            SampleShape.Qualtrics or SampleShape.QualtricsTsv or SampleShape.QualtricsLegacy =>
                [new(LeftOutRows.Preview, 1), new(LeftOutRows.Unfinished, 1)],
            _ => [],
        };
        Assert.Equal((Respondents + leftOut.Count, Respondents, headerRows), (tool.Rows, tool.Inserted, tool.HeaderRows));
        Assert.Equal(leftOut, tool.LeftOut.OrderBy(l => l.Reason == LeftOutRows.Unfinished));
        Assert.Empty(tool.Warnings);
        Assert.Equal(ignored, string.Join(", ", tool.IgnoredColumns));
        Assert.Equal(codes.Inserted, tool.Inserted);
        Assert.Equal(await StoredAsync(codesWave), await StoredAsync(toolWave));

        var expected = await GoalsAsync(codesWave);
        Assert.Contains(expected, g => g.Code == "G_DIGITAL_INDEX" && g.N > 0);
        Assert.Contains(expected, g => g.Code == "G_ATERHAMTNING" && g.N > 0);
        Assert.Equal(expected, await GoalsAsync(toolWave));
    }

    private async Task<List<Stored>> StoredAsync(string wave)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<Stored>("""
            SELECT r.unit_code AS UnitCode, r.submitted_at AS SubmittedAt, r.answers::text AS Answers, r.free_text::text AS FreeText
            FROM respondent r JOIN wave w ON w.id = r.wave_id WHERE w.code = @wave
            ORDER BY r.unit_code, r.answers::text, r.free_text::text
            """, new { wave })).ToList();
    }

    private async Task<List<(string Code, long? N, double? Outcome)>> GoalsAsync(string wave) =>
        (await GoalOutcomes.ComputeAsync(db.DataSource, GoalSelection.ForWave(wave), default)).Goals
        .Where(g => g.Code != "G_SVARSFREKVENS").Select(g => (g.Code, g.N, g.Outcome)).ToList();
}
