using Survey.Ingest.Uploads;
using static Survey.Tests.Ingest.Exports.KnownRespondents;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Ingest.Exports;

/// <summary>An upload says what it did: nothing stored is a rejection, numeric codes are never guessed, a file
/// that lacks the wave's questions says which, and a file without a header says what came closest.</summary>
public sealed class HonestResultTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private const string Keyless = Survey.Ingest.Exports.AnswerParser.Keyless;
    private const string LabelNumbers = Survey.Ingest.Exports.LabelNumbers.Message;

    private static string Text(string code) => Texts[Array.IndexOf(Codes, code)];

    [Fact]
    public async Task A_file_whose_every_row_is_skipped_is_rejected()
    {
        var wave = await NewWaveAsync(db);
        var bad = (string[])FirstAsCodes.Clone();
        bad[Array.IndexOf(Codes, "A_MOTEN")] = "8";
        var csv = Csv(',', "\n", ["Svars-ID", .. Codes], ["1001", .. bad]);
        var result = await IngestAsync(db, csv, wave, skipInvalidRows: true);
        Assert.Equal(("rejected", 1, 0), (result.Status, result.Rows, result.Stored));
        Assert.Equal("Ingen rad sparades: alla 1 rader hade fel. Rätta filen och ladda upp den igen.", result.Problems[0].Message);
        Assert.Equal(new UploadProblem(2, "A_MOTEN", "8", "Ogiltigt svar för A_MOTEN: ska vara 1–6 eller Vet ej / Ej aktuellt."), result.Problems[1]);
        Assert.Empty(await RespondentsAsync(db, wave));
    }

    [Fact]
    public async Task Numeric_codes_under_question_texts_are_refused_once_per_column_even_when_skipping_rows()
    {
        var wave = await NewWaveAsync(db);
        var before = await DataSnapshotAsync(db);
        // Gender and age as a tool's option numbers (which happen to be ours), municipalities as 1-9 (which are not).
        var first = (string[])FirstAsLabels.Clone();
        var second = (string[])SecondAsLabels.Clone();
        (first[2], first[3], first[5], second[2], second[3], second[5]) = ("1", "2", "2", "2", "1", "9");
        var csv = Csv(';', "\n", ["Svars-ID", .. Texts], ["1001", .. first], ["1002", .. second]);
        var result = await IngestAsync(db, csv, wave, skipInvalidRows: true);
        Assert.Equal("rejected", result.Status);
        // In such a file a whole number of remote days may be a label number too (the first row's 2,5 cannot be one).
        Assert.Equal([new UploadProblem(2, "Kön", "1", Keyless), new UploadProblem(2, "Åldersgrupp", "2", Keyless),
            new UploadProblem(2, "I vilken kommun bor du?", "2", Keyless), new UploadProblem(2, Text("D_ONSKAT"), "3", LabelNumbers),
            new UploadProblem(4, Text("D_DAGAR"), "0", LabelNumbers)],
            result.Problems);
        Assert.Equal(before, await DataSnapshotAsync(db));
    }

    [Fact]
    public async Task Codes_under_the_instruments_own_codes_and_likert_steps_under_texts_are_read()
    {
        var wave = await NewWaveAsync(db);
        // Question texts with labels, but the A_ statements as their scale steps (1-6): a Likert step is a number.
        string[] first = [.. FirstAsLabels[..14], "4", "5", "6", "3", "Vet ej / Ej aktuellt", "2", "1", "", "5", "4", .. FirstAsLabels[24..]];
        var csv = Csv(';', "\n", ["Svars-ID", "Inskickad", .. Texts], ["1001", "2021-04-20 14:33:05", .. first]);
        var result = await IngestAsync(db, csv, wave);
        Assert.True(result.IsAccepted, string.Join("; ", result.Problems.Select(p => p.Message)));
        Assert.Equal([First], await RespondentsAsync(db, wave));
    }

    [Fact]
    public async Task A_response_status_leaves_partial_and_screened_out_responses_out()
    {
        var wave = await NewWaveAsync(db);
        // SurveyMonkey's response_status as its API writes it (completed, partial, overquota, disqualified).
        const string at = "2021-04-20 14:33:05";
        var csv = Csv(',', "\n", ["Respondent ID", "response_status", "Inskickad", .. Codes],
            ["1001", "completed", at, .. FirstAsCodes], ["1002", "partial", at, .. SecondAsCodes],
            ["1003", "overquota", at, .. SecondAsCodes], ["1004", "disqualified", at, .. SecondAsCodes]);
        var result = await IngestAsync(db, csv, wave);
        Assert.True(result.IsAccepted, string.Join("; ", result.Problems.Select(p => p.Message)));
        Assert.Equal((4, 1), (result.Rows, result.Inserted));
        Assert.Equal([new Survey.Ingest.Exports.LeftOut(Survey.Ingest.Exports.LeftOutRows.ScreenedOut, 2),
                new Survey.Ingest.Exports.LeftOut(Survey.Ingest.Exports.LeftOutRows.Partial, 1)],
            result.LeftOut.OrderBy(l => l.Reason == Survey.Ingest.Exports.LeftOutRows.Partial));
        Assert.Contains("Utelämnade: 3 rader räknas inte som svarande: 2 utesluten av enkätverktyget " +
                        "(svarsstatus: kvoten full eller diskvalificerad), 1 ofullständigt svar enligt enkätverktygets svarsstatus",
            UploadReport.ToSwedishText(result));
        Assert.Equal([First], await RespondentsAsync(db, wave));
    }

    [Fact]
    public async Task LimeSurvey_answer_codes_are_codes_without_a_key()
    {
        var wave = await NewWaveAsync(db);
        var first = (string[])FirstAsLabels.Clone();
        first[Array.IndexOf(Codes, "D_PLATS")] = "AO01";
        var result = await IngestAsync(db, Csv(',', "\n", Texts, first), wave);
        Assert.Equal([new UploadProblem(2, Text("D_PLATS"), "AO01", Keyless), new UploadProblem(2, Text("D_ONSKAT"), "3", LabelNumbers)],
            result.Problems);
    }

    [Fact]
    public async Task Missing_questions_are_a_warning_and_more_than_half_missing_rejects_unless_confirmed()
    {
        var wave = await NewWaveAsync(db);
        var keep = Enumerable.Range(0, Codes.Length).Where(i => !Codes[i].StartsWith("A_", StringComparison.Ordinal)).ToArray();
        var csv = Csv(',', "\n", ["Svars-ID", .. keep.Select(i => Codes[i])], ["1001", .. keep.Select(i => FirstAsCodes[i])]);
        var result = await IngestAsync(db, csv, wave);
        Assert.True(result.IsAccepted);
        Assert.Equal(["Filen saknar 10 av mätningens 28 frågor: A_UTRUSTNING, A_MOTEN, A_IT_STOD, A_ERGONOMI, A_DELAKTIG, " +
                      "A_CHEFSTOD, A_ATERHAMTNING, A_SAKERHET, A_BELASTNING, A_KOMPETENS."], result.Warnings);
        Assert.Contains("VARNING: Filen saknar 10 av mätningens 28 frågor", UploadReport.ToSwedishText(result));

        var few = Csv(',', "\n", ["Svars-ID", .. Codes[..5]], ["1002", .. SecondAsCodes[..5]]);
        var rejected = await IngestAsync(db, few, wave);
        Assert.Equal("rejected", rejected.Status);
        Assert.StartsWith("Filen saknar 23 av mätningens 28 frågor: B_HEMKOMMUN, B_ARBKOMMUN, D_DAGAR,", rejected.Problems.Single().Message);
        Assert.Contains("Fler än hälften av mätningens frågor saknas", rejected.Problems.Single().Message);
        Assert.Single(await RespondentsAsync(db, wave));

        using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(few));
        var confirmed = await Ingestion.RunAsync(db.DataSource, new IngestRequest
        {
            Kind = UploadKind.Survey, FileName = "puls.csv", Content = content, WaveCode = wave, AllowMissingQuestions = true,
        }, null, CancellationToken.None);
        Assert.Equal(("accepted", 1), (confirmed.Status, confirmed.Inserted));
        Assert.StartsWith("Filen saknar 23 av mätningens 28 frågor", confirmed.Warnings.Single());
        Assert.Equal(confirmed.Warnings, (await UploadLog.ReadResultAsync(await db.DataSource.OpenConnectionAsync(), confirmed.UploadId, default))!.Warnings);
    }

    [Fact]
    public async Task Without_a_header_the_closest_cells_and_what_was_expected_are_named()
    {
        var wave = await NewWaveAsync(db);
        var result = await IngestAsync(db, "Förvaltningen;Enheten;Kommentar\nHSF;HSF-0001;x\n", wave);
        var message = result.Problems.Single().Message;
        Assert.StartsWith("Ingen rubrikrad hittades bland filens första 30 rader. Närmast kom \"Förvaltningen\" (liknar " +
                          "Förvaltning, B_FORV), \"Enheten\" (liknar Enhet, B_ENHET).", message);
        Assert.Contains("LimeSurvey skriver koderna utan understreck, t.ex. BFORV", message);
    }

    [Fact]
    public async Task Header_rows_and_stored_respondents_are_counted()
    {
        var wave = await NewWaveAsync(db);
        var csv = "Enkätexport V16\n\n" + Csv(',', "\n", ["Svars-ID", .. Codes], ["1001", .. FirstAsCodes], ["1002", .. SecondAsCodes]);
        var result = await IngestAsync(db, csv, wave);
        Assert.Equal((2, 2, 2), (result.HeaderRows, result.Rows, result.Stored));
        Assert.Contains("Rader: 4 lästa, varav 2 rubrikrader och 2 datarader", UploadReport.ToSwedishText(result));
    }
}
