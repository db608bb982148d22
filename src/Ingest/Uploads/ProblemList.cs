namespace Survey.Ingest.Uploads;

/// <summary>
/// Row problems of one upload. All are counted; the first thousand are kept in full so that a file with a wrong
/// column in every one of a million rows still gives a readable report and a bounded log row. A column problem
/// (a whole column that cannot be read as it is, e.g. numeric codes without a key) is reported once, at its first
/// line, and rejects the file even when invalid rows are to be skipped: skipping would store wrong or empty figures.
/// </summary>
internal sealed class ProblemList
{
    public const int Kept = 1000;
    private readonly List<UploadProblem> _problems = [];
    private readonly HashSet<string> _badColumns = new(StringComparer.Ordinal);

    public int Total { get; private set; }

    /// <summary>Whether a column problem rejects the whole file.</summary>
    public bool HasColumnProblems => _badColumns.Count > 0;

    /// <summary>Whether the file is rejected for its problems: any column problem, or row problems not to be skipped.</summary>
    public bool Rejects(bool skipInvalidRows) => HasColumnProblems || (Total > 0 && !skipInvalidRows);

    public void Add(long line, string column, string value, string message)
    {
        Total++;
        if (_problems.Count < Kept)
            _problems.Add(new UploadProblem(line, Printable(column), Printable(value), message));
    }

    /// <summary>A problem with the whole column; only its first occurrence is reported.</summary>
    public void AddColumn(long line, string column, string value, string message)
    {
        if (_badColumns.Add(column))
            Add(line, column, value, message);
    }

    /// <summary>A NUL character as the two characters \0: the log row (jsonb, text) cannot hold it.</summary>
    public static string Printable(string text) => text.Contains('\0') ? text.Replace("\0", "\\0") : text;

    public IReadOnlyList<UploadProblem> ToList()
    {
        var sorted = _problems.OrderBy(p => p.Line).ToList();
        if (Total > Kept)
            sorted.Add(new UploadProblem(null, null, null, $"Ytterligare {Total - Kept} problem visas inte."));
        return sorted;
    }
}
