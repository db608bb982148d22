using Npgsql;
using Survey.Ingest.Exports;
using Survey.Ingest.Reading;
using Survey.Ingest.Uploads;

namespace Survey.Ingest.Profiles;

/// <summary>A value seen in a column and how it reads: the answer it becomes, or why it cannot be read.</summary>
internal sealed record PreviewValue(string Value, string Reading, bool Readable, bool Keyless);

/// <summary>One column of the preview: its heading, the question it holds (or its role), how it was matched, samples.</summary>
internal sealed record PreviewColumn(int Number, string Heading, string? QuestionCode, string? QuestionText, string How,
    IReadOnlyList<PreviewValue> Samples)
{
    /// <summary>The column needs the mapping step: no question, or values that do not read.</summary>
    public bool NeedsMapping => Samples.Any(s => !s.Readable);
}

internal sealed record Preview(string File, string? Profile, int HeaderRows, int RowsRead, IReadOnlyList<PreviewColumn> Columns,
    IReadOnlyList<string> Warnings);

/// <summary>
/// The mapping preview: reads the header and the first rows of an export, stores nothing, and tells for each column
/// the question it was matched to and how (code, text, alias, matrix statement, the profile's alias), a few values
/// and how they read. The upload page and <c>survey ingest --preview</c> show it before anything is stored.
/// </summary>
internal static class ImportPreview
{
    private const int SampledRows = 2000;
    private const int SamplesPerColumn = 6;

    public static async Task<Preview> RunAsync(NpgsqlDataSource db, string fileName, Stream raw, string? waveCode, string? profile,
        long maxBytes, CancellationToken ct)
    {
        Instrument instrument;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            var waveId = await UploadLog.WaveIdAsync(connection, waveCode?.Trim(), ct)
                         ?? throw new FileRejected(await UploadProcessor.UnknownWaveAsync(connection, waveCode, ct));
            instrument = await Instrument.LoadAsync(connection, waveId, ct, profile);
        }
        using var content = new ContentStream(raw, maxBytes, null);
        using var source = TableSource.Open(content);
        var target = new SurveyTarget(instrument, allowMissingQuestions: true);
        var header = HeaderLocator.Find(source.Reader, target);
        var columns = ExportColumns.Map(instrument, header.Rows, requireBackground: false);
        var parser = new AnswerParser(instrument);
        var samples = columns.Bindings.Select(_ => new List<string>()).ToArray();
        var reader = source.Reader;
        var rows = 0;
        var pending = header.DataRowPending;
        while (rows < SampledRows && (pending || reader.Read()))
        {
            pending = false;
            if (reader.IsBlank())
                continue;
            rows++;
            for (var i = 0; i < samples.Length; i++)
                if (reader[i].Trim() is { Length: > 0 } value && samples[i].Count < SamplesPerColumn && !samples[i].Contains(value))
                    samples[i].Add(value);
        }
        var result = columns.Bindings.Select(b => new PreviewColumn(b.Index + 1, b.Heading, b.Question?.Code, b.Question?.Text,
            How(b), [.. samples[b.Index].Select(v => Read(instrument, parser, b, v))])).ToList();
        var warnings = SurveyTarget.MissingMessage(columns.Missing, instrument.WaveQuestions.Count) is { } missing ? [missing] : new List<string>();
        return new Preview(fileName, instrument.Profile, header.HeaderRows, rows, result, warnings);
    }

    private static string How(ColumnBinding b) => b.How switch
    {
        HeaderMatch.Code => "kod",
        HeaderMatch.ToolCode => "kod i verktygets stavning",
        HeaderMatch.Text => "frågetext",
        HeaderMatch.Alias => "alias",
        HeaderMatch.Statement => "matrispåstående",
        HeaderMatch.ProfileAlias => b.Codes ? "profilens alias (instrumentets koder)" : "profilens alias",
        _ => b.Role switch
        {
            MetaRole.Id => "svars-id",
            MetaRole.Submitted => "inskickad tid",
            MetaRole.Personal => "personuppgift: läses inte och sparas aldrig",
            MetaRole.Bookkeeping => "verktygets metadata: ignoreras",
            _ => "ingen fråga: ignoreras",
        },
    };

    private static PreviewValue Read(Instrument instrument, AnswerParser parser, ColumnBinding b, string value)
    {
        if (b.Question is not { } q)
            return new PreviewValue(b.Role == MetaRole.Personal ? "…" : value, "", true, false);
        if (q.Kind is "unit" or "text")
            return new PreviewValue(value, q.Kind == "unit" ? "enhet" : "fritext", true, false);
        if (!parser.TryParse(q, value, b.Codes, out var parsed, out var error))
            return new PreviewValue(value, error == AnswerParser.Keyless ? "sifferkod utan nyckel" : error!, false, error == AnswerParser.Keyless);
        var reading = q.Kind switch
        {
            "administration" => instrument.Administrations.Single(a => a.Id == parsed).Name,
            "number" => (parsed!.Value / (decimal)q.Scale).ToString("0.##", System.Globalization.CultureInfo.GetCultureInfo("sv-SE")),
            _ => $"{parsed} {instrument.Labels[q.Code][parsed!.Value]}",
        };
        return new PreviewValue(value, reading, true, false);
    }
}
