using Npgsql;
using Survey.Ingest.Reading;
using Survey.Ingest.Uploads;

namespace Survey.Ingest.Exports;

/// <summary>A survey tool's export: one respondent per row, into the wave's respondents.</summary>
internal sealed class SurveyTarget(Instrument instrument) : IUploadTarget
{
    private ExportColumns? _columns;
    private RespondentRows? _rows;

    public int MinimumRecognised => 3;

    public string StageSql => RespondentStore.StageSql;

    public string CopySql => RespondentStore.CopySql;

    public int Recognise(IReadOnlyList<string> cells) => ExportColumns.Recognise(instrument, cells);

    public IReadOnlyList<string> MapHeader(IReadOnlyList<string> header)
    {
        _columns = ExportColumns.Map(instrument, header);
        _rows = new RespondentRows(instrument, _columns);
        return _columns.Ignored;
    }

    /// <summary>A first load of a wave from an export with respondent ids: nothing stored can conflict.</summary>
    public async Task<string?> DirectCopyAsync(NpgsqlConnection connection, UploadJob job, CancellationToken ct)
    {
        if (_columns!.IdColumn < 0 || !await RespondentStore.IsFirstLoadAsync(connection, job.WaveId!.Value, ct))
            return null;
        _rows!.LoadDirectly(job.WaveId.Value, job.UploadId);
        return RespondentStore.DirectCopySql;
    }

    public bool WriteRow(ITableReader record, NpgsqlBinaryImporter copy, ProblemList problems, bool skipInvalidRows) =>
        _rows!.Write(record, copy, problems, skipInvalidRows);

    public Task<StoreCounts> StoreAsync(NpgsqlConnection connection, StoreContext context, CancellationToken ct) =>
        _rows!.Direct
            ? RespondentStore.StoreDirectAsync(connection, context, _rows.NewUnits, ct)
            : RespondentStore.StoreAsync(connection, context, _rows.NewUnits,
                _columns!.IdColumn >= 0 ? _columns.Header[_columns.IdColumn] : null, ct);
}
