using System.Text;
using ClosedXML.Excel;
using static Survey.Tests.Ingest.Exports.KnownRespondents;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Ingest.Exports;

/// <summary>Every export shape of the domain brief loads untouched and stores exactly the same two respondents.</summary>
public sealed class ExportShapeTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private async Task AssertStoredAsync(Survey.Ingest.Uploads.UploadResult result, string wave, params string[] ignored)
    {
        Assert.True(result.IsAccepted, string.Join("; ", result.Problems.Select(p => p.Message)));
        Assert.Equal((2, 2, 0, 0), (result.Rows, result.Inserted, result.Updated, result.Unchanged));
        Assert.Equal(ignored, result.IgnoredColumns);
        var stored = await RespondentsAsync(db, wave);
        Assert.Equal([First, Second], stored);
    }

    [Fact]
    public async Task Codes_with_comma_utf8_and_lf()
    {
        var wave = await NewWaveAsync(db);
        var csv = Csv(',', "\n",
            ["Svars-ID", "Inskickad", .. Codes],
            ["1001", "2021-04-20 14:33:05", .. FirstAsCodes],
            ["1002", "2021-04-21 08:00:00", .. SecondAsCodes]);
        await AssertStoredAsync(await IngestAsync(db, csv, wave), wave);
    }

    [Fact]
    public async Task Numbered_question_texts_with_labels_semicolon_windows1252_and_crlf()
    {
        var wave = await NewWaveAsync(db);
        var csv = Csv(';', "\r\n",
            ["Svars-ID", "Starttid", "Sluttid", "E-post", .. Texts.Select((t, i) => $"{i + 1}. {t}")],
            ["1001", "2021-04-20 14:30:00", "2021-04-20 14:33:05", "anna@example.se", .. FirstAsLabels],
            ["1002", "2021-04-21 07:55:00", "2021-04-21 08:00:00", "bo@example.se", .. SecondAsLabels]);
        var bytes = Windows1252.GetBytes(csv);
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(bytes)); // really not UTF-8
        await AssertStoredAsync(await IngestAsync(db, bytes, wave), wave, "Starttid", "E-post");
    }

    [Fact]
    public async Task Tab_separated_utf8_with_bom_odd_headers_aliases_and_mixed_values()
    {
        var wave = await NewWaveAsync(db);
        string[] headers =
        [
            "RespondentID", "Sluttid", "förvaltning/verksamhet", " ENHETSKOD ", "\"Kön\"", "Åldersgrupp (år)", "Är du chef",
            "Hemkommun", "arbetskommun", .. Codes[7..].Select((c, i) => i % 2 == 0 ? c.ToLowerInvariant() + "\u00A0" : "  " + c),
        ];
        string[] first = ["hsf", "HSF-0012", "KVINNA", "30-49 år", "nej", "krokom", "ostersund", .. FirstAsLabels[7..]];
        string[] second = ["regionstab", "RS-0001", "m", "-29 år", "JA", "annan", "Åre", "0", "5", "nej", "0.5", .. SecondAsLabels[11..]];
        var csv = Csv('\t', "\r\n", headers, ["1001", "2021-04-20 14:33:05", .. first], ["1002", "2021-04-21T08:00:00", .. second]);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();
        await AssertStoredAsync(await IngestAsync(db, bytes, wave), wave);
    }

    [Fact]
    public async Task Xlsx_with_title_and_blank_rows_above_the_header()
    {
        var wave = await NewWaveAsync(db);
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Svar");
        sheet.Cell(1, 1).SetValue("Medarbetarenkät V16 – export 2021-04-26");
        string[] header = ["ID", "Starttid", "Sluttid", "E-post", "Namn", .. Texts];
        object[][] rows =
        [
            [1001, "2021-04-20 14:30", "2021-04-20 14:33:05", "a@example.se", "Anna A", .. Typed(FirstAsLabels)],
            [1002, "2021-04-21 07:55", "2021-04-21 08:00:00", "b@example.se", "Bo B", .. Typed(SecondAsLabels)],
        ];
        for (var c = 0; c < header.Length; c++)
        {
            sheet.Cell(4, c + 1).SetValue(header[c]);
            for (var r = 0; r < rows.Length; r++)
                if (rows[r][c] is double number)
                    sheet.Cell(5 + r, c + 1).SetValue(number);
                else if (rows[r][c] is int id)
                    sheet.Cell(5 + r, c + 1).SetValue(id);
                else if ((string)rows[r][c] is { Length: > 0 } text)
                    sheet.Cell(5 + r, c + 1).SetValue(text);
        }
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        await AssertStoredAsync(await IngestAsync(db, stream.ToArray(), wave, "forms.xlsx"), wave, "Starttid", "E-post", "Namn");
    }

    /// <summary>Numbers as a spreadsheet holds them: numeric cells for the number questions.</summary>
    private static object[] Typed(string[] labels) => labels.Select((value, i) =>
        Codes[i] is "D_DAGAR" or "D_ONSKAT" or "D_RESTID" ? double.Parse(value.Replace(',', '.'), System.Globalization.CultureInfo.InvariantCulture) : (object)value).ToArray();

    [Fact]
    public async Task Without_an_id_column_rows_are_keyed_by_their_answers_in_any_shape()
    {
        var wave = await NewWaveAsync(db);
        var codes = Csv(',', "\n", Codes, FirstAsCodes, SecondAsCodes);
        var labels = Csv(';', "\r\n", Texts, FirstAsLabels, SecondAsLabels);
        var first = await IngestAsync(db, codes, wave);
        Assert.Equal((2, 2), (first.Rows, first.Inserted));
        var again = await IngestAsync(db, Windows1252.GetBytes(labels), wave);
        Assert.Equal((2, 0, 0, 2), (again.Rows, again.Inserted, again.Updated, again.Unchanged));
        var stored = await RespondentsAsync(db, wave);
        Assert.Equal(2, stored.Count);
        Assert.All(stored, r => Assert.Matches("^h[0-9a-f]{24}$", r.RespondentKey));
        Assert.Equal([First.Answers, Second.Answers], stored.OrderBy(s => s.UnitCode == "RS-0001").Select(s => s.Answers));
    }

    [Fact]
    public async Task Identical_rows_without_an_id_are_different_respondents()
    {
        var wave = await NewWaveAsync(db);
        var csv = Csv(',', "\n", Codes, SecondAsCodes, SecondAsCodes, FirstAsCodes);
        var result = await IngestAsync(db, csv, wave);
        Assert.Equal((3, 3), (result.Rows, result.Inserted));
        var keys = (await RespondentsAsync(db, wave)).Select(r => r.RespondentKey).ToList();
        Assert.Contains(keys, k => keys.Contains(k + "-2"));
        Assert.Equal((0, 3), ((await IngestAsync(db, csv, wave)).Inserted, (await IngestAsync(db, csv, wave)).Unchanged));
    }

    [Fact]
    public async Task Free_text_that_is_not_utf8_after_a_utf8_start_is_reported()
    {
        var wave = await NewWaveAsync(db);
        var head = Encoding.UTF8.GetBytes(Csv(',', "\n", ["Svars-ID", .. Codes], ["1002", .. SecondAsCodes]));
        var tail = Windows1252.GetBytes(Csv(',', "\n", ["1001", .. FirstAsCodes[..^2], "Bättre stöd", ""]));
        var result = await IngestAsync(db, [.. head, .. new byte[70_000].Select(_ => (byte)'\n'), .. tail], wave);
        Assert.Equal("rejected", result.Status);
        Assert.StartsWith("Texten innehåller tecken som inte gick att läsa", result.Problems.Single().Message);
    }

    [Fact]
    public async Task Excel_unicode_text_utf16_with_tabs_and_a_separator_hint_line()
    {
        var wave = await NewWaveAsync(db);
        var text = "sep=\t\r\n" + Csv('\t', "\r\n",
            ["Svars-ID", "Inskickad", .. Texts], ["1001", "2021-04-20 14:33:05", .. FirstAsLabels], ["1002", "2021-04-21 08:00", .. SecondAsLabels]);
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray();
        await AssertStoredAsync(await IngestAsync(db, bytes, wave, "export.txt"), wave);
    }
}
