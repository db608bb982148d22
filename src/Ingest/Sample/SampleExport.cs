using System.Text;
using Npgsql;
using Survey.Ingest.Exports;

namespace Survey.Ingest.Sample;

internal enum SampleShape
{
    /// <summary>Codes as headers and values, UTF-8, comma, LF, decimal point, Svars-ID and Inskickad.</summary>
    Codes,

    /// <summary>Numbered question texts, labels, administration names, Windows-1252, semicolon, CRLF, decimal comma,
    /// e-mail column (personal, never stored).</summary>
    Text,

    /// <summary>A Microsoft Forms style workbook: title and blank row above the header, ID, times, e-mail and name,
    /// question texts (odd spacing), labels, numbers as numbers.</summary>
    FormsXlsx,

    /// <summary>The tools' own layouts, see <see cref="ToolLayouts"/>.</summary>
    SurveyMonkey,
    Qualtrics,
    QualtricsTsv,
    QualtricsLegacy,
    LimeSurvey,
    GoogleForms,

    /// <summary>Qualtrics with numeric recodes instead of choice text: needs a mapping (an export profile).</summary>
    QualtricsNumeric,

    /// <summary>Enalyzer's default data formats: label numbers for questions and scales, text for background
    /// variables: needs a mapping (an export profile).</summary>
    Enalyzer,
}

/// <summary>
/// A deterministic generator of realistic V16 exports (same seed and size, same respondents, in every shape), and
/// of the matching headcount and indicator files, for the tests, the benchmark and the demo.
/// </summary>
internal static class SampleExport
{
    public static async Task WriteAsync(NpgsqlDataSource db, Stream output, SampleShape shape, int respondents, int seed,
        CancellationToken ct)
    {
        var instrument = await LoadAsync(db, ct);
        if (shape > SampleShape.FormsXlsx)
        {
            WriteTool(instrument, output, shape, respondents, seed, ct);
            return;
        }
        var questions = instrument.Questions;
        using ITableWriter writer = shape switch
        {
            SampleShape.Codes => new CsvTableWriter(output, new UTF8Encoding(false), ',', "\n", "."),
            SampleShape.Text => new CsvTableWriter(output, Reading.TextSniffer.Windows1252, ';', "\r\n", ","),
            _ => new XlsxTableWriter(output),
        };
        string[] meta = shape switch
        {
            SampleShape.Codes => ["Svars-ID", "Inskickad"],
            SampleShape.Text => ["Svars-ID", "Starttid", "Sluttid", "E-post"],
            _ => ["ID", "Starttid", "Sluttid", "E-post", "Namn"],
        };
        if (shape == SampleShape.FormsXlsx)
        {
            writer.Row(["Medarbetarenkät V16 – distans- och hybridarbete"]);
            writer.Row([]);
        }
        writer.Row([.. meta, .. questions.Select((q, i) => shape switch
        {
            SampleShape.Codes => q.Code,
            SampleShape.Text => $"{i + 1}. {q.Text}",
            _ => i % 5 == 2 ? q.Text.ToUpperInvariant() + " " : q.Text + (i % 3 == 0 ? "\u00A0" : ""),
        })]);

        var generator = new RespondentGenerator(seed);
        var row = new SampleRow();
        var cells = new object?[meta.Length + questions.Count];
        var id = 0;
        foreach (var unit in Organisation.Plan(instrument.Administrations, respondents, seed))
            for (var k = 0; k < unit.Respondents; k++)
            {
                ct.ThrowIfCancellationRequested();
                generator.Fill(row, unit, ++id);
                Render(instrument, shape, row, cells);
                writer.Row(cells);
            }
    }

