using Survey.Ingest.Reading;

namespace Survey.Ingest.Exports;

/// <summary>
/// The message for a file in which no header row was found: the cells that come closest to a question's code,
/// text or alias (by edit distance), and what a header may be, in the terms survey tools use.
/// </summary>
internal static class ClosestHeaders
{
    private const int MaxCells = 400;

    public static string Message(UploadVocabulary instrument, IReadOnlyList<string[]> rows)
    {
        var keys = instrument.ByHeader.Where(k => k.Value.How is not HeaderMatch.ToolCode).ToList();
        var closest = rows.SelectMany(r => r).Select(c => c.Trim()).Where(c => c.Length is > 0 and <= 200).Distinct()
            .Take(MaxCells)
            .Select(cell =>
            {
                var h = Normalise.Header(cell);
                var best = keys.Select(k => (Key: k, Score: Similarity(h, k.Key))).MaxBy(k => k.Score);
                return (Cell: cell, best.Key.Value.Question, best.Score);
            })
            .Where(c => c.Score >= 0.6)
            .OrderByDescending(c => c.Score).Take(3).ToList();
        var found = closest.Count > 0
            ? "Närmast kom " + string.Join(", ", closest.Select(c => $"\"{c.Cell}\" (liknar {c.Question.Text}, {c.Question.Code})")) + "."
            : rows.FirstOrDefault() is { } first
                ? $"Filens första rad börjar med {string.Join(", ", first.Where(c => c.Trim().Length > 0).Take(4).Select(c => $"\"{Short(c)}\""))}."
                : "Filen har inga rader med text.";
        var examples = string.Join(", ", instrument.Questions.Take(3).Select(q => $"{q.Code} eller {q.Text}"));
        return $"Ingen rubrikrad hittades bland filens första {HeaderLocator.SearchedRows} rader. {found} " +
               $"Rubrikerna ska vara frågornas koder eller texter, t.ex. {examples} " +
               $"(LimeSurvey skriver koderna utan understreck, t.ex. {instrument.Questions[0].Code.Replace("_", "")}; " +
               "matrisfrågor som \"Fråga [Påstående]\" eller \"Fråga - Påstående\"), med verktygets egna kolumner " +
               "(svars-id, tider) bredvid. Har verktyget egna rubriker, mappa dem i förhandsgranskningen " +
               "(ingest --preview, eller Förhandsgranska först på uppladdningssidan).";
    }

    private static string Short(string cell) => cell.Length > 40 ? cell[..37] + "..." : cell;

    /// <summary>1 for equal strings, 0 for nothing in common (Levenshtein distance over the longer length).</summary>
    private static double Similarity(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0 || Math.Abs(a.Length - b.Length) > Math.Max(a.Length, b.Length) / 2)
            return 0;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return 1 - (double)previous[b.Length] / Math.Max(a.Length, b.Length);
    }
}
