using Survey.Reports.Goals;
using Survey.Reports.Privacy;
using Cell = Survey.Reports.Workbooks.StreamingSheet.Cell;

namespace Survey.Reports.Analyst;

/// <summary>The columns of one question's sheet: Bakgrund, Grupp, n, Medel, Anmärkning, then count and share per answer.</summary>
internal sealed record QuestionLayout(Question Question, IReadOnlyList<(short Code, string Label)> Values,
    IReadOnlySet<short> NotAnswers, bool HasMean, IReadOnlyList<(string, double)> Columns)
{
    public static QuestionLayout For(Instrument instrument, Question q, int maxValueColumns)
    {
        var options = instrument.OptionsOf(q.Code).ToList();
        IReadOnlyList<(short, string)> values = q.Kind switch
        {
            "administration" => instrument.CountedAdministrations.Select(a => (a.Id, a.Name)).ToList(),
            "number" => Steps(q) is { } steps && steps.Count <= maxValueColumns ? steps : [],
            _ => options.Select(o => (o.Code, o.Label)).ToList(),
        };
        var notAnswers = options.Where(o => !o.CountsAsAnswer).Select(o => o.Code).ToHashSet();
        var columns = new List<(string, double)> { ("Bakgrund", 18), ("Grupp", 30), ("n", 8), ("Medel", 8), ("Anmärkning", 18) };
        foreach (var (_, label) in values)
        {
            columns.Add(($"{label} (antal)", 12));
            columns.Add(($"{label} (andel)", 12));
        }
        return new QuestionLayout(q, values, notAnswers, q.Kind is "likert" or "number", columns);
    }

    /// <summary>The stored values of a number question from its min, max and step (days 0, 0.5 … 5 stored 0 … 10).</summary>
    private static List<(short, string)>? Steps(Question q)
    {
        if (q is not { MinValue: { } min, MaxValue: { } max, Step: > 0 and var step })
            return null;
        var count = (int)((max - min) / step) + 1;
        return count > 100 ? [] : Enumerable.Range(0, count)
            .Select(i => min + i * step)
            .Select(v => ((short)(v * q.Scale), v.ToString("0.#", System.Globalization.CultureInfo.GetCultureInfo("sv-SE"))))
            .ToList();
    }

    /// <summary>
    /// The group's n: real answers only, without "Vet ej / Ej aktuellt", so that suppression is decided on the
    /// answers the question's figures rest on.
    /// </summary>
    public long N(IReadOnlyDictionary<short, long> counts) => counts.Where(c => !NotAnswers.Contains(c.Key)).Sum(c => c.Value);

    /// <summary>The mean of the real answers, unscaled (2.5 days, not 5 half days); null without a mean or an answer.</summary>
    private double? Mean(IReadOnlyDictionary<short, long> counts, long n) => HasMean && n > 0
        ? counts.Where(c => !NotAnswers.Contains(c.Key)).Sum(c => (double)c.Key * c.Value) / n / Question.Scale
        : null;

    /// <summary>
    /// One unit's rows in the long format of the units sheet (<see cref="UnitTable.Columns"/>): a row per answer with
    /// its count and share and the unit's n and mean beside it; a question without answer columns (travel time) one row.
    /// </summary>
    public void LongRows(string unit, string administration, IReadOnlyDictionary<short, long> counts, bool suppressed,
        Action<Cell[]> row)
    {
        var n = N(counts);
        var ticked = counts.Values.Sum();
        var mean = Mean(counts, n);
        var hidden = Cell.Of(Suppression.Marker);
        foreach (var (code, label) in Values.Count == 0 ? [((short)0, "")] : Values)
        {
            var count = counts.GetValueOrDefault(code);
            row(suppressed
                ? [Cell.Of(unit), Cell.Of(administration), Cell.Of(Question.Code), Cell.Of(label), hidden, hidden, hidden, hidden, Cell.Of(Suppression.Note)]
                : [Cell.Of(unit), Cell.Of(administration), Cell.Of(Question.Code), Cell.Of(label),
                   Values.Count == 0 ? Cell.Empty : Cell.Of(count, Workbooks.Cells.Integer),
                   Values.Count == 0 ? Cell.Empty : Cell.Of(ticked == 0 ? null : (double)count / ticked, Workbooks.Cells.Percent),
                   Cell.Of(n, Workbooks.Cells.Integer), mean is null ? Cell.Empty : Cell.Of(mean, Workbooks.Cells.TwoDecimals)]);
        }
    }

    public Cell[] Cells(string heading, string group, IReadOnlyDictionary<short, long> counts, bool suppressed)
    {
        var cells = new List<Cell> { Cell.Of(heading), Cell.Of(group) };
        var n = N(counts);
        // Shares are of everyone who ticked a box, "Vet ej" included, so a sheet's shares add up to 100 %.
        var ticked = counts.Values.Sum();
        if (suppressed)
        {
            cells.AddRange([Cell.Of(Suppression.Marker), Cell.Of(Suppression.Marker), Cell.Of(Suppression.Note)]);
            cells.AddRange(Values.SelectMany(_ => new[] { Cell.Of(Suppression.Marker), Cell.Of(Suppression.Marker) }));
            return cells.ToArray();
        }
        cells.Add(Cell.Of(n, Workbooks.Cells.Integer));
        // The mean leaves out "Vet ej / Ej aktuellt"; numbers are unscaled (2.5 days, not 5 half days).
        cells.Add(Mean(counts, n) is { } mean ? Cell.Of(mean, Workbooks.Cells.TwoDecimals) : Cell.Empty);
        cells.Add(Cell.Empty);
        foreach (var (code, _) in Values)
        {
            var count = counts.GetValueOrDefault(code);
            cells.Add(Cell.Of(count, Workbooks.Cells.Integer));
            cells.Add(Cell.Of(ticked == 0 ? null : (double)count / ticked, Workbooks.Cells.Percent));
        }
        return cells.ToArray();
    }
}
