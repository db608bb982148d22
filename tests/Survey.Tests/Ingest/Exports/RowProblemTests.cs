using Survey.Ingest.Uploads;
using static Survey.Tests.Ingest.Exports.KnownRespondents;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Ingest.Exports;

/// <summary>Each row problem is reported with its physical line, the header as written, the value and the
/// documented Swedish message; the file is then rejected and the database is left as it was.</summary>
public sealed class RowProblemTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private const string Days = "Ogiltigt värde för D_DAGAR: ska vara ett tal 0–5 i hela eller halva (t.ex. 2,5).";
    private const string Travel = "Ogiltigt värde för D_RESTID: ska vara ett heltal 0–300.";
    private const string Likert = "Ogiltigt svar för A_MOTEN: ska vara 1–6 eller Vet ej / Ej aktuellt.";
    private const string Gender = "Ogiltigt svar för B_KON: ska vara ett av 1 Kvinna, 2 Man, 3 Annat, 4 Vill ej uppge.";

    [Theory]
    [InlineData("B_KON", "7", Gender)]
    [InlineData("B_KON", "Kvinnlig", Gender)]
    [InlineData("A_MOTEN", "7", Likert)]
    [InlineData("A_MOTEN", "0", Likert)]
    [InlineData("D_DAGAR", "5.5", Days)]
    [InlineData("D_DAGAR", "2,25", Days)]
    [InlineData("D_DAGAR", "två", Days)]
    [InlineData("D_RESTID", "301", Travel)]
    [InlineData("D_RESTID", "12.5", Travel)]
    [InlineData("B_FORV", "", "Förvaltning saknas.")]
    public async Task An_invalid_value_is_reported_and_nothing_is_stored(string column, string value, string message)
    {
        var wave = await NewWaveAsync(db);
        var bad = (string[])FirstAsCodes.Clone();
        bad[Array.IndexOf(Codes, column)] = value;
        // The first data row holds a line break, so the bad row starts on physical line 4.
        var csv = Csv(',', "\n", ["Svars-ID", .. Codes], ["1001", .. FirstAsCodes], ["1002", .. bad]);
        await AssertRejectedAsync(wave, csv, new UploadProblem(4, column, value, message));
    }

    [Fact]
    public async Task A_repeated_respondent_id_is_reported_on_its_later_line()
    {
        var wave = await NewWaveAsync(db);
        var csv = Csv(',', "\n", ["Svars-ID", .. Codes], ["1001", .. FirstAsCodes], ["1002", .. SecondAsCodes], ["1001", .. SecondAsCodes]);
        await AssertRejectedAsync(wave, csv, new UploadProblem(5, "Svars-ID", "1001", "Svars-ID 1001 förekommer flera gånger i filen (första gången på rad 2)."));
    }

    [Fact]
    public async Task A_unit_under_two_administrations_is_reported()
    {
        var wave = await NewWaveAsync(db);
        var moved = (string[])SecondAsCodes.Clone();
        moved[1] = "RS-7777";
        var other = (string[])FirstAsCodes.Clone();
        other[1] = "RS-7777";
        var csv = Csv(',', "\n", ["Svars-ID", .. Codes], ["1002", .. moved], ["1001", .. other]);
        await AssertRejectedAsync(wave, csv, new UploadProblem(3, "B_ENHET", "RS-7777", "Enheten RS-7777 hör i den här mätningen till Regionstab, inte till Hälso- och sjukvårdsförvaltningen."));
    }

    [Fact]
    public async Task The_column_is_named_as_the_export_wrote_it()
    {
        var wave = await NewWaveAsync(db);
        var bad = (string[])SecondAsLabels.Clone();
        bad[2] = "Kvinnlig";
        var csv = Csv(';', "\r\n", ["Svars-ID", .. Texts.Select((t, i) => $"{i + 1}. {t}")], ["1002", .. bad]);
        await AssertRejectedAsync(wave, csv, new UploadProblem(2, "3. Kön", "Kvinnlig", Gender));
    }

    [Fact]
    public async Task Every_problem_in_a_file_is_collected()
    {
        var wave = await NewWaveAsync(db);
        var bad = (string[])FirstAsCodes.Clone();
        bad[Array.IndexOf(Codes, "D_DAGAR")] = "6";
        bad[Array.IndexOf(Codes, "D_RESTID")] = "-1";
        var csv = Csv(',', "\n", ["Svars-ID", .. Codes], ["1001", .. bad], ["1002", .. SecondAsCodes], ["1002", .. SecondAsCodes]);
        await AssertRejectedAsync(wave, csv,
            new UploadProblem(2, "D_DAGAR", "6", Days), new UploadProblem(2, "D_RESTID", "-1", Travel),
            new UploadProblem(5, "Svars-ID", "1002", "Svars-ID 1002 förekommer flera gånger i filen (första gången på rad 4)."));
    }

    [Fact]
    public async Task Skipping_invalid_rows_stores_the_valid_ones_and_logs_the_rest()
    {
        var wave = await NewWaveAsync(db);
        var bad = (string[])SecondAsCodes.Clone();
        bad[Array.IndexOf(Codes, "A_MOTEN")] = "8";
        var csv = Csv(',', "\n", ["Svars-ID", .. Codes], ["1001", .. FirstAsCodes], ["1003", .. bad], ["1002", .. SecondAsCodes]);
        var result = await IngestAsync(db, csv, wave, skipInvalidRows: true);
        Assert.Equal(("accepted", 3, 2, 0, 0), (result.Status, result.Rows, result.Inserted, result.Updated, result.Unchanged));
        Assert.Equal([new UploadProblem(4, "A_MOTEN", "8", Likert)], result.Problems);
        Assert.Equal(["1001", "1002"], (await RespondentsAsync(db, wave)).Select(r => r.RespondentKey));
        var (status, _, problems) = await UploadRowAsync(db, result.UploadId);
        Assert.Equal("accepted", status);
        Assert.Contains("ska vara 1–6", problems);
    }

    [Fact]
    public async Task Skipping_invalid_rows_keeps_the_first_of_a_repeated_id_on_a_first_load()
    {
        // A first load copies straight into the wave; the repeat makes it read the file again through staging.
        var wave = await NewWaveAsync(db);
        var csv = Csv(',', "\n", ["Svars-ID", .. Codes], ["1001", .. FirstAsCodes], ["1002", .. SecondAsCodes], ["1001", .. SecondAsCodes]);
        var result = await IngestAsync(db, csv, wave, skipInvalidRows: true);
        Assert.Equal(("accepted", 3, 2, 0, 0), (result.Status, result.Rows, result.Inserted, result.Updated, result.Unchanged));
        Assert.Equal([new UploadProblem(5, "Svars-ID", "1001", "Svars-ID 1001 förekommer flera gånger i filen (första gången på rad 2).")],
            result.Problems);
        Assert.Equal([First with { SubmittedAt = null }, Second with { SubmittedAt = null }], await RespondentsAsync(db, wave));
    }

    private async Task AssertRejectedAsync(string wave, string csv, params UploadProblem[] expected)
    {
        var before = await DataSnapshotAsync(db);
        var result = await IngestAsync(db, csv, wave);
        Assert.Equal("rejected", result.Status);
        Assert.Equal(expected, result.Problems);
        Assert.Equal((0, 0, 0), (result.Inserted, result.Updated, result.Unchanged));
        Assert.Equal(before, await DataSnapshotAsync(db));
        var (status, _, problems) = await UploadRowAsync(db, result.UploadId);
        Assert.Equal("rejected", status);
        Assert.Contains(System.Text.Json.JsonSerializer.Serialize(expected[0].Message, Survey.Ingest.Uploads.UploadResult.Json).Trim('"'), problems);
    }
}