    private static void WriteTool(UploadVocabulary instrument, Stream output, SampleShape shape, int respondents, int seed, CancellationToken ct)
    {
        var columns = ToolLayouts.Columns(instrument, shape);
        var (encoding, separator) = ToolLayouts.Format(shape);
        using var writer = new CsvTableWriter(output, encoding, separator, "\r\n", ".");
        for (var r = 0; r < columns[0].Headings.Length; r++)
            writer.Row(columns.Select(c => (object?)c.Headings[r]).ToArray());
        var generator = new RespondentGenerator(seed);
        var row = new SampleRow();
        var cells = new object?[columns.Count];
        var plan = Organisation.Plan(instrument.Administrations, respondents, seed);
        if (ToolLayouts.ExtraRows(shape) is { Length: > 0 } extraRows && plan.Count > 0)
        {
            // Rows that are no respondent, drawn apart so that the respondents stay those of every other shape.
            var extra = new RespondentGenerator(seed + 1);
            for (var n = 0; n < extraRows.Length; n++)
            {
                extra.Fill(row, plan[0], respondents + n + 1);
                (row.Preview, row.Unfinished) = extraRows[n];
                for (var c = 0; c < columns.Count; c++)
                    cells[c] = columns[c].Value(row);
                writer.Row(cells);
            }
            (row.Preview, row.Unfinished) = (false, false);
        }
        var id = 0;
        foreach (var unit in plan)
            for (var k = 0; k < unit.Respondents; k++)
            {
                ct.ThrowIfCancellationRequested();
                generator.Fill(row, unit, ++id);
                for (var c = 0; c < columns.Count; c++)
                    cells[c] = columns[c].Value(row);
                writer.Row(cells);
            }
    }

    private static void Render(UploadVocabulary instrument, SampleShape shape, SampleRow row, object?[] cells)
    {
        var submitted = row.Submitted.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var started = row.Submitted.AddMinutes(-4).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var email = $"medarbetare{row.Id}@regionjh.se";
        object?[] meta = shape switch
        {
            SampleShape.Codes => [row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), submitted],
            SampleShape.Text => [row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), started, submitted, email],
            _ => [(decimal)row.Id, started, submitted, email, $"Medarbetare {row.Id}"],
        };
        meta.CopyTo(cells, 0);
        var i = meta.Length;
        foreach (var q in instrument.Questions)
        {
            var answer = row.Answers.GetValueOrDefault(q.Code);
            cells[i++] = q.Kind switch
            {
                "unit" => row.Unit.Code,
                "text" => row.FreeText.GetValueOrDefault(q.Code),
                "administration" => shape == SampleShape.Codes ? row.Unit.Administration.Code : row.Unit.Administration.Name,
                _ when answer is null => null,
                "number" => answer,
                _ when shape == SampleShape.Codes => ((short)answer.Value).ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => instrument.Labels[q.Code][(short)answer.Value],
            };
        }
    }

    /// <summary>Headcount per unit for the same seed and size: response rate about 60-80 %.</summary>
    public static async Task WriteHeadcountAsync(NpgsqlDataSource db, Stream output, int respondents, int seed, CancellationToken ct)
    {
        var instrument = await LoadAsync(db, ct);
        using var writer = new CsvTableWriter(output, new UTF8Encoding(true), ';', "\r\n", ",");
        writer.Row(["Enhet", "Förvaltning", "Antal anställda", "Kvinnor", "Män"]);
        foreach (var unit in Organisation.Plan(instrument.Administrations, respondents, seed))
            writer.Row([unit.Code, unit.Administration.Name, (decimal)unit.Employees, (decimal)unit.Women, (decimal)unit.Men]);
    }

    /// <summary>Monthly values of the indicator goals for the first half of 2021.</summary>
    public static void WriteIndicators(Stream output)
    {
        using var writer = new CsvTableWriter(output, new UTF8Encoding(true), ';', "\r\n", ",");
        writer.Row(["Mål", "Period", "Värde", "Kommentar"]);
        int[] hubs = [2, 3, 3, 4, 5, 5];
        int[] relocated = [0, 2, 4, 4, 7, 9];
        for (var month = 1; month <= 6; month++)
        {
            writer.Row(["G_HUBBAR", $"2021-{month:00}", (decimal)hubs[month - 1],
                month == 4 ? "Hubben i Strömsund öppnade; avtal med kommunen" : null]);
            writer.Row(["G_OMLOKALISERADE", $"2021-{month:00}", (decimal)relocated[month - 1],
                month == 5 ? "3 tjänster till Sveg, \"Regional utveckling\"" : null]);
        }
    }

    private static async Task<UploadVocabulary> LoadAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await UploadVocabulary.LoadAsync(connection, ct);
    }
}
