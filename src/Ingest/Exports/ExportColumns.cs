using Survey.Ingest.Reading;

namespace Survey.Ingest.Exports;

/// <summary>What one column of an export is, as the mapping preview shows it.</summary>
internal sealed record ColumnBinding(int Index, string Heading, Question? Question, HeaderMatch? How, MetaRole Role, bool Codes);

/// <summary>
/// What each column of a survey export is: a question of the instrument, the respondent id, the submission time,
/// or ignored (unknown, a tool's bookkeeping, or personal data that is never stored). The header may span several
/// rows (SurveyMonkey: the question, then "Response" or a matrix statement under it; Qualtrics: internal ids,
/// question texts, ImportId); each column is read from all of them.
/// </summary>
internal sealed class ExportColumns
{
    /// <summary>Second-row cells of SurveyMonkey and similar tools that say "the answer to the question above".</summary>
    private static readonly HashSet<string> AnswerSubHeaders =
        ["response", "open-ended response", "svar", "öppet svar", "fritextsvar", "answer"];

    /// <summary>Second-row cells of a question's "other" text column: a free text next to the question, not it.</summary>
    private static readonly HashSet<string> OtherSubHeaders =
        ["other (please specify)", "annat (ange)", "annan (ange)", "annat (var god ange)", "övrigt (ange)", "other"];

    /// <summary>How an ignored column of a question outside the wave's question set is listed.</summary>
    public const string NotInWave = "ingår inte i mätningen";

    public required Question?[] Questions { get; init; }

    /// <summary>Per column: whether its values are the instrument's own option codes.</summary>
    public required bool[] Codes { get; init; }

    /// <summary>Per column: the heading as the export wrote it (the cell that named it), for messages.</summary>
    public required string[] Header { get; init; }

    public required IReadOnlyList<ColumnBinding> Bindings { get; init; }
    public int IdColumn { get; init; } = -1;
    public int SubmittedColumn { get; init; } = -1;

    /// <summary>Qualtrics' Status and Finished columns, which mark rows that are no respondent (see <see cref="LeftOutRows"/>).</summary>
    public int ResponseTypeColumn { get; init; } = -1;

    public int FinishedColumn { get; init; } = -1;

    /// <summary>LimeSurvey's submitdate: empty for a response that was never submitted.</summary>
    public int SubmitDateColumn => _submitDateColumn ??=
        SubmittedColumn >= 0 && MetaColumns.Code(Header[SubmittedColumn]) == "submitdate" ? SubmittedColumn : -1;

    private int? _submitDateColumn; // asked for every row (LeftOutReason)

    /// <summary>Whether a row may be one the tool marks as no respondent (see <see cref="LeftOutRows"/>).</summary>
    public bool MarksResponses => ResponseTypeColumn >= 0 || FinishedColumn >= 0 || SubmitDateColumn >= 0;

    public string? LeftOutReason(ITableReader record) => MarksResponses
        ? LeftOutRows.Reason(Cell(record, ResponseTypeColumn), Cell(record, FinishedColumn), Cell(record, SubmitDateColumn))
        : null;

    private static string? Cell(ITableReader record, int column) => column >= 0 ? record[column] : null;
    public required List<string> Ignored { get; init; }

    /// <summary>Questions of the wave that no column holds.</summary>
    public required IReadOnlyList<Question> Missing { get; init; }

    public static int Recognise(UploadVocabulary instrument, IReadOnlyList<string> cells) =>
        cells.Count(c => MetaColumns.Role(c) != MetaRole.None || HeaderMatcher.Match(instrument, c) is not null);

    /// <summary>Whether a row after the header row still belongs to the header block.</summary>
    public static bool ContinuesHeader(UploadVocabulary instrument, IReadOnlyList<string> cells, int minimum)
    {
        var filled = cells.Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        if (filled.Count == 0)
            return false;
        if (filled.Count(c => c.TrimStart().StartsWith("{\"ImportId\"", StringComparison.OrdinalIgnoreCase)) * 2 >= filled.Count)
            return true; // Qualtrics' third row
        var known = filled.Count(c => AnswerSubHeaders.Contains(Normalise.Header(c)) || OtherSubHeaders.Contains(Normalise.Header(c))
                                      || MetaColumns.Role(c) != MetaRole.None || HeaderMatcher.Match(instrument, c) is not null);
        return known >= minimum || known * 5 >= filled.Count * 4;
    }

