using Npgsql;
using Survey.Ingest.Exports;
using Survey.Ingest.Reading;
using Survey.Ingest.Uploads;

namespace Survey.Ingest.Profiles;

/// <summary>A value seen in a column and how it reads: the answer it becomes, or why it cannot be read (a value alias
/// may then say what it means). <paramref name="ToolCode"/>: it is a tool's code without a key (or a possible label
/// number), which only a mapping can read; other unreadable values are row problems (a typo, a value out of range).</summary>
internal sealed record PreviewValue(string Value, string Reading, bool Readable, bool ToolCode = false);

/// <summary>One column of the preview: its heading, the question it holds (or its role), how it was matched, its values.</summary>
internal sealed record PreviewColumn(int Number, string Heading, string? QuestionCode, string? QuestionText, string How,
    MetaRole Role, IReadOnlyList<PreviewValue> Samples)
{
    /// <summary>Values that only a mapping can read: value aliases (or a header alias with codes for the column).</summary>
    public bool NeedsMapping => Samples.Any(s => s.ToolCode);

    /// <summary>A heading that names no question and no column a tool adds: a header alias may make it a question.</summary>
    public bool Unmatched => QuestionCode is null && Role == MetaRole.None && Heading.Length > 0;
}

internal sealed record Preview(string File, string? Profile, int HeaderRows, int RowsRead, IReadOnlyList<PreviewColumn> Columns,
    IReadOnlyList<string> Warnings, IReadOnlyList<LeftOut> LeftOut, IReadOnlyList<string> Missing)
{
    /// <summary>The upload page's mapping step is needed: values that do not read, or headings nothing matches while
    /// the wave's questions are missing (one of them may be such a column).</summary>
    public bool NeedsMapping => Columns.Any(c => c.NeedsMapping) || (Missing.Count > 0 && Columns.Any(c => c.Unmatched));
}

/// <summary>
/// The mapping preview: reads an export through, stores nothing, and tells for each column the question it was
/// matched to and how (code, text, alias, matrix statement, the profile's alias), its values and how they read:
/// a few that read, and every distinct one that does not (up to a bound), so that each can be mapped. The upload page
/// and <c>survey ingest --preview</c> show it before anything is stored.
/// </summary>
internal static class ImportPreview
{
    private const int ReadableSamples = 6;
    private const int TrackedValues = 64;

    public static async Task<Preview> RunAsync(NpgsqlDataSource db, string fileName, Stream raw, string? waveCode, string? profile,
        long maxBytes, CancellationToken ct)
    {
        UploadVocabulary instrument;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            var waveId = await UploadLog.WaveIdAsync(connection, waveCode?.Trim(), ct)
                         ?? throw new FileRejected(await UploadProcessor.UnknownWaveAsync(connection, waveCode, ct));
            instrument = await UploadVocabulary.LoadAsync(connection, waveId, ct, profile);
        }
        var (content, source, header, firstRow) = Open(raw, maxBytes, new SurveyTarget(instrument, allowMissingQuestions: true));
        using var _ = content;
        using var __ = source;
        var columns = ExportColumns.Map(instrument, header.Rows, requireBackground: false);
        var values = columns.Bindings.Select(_ => new List<string>()).ToArray();
        var seen = columns.Bindings.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        var leftOut = new Dictionary<string, int>();
        var reader = source.Reader;
        var rows = 0;
        var pending = header.DataRowPending;
        while (pending || reader.Read())
        {
            pending = false;
            if (reader.IsBlank())
                continue;
            rows++;
            if (columns.LeftOutReason(reader) is { } reason)
            {
                leftOut[reason] = leftOut.GetValueOrDefault(reason) + 1;
                continue;
            }
            for (var i = 0; i < values.Length; i++)
                if (reader[i].Trim() is { Length: > 0 } value && seen[i].Count < TrackedValues && seen[i].Add(value))
                    values[i].Add(value);
        }

