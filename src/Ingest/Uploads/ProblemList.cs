namespace Survey.Ingest.Uploads;

/// <summary>
/// Row problems of one upload. All are counted; the first thousand are kept in full so that a file with a wrong
/// column in every one of a million rows still gives a readable report and a bounded log row.
/// </summary>
internal sealed class ProblemList
{
    public const int Kept = 1000;
    private readonly List<UploadProblem> _problems = [];

    public int Total { get; private set; }

    public void Add(long line, string column, string value, string message)
    {
        Total++;
        if (_problems.Count < Kept)
            _problems.Add(new UploadProblem(line, column, value, message));
    }

    public IReadOnlyList<UploadProblem> ToList()
    {
        var sorted = _problems.OrderBy(p => p.Line).ToList();
        if (Total > Kept)
            sorted.Add(new UploadProblem(null, null, null, $"Ytterligare {Total - Kept} problem visas inte."));
        return sorted;
    }
}