    /// <summary><paramref name="requireBackground"/>: reject a file without B_FORV or B_ENHET (the preview shows it).</summary>
    public static ExportColumns Map(UploadVocabulary instrument, IReadOnlyList<string[]> rows, bool requireBackground = true)
    {
        var width = rows.Max(r => r.Length);
        var questions = new Question?[width];
        var codes = new bool[width];
        var headings = new string[width];
        var bindings = new List<ColumnBinding>(width);
        var seen = new Dictionary<string, string>();
        var ignored = new List<string>();
        int idColumn = -1, idRank = int.MaxValue, submitted = -1, submittedRank = int.MaxValue, responseType = -1, finished = -1;
        var stem = "";
        for (var i = 0; i < width; i++)
        {
            var cells = rows.Select(r => i < r.Length ? r[i].Trim() : "").ToArray();
            // SurveyMonkey leaves row 1 blank over the second and later columns of a multi-column question.
            if (cells[0].Length > 0)
                stem = cells[0];
            var (match, role, heading) = Read(instrument, cells, stem);
            headings[i] = heading;
            if (match is not null && !instrument.WaveQuestions.Contains(match.Question.Code))
            {
                ignored.Add($"{heading} ({NotInWave})"); // the wave does not ask it: not stored, not a problem
                match = null;
            }
            else if (match is not null)
            {
                if (seen.TryGetValue(match.Question.Code, out var first))
                    throw new FileRejected($"Frågan {match.Question.Code} finns i två kolumner: \"{first}\" och \"{heading}\".");
                seen[match.Question.Code] = heading;
                questions[i] = match.Question;
                codes[i] = match.How == HeaderMatch.Code
                           || (match.How == HeaderMatch.ProfileAlias && instrument.ProfileHeaders[Normalise.Header(match.Heading)].Codes);
            }
            else if (role is MetaRole.Id or MetaRole.Submitted)
            {
                var rank = MetaColumns.Rank(heading, role);
                ref var column = ref role == MetaRole.Id ? ref idColumn : ref submitted;
                ref var best = ref role == MetaRole.Id ? ref idRank : ref submittedRank;
                if (rank < best)
                {
                    if (column >= 0)
                        ignored.Add(headings[column]);
                    (column, best) = (i, rank);
                }
                else
                    ignored.Add(heading);
            }
            else if (role == MetaRole.ResponseType && responseType < 0)
                responseType = i;
            else if (role == MetaRole.Finished && finished < 0)
                finished = i;
            else if (heading.Length > 0)
                ignored.Add(heading);
            bindings.Add(new ColumnBinding(i, heading, match?.Question, match?.How, role, codes[i]));
        }
        foreach (var required in requireBackground ? new[] { "administration", "unit" }.Select(instrument.ByKind).OfType<Question>() : [])
            if (!seen.ContainsKey(required.Code))
                throw new FileRejected($"Bakgrundskolumnen {required.Text} ({required.Code}) saknas. Den är obligatorisk.");
        return new ExportColumns
        {
            Questions = questions, Codes = codes, Header = headings, Bindings = bindings, IdColumn = idColumn,
            SubmittedColumn = submitted, ResponseTypeColumn = responseType, FinishedColumn = finished, Ignored = ignored,
            Missing = instrument.Questions.Where(q => instrument.WaveQuestions.Contains(q.Code) && !seen.ContainsKey(q.Code)).ToList(),
        };
    }

    /// <summary>One column's header cells (one per header row) read as a question or a metadata column.</summary>
    private static (HeadingMatch? Match, MetaRole Role, string Heading) Read(UploadVocabulary instrument, string[] cells, string stem)
    {
        var sub = cells.Length > 1 ? Normalise.Header(cells[1]) : "";
        if (OtherSubHeaders.Contains(sub))
            return (null, MetaRole.None, $"{stem} [{cells[1]}]");
        var first = cells[0].Length > 0 ? HeaderMatcher.Match(instrument, cells[0]) : null;
        if (first is { How: HeaderMatch.Code or HeaderMatch.ToolCode or HeaderMatch.ProfileAlias })
            return (first, MetaRole.None, cells[0]);
        if (sub.Length > 0 && !AnswerSubHeaders.Contains(sub) && HeaderMatcher.Match(instrument, cells[1]) is { } second)
            // Under a blank row-1 cell (SurveyMonkey), the row-2 cell is one statement of the question over it.
            return (cells[0].Length == 0 ? second with { How = HeaderMatch.Statement } : second, MetaRole.None, cells[1]);
        foreach (var cell in cells)
        {
            if (cell.Length == 0 || cell.StartsWith("{\"ImportId\"", StringComparison.OrdinalIgnoreCase))
                continue;
            if (HeaderMatcher.Match(instrument, cell) is { } match)
                return (match, MetaRole.None, cell);
        }
        foreach (var cell in cells)
            if (MetaColumns.Role(cell) is var role and not MetaRole.None)
                return (null, role, cell);
        return (null, MetaRole.None, cells.FirstOrDefault(c => c.Length > 0 && !c.StartsWith('{')) ?? "");
    }
}
