using Npgsql;
using Survey.Ingest.Reading;
using Survey.Ingest.Uploads;

namespace Survey.Ingest.Exports;

/// <summary>A survey tool's export: one respondent per row, into the wave's respondents.</summary>
/// <param name="allowMissingQuestions">The administrator confirmed a file that lacks more than half of the wave's
/// questions (a pulse exported from a fuller survey, say); otherwise such a file is rejected as the wrong file.</param>
internal sealed class SurveyTarget(UploadVocabulary instrument, bool allowMissingQuestions) : IUploadTarget
{
    private ExportColumns? _columns;
    private RespondentRows? _rows;
    private readonly List<string> _warnings = [];
    private RespondentStore.FirstLoad? _firstLoad;

    /// <summary>What the upload changed, once its rows are stored (null before, or when nothing was stored).</summary>
    public StoredRespondents? Stored { get; private set; }

    public int MinimumRecognised => 3;

    public OrganisationClaims Claims => instrument.Claims;

    public string StageSql => RespondentStore.StageSql;

    public string CopySql => RespondentStore.CopySql;

    public IReadOnlyList<string> Warnings => _warnings;

    public IReadOnlyList<LeftOut> LeftOut => _rows?.LeftOut ?? [];

    public int Recognise(IReadOnlyList<string> cells) => ExportColumns.Recognise(instrument, cells);

    public bool ContinuesHeader(IReadOnlyList<string> cells) => ExportColumns.ContinuesHeader(instrument, cells, MinimumRecognised);

    public string NoHeaderMessage(IReadOnlyList<string[]> rows) => ClosestHeaders.Message(instrument, rows);

    public IReadOnlyList<string> MapHeader(IReadOnlyList<string[]> rows)
    {
        _columns = ExportColumns.Map(instrument, rows);
        if (MissingMessage(_columns.Missing, instrument.WaveQuestions.Count) is { } missing)
        {
            if (_columns.Missing.Count * 2 > instrument.WaveQuestions.Count && !allowMissingQuestions)
                throw new FileRejected(missing + " Fler än hälften av mätningens frågor saknas, så filen avvisades: " +
                                       "kontrollera att det är rätt fil och rätt mätning. Är det meningen, ladda upp den igen " +
                                       "och bekräfta att frågorna saknas med avsikt (--allow-missing-questions).");
            _warnings.Add(missing);
        }
        _rows = new RespondentRows(instrument, _columns);
        return _columns.Ignored;
    }

    public static string? MissingMessage(IReadOnlyList<Question> missing, int total) => missing.Count == 0
        ? null
        : $"Filen saknar {missing.Count} av mätningens {total} frågor: {string.Join(", ", missing.Select(q => q.Code))}.";

    /// <summary>A first load of a wave from an export with respondent ids: nothing stored can conflict.</summary>
    public async Task<string?> DirectCopyAsync(NpgsqlConnection connection, UploadJob job, CancellationToken ct)
    {
        if (_columns!.IdColumn < 0 || await RespondentStore.FirstLoadAsync(connection, job.WaveId!.Value, ct) is not { } load)
            return null;
        _firstLoad = load;
        _rows!.LoadDirectly(job.WaveId.Value, job.UploadId,
            StoredRespondents.Counting is { } counting ? await counting(connection, ct) : null);
        return RespondentStore.DirectCopySql(load.Table);
    }

    public bool WriteRow(ITableReader record, CopyRows copy, ProblemList problems, bool skipInvalidRows) =>
        _rows!.Write(record, copy, problems, skipInvalidRows);

    public async Task<StoreCounts> StoreAsync(NpgsqlConnection connection, StoreContext context, CancellationToken ct)
    {
        (var counts, Stored) = _rows!.Direct
            ? await RespondentStore.StoreDirectAsync(connection, context, instrument, _firstLoad!, await _rows.CountedAsync(), ct)
            : await RespondentStore.StoreAsync(connection, context, instrument,
                _columns!.IdColumn >= 0 ? _columns.Header[_columns.IdColumn] : null, ct);
        return counts;
    }
}
