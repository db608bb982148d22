using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace Survey.Reports.Goals;

/// <summary>
/// The combination rows of WaveAggregate kept in goal_tally, per wave, for as long as neither the respondents
/// (respondent_change, see db/0020) nor the goal definitions (a hash of the counting SQL) change. Reading them is
/// a roll-up of a few thousand rows instead of a pass over every respondent; counting them again happens at most
/// once per change, under a per-wave advisory lock so that concurrent requests do not all count. A report's
/// snapshot writes nothing: a stale tally is counted and stored on a connection of its own, and only while the
/// database's respondents are still the snapshot's. The wave's protection decision (Privacy/WaveProtection) is made
/// from the same counts and kept with them, in the same transaction.
/// </summary>
internal static class GoalTally
{
    // (1620, wave id): one request at a time counts a wave (Ingest writes a wave's respondents under 1610).
    private const int CountLock = 1620;

    public static async Task<WaveCounts> CountsAsync(ReportSnapshot snapshot, Instrument instrument,
        IReadOnlyList<SurveyMeasure> measures, short waveId, WaveFilter filter, CancellationToken ct)
    {
        // The tally's keys hold administrations but not units: one unit is counted from the respondents.
        if (filter.UnitCode is not null)
            return await WaveAggregate.RunAsync(snapshot.Connection, instrument, measures, waveId, filter, ct);
        var (combination, definition) = Definition(instrument, measures);
        if (await FreshAsync(snapshot.Connection, waveId, definition, snapshot.RespondentChanges, ct))
            return await ReadAsync(snapshot.Connection, measures.Count, waveId, filter, ct);
        return await CountAndStoreAsync(snapshot, instrument, combination, waveId, definition, measures, filter, ct)
            // an upload has committed since the snapshot was taken: the snapshot counts its own respondents
            ?? await WaveAggregate.RunAsync(snapshot.Connection, instrument, measures, waveId, filter, ct);
    }

