using Survey.Ingest.Reading;

namespace Survey.Ingest.Uploads;

/// <summary>A column of a small upload (headcount, indicators), recognised by any of its normalised header names.</summary>
internal sealed record NamedColumn(string Description, bool Required, params string[] Headers);

/// <summary>The columns of a small upload mapped onto its header row; unknown columns are ignored and listed.</summary>
internal sealed class NamedColumns(params NamedColumn[] columns)
{
    private int[] _index = [];
    private string[] _header = [];

    public int Recognise(IReadOnlyList<string> cells) =>
        cells.Count(c => Array.Exists(columns, col => col.Headers.Contains(Normalise.Header(c))));

    /// <summary>Finds each column in the header; throws when a required one is missing; returns the ignored headers.</summary>
    public IReadOnlyList<string> Map(IReadOnlyList<string> header)
    {
        _index = Enumerable.Repeat(-1, columns.Length).ToArray();
        _header = [.. header];
        var ignored = new List<string>();
        for (var i = 0; i < header.Count; i++)
        {
            var h = Normalise.Header(header[i]);
            var c = Array.FindIndex(columns, col => col.Headers.Contains(h));
            if (c >= 0 && _index[c] < 0)
                _index[c] = i;
            else if (h.Length > 0)
                ignored.Add(header[i]);
        }
        for (var c = 0; c < columns.Length; c++)
            if (columns[c].Required && _index[c] < 0)
                throw new FileRejected($"Kolumnen {columns[c].Description} saknas. Den är obligatorisk.");
        return ignored;
    }

    public bool Has(int column) => _index[column] >= 0;

    public string Raw(ITableReader record, int column) => _index[column] < 0 ? "" : record[_index[column]];

    public void Problem(ProblemList problems, ITableReader record, int column, string message) =>
        problems.Add(record.Line, _header[_index[column]], Raw(record, column), message);
}
