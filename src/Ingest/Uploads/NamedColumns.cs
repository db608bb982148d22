using Survey.Ingest.Reading;

namespace Survey.Ingest.Uploads;

/// <summary>A column of a small upload (headcount, indicators), recognised by any of its normalised header names.</summary>
internal sealed record NamedColumn(string Description, bool Required, params string[] Headers);

/// <summary>Maps a header row onto named columns; unknown columns are ignored and listed.</summary>
internal static class NamedColumns
{
    public static int Recognise(IReadOnlyList<NamedColumn> columns, IReadOnlyList<string> cells) =>
        cells.Count(c => Array.Exists([.. columns], col => col.Headers.Contains(Normalise.Header(c))));

    /// <summary>Index of each column in the header (-1 when absent), and the ignored headers.</summary>
    public static (int[] Indexes, List<string> Ignored) Map(IReadOnlyList<NamedColumn> columns, IReadOnlyList<string> header)
    {
        var indexes = Enumerable.Repeat(-1, columns.Count).ToArray();
        var ignored = new List<string>();
        for (var i = 0; i < header.Count; i++)
        {
            var h = Normalise.Header(header[i]);
            var c = Array.FindIndex([.. columns], col => col.Headers.Contains(h));
            if (c >= 0 && indexes[c] < 0)
                indexes[c] = i;
            else if (h.Length > 0)
                ignored.Add(header[i]);
        }
        for (var c = 0; c < columns.Count; c++)
            if (columns[c].Required && indexes[c] < 0)
                throw new FileRejected($"Kolumnen {columns[c].Description} saknas. Den är obligatorisk.");
        return (indexes, ignored);
    }
}