    /// <summary>The counting SQL and its hash, which also names the protection's version (a new rule decides again).</summary>
    private static (string Combination, string Definition) Definition(Instrument instrument, IReadOnlyList<SurveyMeasure> measures)
    {
        var combination = WaveAggregate.CombinationSql(instrument, measures, WaveFilter.All);
        return (combination, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            combination + Privacy.SheetCounts.Sql(instrument) + Privacy.WaveProtection.Version)))[..16]);
    }

    /// <summary>Whether the snapshot sees a tally of its own respondents (and so the protection decided with it).</summary>
    public static Task<bool> KeptAsync(ReportSnapshot snapshot, Instrument instrument, IReadOnlyList<SurveyMeasure> measures,
        short waveId, CancellationToken ct) =>
        FreshAsync(snapshot.Connection, waveId, Definition(instrument, measures).Definition, snapshot.RespondentChanges, ct);

    private static Task<bool> FreshAsync(NpgsqlConnection connection, short waveId, string definition, long changes,
        CancellationToken ct) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
            SELECT EXISTS (SELECT 1 FROM goal_tally_state
                           WHERE wave_id = @waveId AND definition = @definition AND changes = @changes)
            """, new { waveId, definition, changes }, cancellationToken: ct));

    private static async Task<WaveCounts> ReadAsync(NpgsqlConnection connection, int measures, short waveId, WaveFilter filter,
        CancellationToken ct)
    {
        var columns = string.Join(", ", Dimension.OfGoals.Select((d, i) => $"keys[{i + 1}] AS {d.Column}"));
        var sums = string.Join(", ", Enumerable.Range(0, measures)
            .Select(i => $"answered[{i + 1}] AS d{i}, sums[{i + 1}] AS s{i}, squares[{i + 1}] AS q{i}"));
        var administration = Dimension.OfGoals.ToList().IndexOf(Dimension.Administration) + 1;
        var tally = $"""
            SELECT {columns}, respondents, {sums} FROM goal_tally
            WHERE wave_id = @wave{(filter.AdministrationId is null ? "" : $" AND keys[{administration}] = @administration")}
            """;
        await using var command = new NpgsqlCommand(WaveAggregate.RollupSql(measures, tally), connection);
        command.Parameters.AddWithValue("wave", waveId);
        WaveAggregate.AddFilterParameters(command, filter with { UnitCode = null });
        return await WaveAggregate.ReadAsync(command, measures, ct);
    }

    /// <summary>
    /// Counts the wave again on a connection of its own, stores the rows and rolls them up, in one repeatable-read
    /// transaction whose respondents are the snapshot's (the same respondent_change count); null when an upload has
    /// changed them since. PostgreSQL runs a plain SELECT in parallel but not an INSERT … SELECT (15), so the
    /// combination rows (a few thousand) are read and written back by binary COPY. A session advisory lock, taken
    /// before that transaction's snapshot, keeps concurrent requests from counting the same wave twice: one that
    /// waited finds the rows stored.
    /// </summary>
    private static async Task<WaveCounts?> CountAndStoreAsync(ReportSnapshot snapshot, Instrument instrument, string combination, short waveId,
        string definition, IReadOnlyList<SurveyMeasure> measures, WaveFilter filter, CancellationToken ct)
    {
        await using var connection = await snapshot.DataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition($"SELECT pg_advisory_lock({CountLock}, @waveId)", new { waveId }, cancellationToken: ct));
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
            var changes = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM respondent_change", transaction: transaction, cancellationToken: ct));
            if (changes != snapshot.RespondentChanges)
                return null;
            if (!await FreshAsync(connection, waveId, definition, changes, ct))
                await StoreAsync(connection, transaction, instrument, combination, waveId, definition, changes, measures, ct);
            var counts = await ReadAsync(connection, measures.Count, waveId, filter, ct);
            await transaction.CommitAsync(ct);
            return counts;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition($"SELECT pg_advisory_unlock({CountLock}, @waveId)", new { waveId },
                cancellationToken: CancellationToken.None));
        }
    }

    private static async Task StoreAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Instrument instrument, string combination,
        short waveId, string definition, long changes, IReadOnlyList<SurveyMeasure> measured, CancellationToken ct)
    {
        var measures = measured.Count;
        await WaveAggregate.NoJitAsync(connection, ct);
        var rows = new List<(short?[] Keys, long Respondents, long[] Answered, double[] Sums, double[] Squares)>();
        await using (var select = new NpgsqlCommand(combination, connection, transaction) { CommandTimeout = 0 })
        {
            select.Parameters.AddWithValue("wave", waveId);
            await using var reader = await select.ExecuteReaderAsync(ct);
            var keys = Dimension.OfGoals.Count;
            while (await reader.ReadAsync(ct))
                rows.Add((
                    Enumerable.Range(0, keys).Select(i => reader.IsDBNull(i) ? (short?)null : reader.GetInt16(i)).ToArray(),
                    reader.GetInt64(keys),
                    Enumerable.Range(0, measures).Select(i => reader.GetInt64(keys + 1 + 3 * i)).ToArray(),
                    Enumerable.Range(0, measures).Select(i => reader.IsDBNull(keys + 2 + 3 * i) ? 0 : reader.GetDouble(keys + 2 + 3 * i)).ToArray(),
                    Enumerable.Range(0, measures).Select(i => reader.IsDBNull(keys + 3 + 3 * i) ? 0 : reader.GetDouble(keys + 3 + 3 * i)).ToArray()));
        }
        await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM goal_tally WHERE wave_id = @waveId;
            DELETE FROM goal_tally_state WHERE wave_id = @waveId;
            INSERT INTO goal_tally_state (wave_id, changes, definition) VALUES (@waveId, @changes, @definition);
            """, new { waveId, changes, definition }, transaction, cancellationToken: ct));
        await using (var copy = await connection.BeginBinaryImportAsync(
                         "COPY goal_tally (wave_id, keys, respondents, answered, sums, squares) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var row in rows)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(waveId, NpgsqlTypes.NpgsqlDbType.Smallint, ct);
                await copy.WriteAsync(row.Keys, NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Smallint, ct);
                await copy.WriteAsync(row.Respondents, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(row.Answered, NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(row.Sums, NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Double, ct);
                await copy.WriteAsync(row.Squares, NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Double, ct);
            }
            await copy.CompleteAsync(ct);
        }
        // The wave's protection is decided on these counts and kept with them (Privacy/WaveProtection).
        var counts = await ReadAsync(connection, measures, waveId, WaveFilter.All, ct);
        await Privacy.WaveProtection.DecideAndStoreAsync(connection, transaction, instrument, measured, counts, waveId, ct);
    }
}