        var parser = new AnswerParser(instrument);
        var numbers = new LabelNumbers(parser, columns);
        // As the ingest decides row by row: a choice column that holds a tool's code makes list numbers suspect.
        var coded = numbers.Active && columns.Bindings.Any(b => b.Question is { Kind: "choice" or "administration" } q && !b.Codes
                                                              && values[b.Index].Any(v => parser.IsToolCoded(q, v)));
        var result = columns.Bindings.Select(b =>
        {
            var read = values[b.Index].Select(v => Read(instrument, parser, b, v, coded && numbers.Watches(b.Index))).ToList();
            var shown = read.Where(r => r.Readable).Take(ReadableSamples).Concat(read.Where(r => !r.Readable)).ToList();
            return new PreviewColumn(b.Index + 1, b.Heading, b.Question?.Code, b.Question?.Text, How(b), b.Role, shown);
        }).ToList();
        var warnings = SurveyTarget.MissingMessage(columns.Missing, instrument.WaveQuestions.Count) is { } missing ? [missing] : new List<string>();
        if (firstRow)
            warnings.Insert(0, NoHeaderRecognised);
        return new Preview(fileName, instrument.Profile, header.HeaderRows, rows, result, warnings,
            [.. leftOut.Select(l => new LeftOut(l.Key, l.Value))], [.. columns.Missing.Select(q => q.Code)]);
    }

    public const string NoHeaderRecognised =
        "Ingen rad i filen liknar en rubrikrad med mätningens frågor, så filens första fullständiga rad visas som rubriker: mappa " +
        "kolumnerna till frågorna och spara dem i en exportprofil, så läses filen med den.";

    /// <summary>The file's header block; when no row is recognised as one (a tool's own variable names, say), the file
    /// is read again from the start and its first row as wide as any (below a title, say) is taken as the headings, so
    /// that its columns can be mapped (<c>FirstRow</c>).</summary>
    private static (ContentStream, TableSource, HeaderBlock, bool FirstRow) Open(Stream raw, long maxBytes, SurveyTarget target)
    {
        var start = raw.CanSeek ? raw.Position : -1;
        var widest = 0;
        var content = new ContentStream(raw, maxBytes, null);
        var source = TableSource.Open(content);
        try
        {
            return (content, source, HeaderLocator.Find(source.Reader, target), false);
        }
        catch (NoHeaderFound e) when (start >= 0 && e.WidestRow > 0)
        {
            source.Dispose();
            content.Dispose();
            widest = e.WidestRow;
        }
        catch
        {
            source.Dispose();
            content.Dispose();
            throw;
        }
        raw.Position = start;
        content = new ContentStream(raw, maxBytes, null);
        source = TableSource.Open(content);
        return (content, source, HeaderLocator.Find(source.Reader, target, firstRowWithCells: widest), true);
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
            MetaRole.ResponseType => "svarstyp: förhandsgranskningar, tester och skräppost räknas inte",
            MetaRole.Finished => "slutfört: ofullständiga svar räknas inte",
            _ => "ingen fråga: ignoreras",
        },
    };

    private static PreviewValue Read(UploadVocabulary instrument, AnswerParser parser, ColumnBinding b, string value, bool labelNumbers)
    {
        if (b.Question is not { } q)
            return new PreviewValue(b.Role == MetaRole.Personal ? "…" : value, "", true);
        if (q.Kind is "unit" or "text")
            return new PreviewValue(value, q.Kind == "unit" ? "enhet" : "fritext", true);
        if (!parser.TryParse(q, value, b.Codes, out var parsed, out var error, labelNumbers))
            return new PreviewValue(value, error switch
            {
                AnswerParser.Keyless => "sifferkod utan nyckel",
                LabelNumbers.Message or LabelNumbers.ScaleMessage => "kan vara etikettnummer",
                _ => error!,
            }, false, LabelNumbers.NeedsMapping(error));
        if (parsed is null)
            return new PreviewValue(value, "inget svar", true);
        var reading = q.Kind switch
        {
            "administration" => instrument.Administrations.Single(a => a.Id == parsed).Name,
            "number" => (parsed.Value / (decimal)q.Scale).ToString("0.##", System.Globalization.CultureInfo.GetCultureInfo("sv-SE")),
            _ => $"{parsed} {instrument.Labels[q.Code][parsed.Value]}",
        };
        return new PreviewValue(value, reading, true);
    }
}
