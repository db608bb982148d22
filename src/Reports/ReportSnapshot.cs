using System.Data;
using Dapper;
using Npgsql;

namespace Survey.Reports;

/// <summary>
/// One state of the database for a whole report (workbook, page or API answer): every query runs on one connection
/// in one REPEATABLE READ READ ONLY transaction, so an upload that commits while the report is made is wholly in
/// it or wholly out, never in one sheet and not in the next. The state is named by its accepted uploads.
/// </summary>
public sealed class ReportSnapshot : IAsyncDisposable
{
    /// <summary>The accepted uploads of the state: how many, and the one that finished last.</summary>
    public sealed record State(long AcceptedUploads, long? LatestUploadId, string? LatestFileName, DateTime? LatestFinishedAt,
        DateTime ReadAt);

    /// <summary>
    /// For tests: runs once the snapshot is taken, before the report's own queries, in the caller's async flow only
    /// (e.g. to commit an ingest at exactly that moment).
    /// </summary>
    internal static readonly AsyncLocal<Func<Task>?> Taken = new();

    private readonly NpgsqlTransaction _transaction;

    private ReportSnapshot(NpgsqlDataSource db, NpgsqlConnection connection, NpgsqlTransaction transaction, State state)
    {
        DataSource = db;
        Connection = connection;
        _transaction = transaction;
        Of = state;
    }

    public NpgsqlConnection Connection { get; }

    public State Of { get; }

    /// <summary>Where GoalTally stores counts, on a connection of its own (the snapshot writes nothing).</summary>
    internal NpgsqlDataSource DataSource { get; }

    /// <summary>
    /// The wave's respondent_change rows in this state: which respondents its goal tally must have been counted from.
    /// Read once per wave (the tally, its kept answers and uploads each ask).
    /// </summary>
    internal async Task<long> RespondentChangesAsync(short waveId, CancellationToken ct)
    {
        if (!_changes.TryGetValue(waveId, out var changes))
            _changes[waveId] = changes = await Connection.ExecuteScalarAsync<long>(new CommandDefinition(
                Survey.Ingest.Uploads.StoredRespondents.ChangesSql, new { wave = waveId }, _transaction, cancellationToken: ct));
        return changes;
    }

    private readonly Dictionary<short, long> _changes = [];

    private Instrument? _instrument;
    private IReadOnlyList<Goals.Definitions.GoalDefinition>? _definitions;
    private IReadOnlyList<Goals.SurveyMeasure>? _measures;
    private IReadOnlyList<Wave>? _waves;

    // The instrument, the goals' definitions and the waves are read once per snapshot, at first use, and kept for it
    // alone: every query of the report sees the same state (REPEATABLE READ), so a second read would return the same,
    // and none outlives the report (administrators change them without a release, on any server).

    /// <summary>The instrument as this snapshot sees it.</summary>
    internal async Task<Instrument> InstrumentAsync(CancellationToken ct) =>
        _instrument ??= await Instrument.LoadAsync(Connection, ct);

    /// <summary>Every goal's definition (retired ones too), in goal order.</summary>
    internal async Task<IReadOnlyList<Goals.Definitions.GoalDefinition>> DefinitionsAsync(CancellationToken ct) =>
        _definitions ??= await Goals.Definitions.GoalDefinitions.LoadAsync(Connection, ct);

    /// <summary>The survey goals' counting SQL compiled against the instrument.</summary>
    internal async Task<IReadOnlyList<Goals.SurveyMeasure>> MeasuresAsync(CancellationToken ct) =>
        _measures ??= Goals.SurveyGoals.Measures(await InstrumentAsync(ct), await DefinitionsAsync(ct));

    /// <summary>Every wave, the earliest first: what a code or a month given by a user is resolved against, once.</summary>
    internal async Task<IReadOnlyList<Wave>> WavesAsync(CancellationToken ct) =>
        _waves ??= await Wave.AllAsync(Connection, ct);

    /// <summary>
    /// A second connection in exactly this state (pg_export_snapshot, SET TRANSACTION SNAPSHOT), for a long scan of
    /// the respondents that runs while the report's other queries go on on <see cref="Connection"/> (one connection
    /// runs one query at a time). Dispose it when the scan is done.
    /// </summary>
    internal async Task<NpgsqlConnection> BesideAsync(CancellationToken ct)
    {
        var id = await Connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT pg_export_snapshot()", _transaction, cancellationToken: ct));
        var connection = await DataSource.OpenConnectionAsync(ct);
        try
        {
            await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct); // ended with the connection
            await connection.ExecuteAsync(new CommandDefinition(
                $"SET TRANSACTION READ ONLY; SET TRANSACTION SNAPSHOT '{id}'; SET LOCAL jit = off", cancellationToken: ct));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public static async Task<ReportSnapshot> BeginAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        var connection = await db.OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            // Before the first query, which takes the snapshot. Reports are long single scans: JIT costs more than it saves.
            await connection.ExecuteAsync(new CommandDefinition("SET TRANSACTION READ ONLY; SET LOCAL jit = off", cancellationToken: ct));
            var row = await connection.QuerySingleAsync<(long Accepted, long? Id, string? File, DateTime? Finished, DateTime ReadAt)>(
                new CommandDefinition("""
                    SELECT (SELECT count(*) FROM upload WHERE status = 'accepted'),
                           latest.id, latest.file_name, latest.finished_at, now()
                    FROM (SELECT 1) one LEFT JOIN LATERAL (
                        SELECT id, file_name, finished_at FROM upload WHERE status = 'accepted'
                        ORDER BY finished_at DESC NULLS LAST, id DESC LIMIT 1) latest ON true
                    """, cancellationToken: ct));
            if (Taken.Value is { } taken)
                await taken();
            return new ReportSnapshot(db, connection, transaction,
                new State(row.Accepted, row.Id, row.File, row.Finished, row.ReadAt));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync(); // read only: rolling back ends it as well as a commit would
        await Connection.DisposeAsync();
    }
}
