using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace Survey.Reports.Goals;

/// <summary>
/// The combination rows of WaveAggregate kept in goal_tally, per wave, for as long as neither the respondents
/// (respondent_change, see db/0020) nor the goal definitions (a hash of the counting SQL) change. Reading them is
/// a roll-up of a few thousand rows instead of a pass over every respondent; counting them again happens at most
/// once per change, under a per-wave advisory lock so that concurrent requests do not all count.
/// </summary>
internal static class GoalTally
{
    public static async Task<WaveCounts> CountsAsync(NpgsqlConnection connection, Instrument instrument,
        IReadOnlyList<SurveyMeasure> measures, short waveId, WaveFilter filter, CancellationToken ct)
    {
        // The tally's keys hold administrations but not units: one unit is counted from the respondents.
        if (filter.UnitCode is not null)
            return await WaveAggregate.RunAsync(connection, instrument, measures, waveId, filter, ct);
        var combination = WaveAggregate.CombinationSql(instrument, measures, WaveFilter.All);
        var definition = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(combination)))[..16];
        if (!await FreshAsync(connection, waveId, definition, ct))
            await RefreshAsync(connection, combination, waveId, definition, measures.Count, ct);

        var columns = string.Join(", ", Dimension.OfGoals.Select((d, i) => $"keys[{i + 1}] AS {d.Column}"));
        var sums = string.Join(", ", Enumerable.Range(0, measures.Count).Select(i => $"answered[{i + 1}] AS d{i}, sums[{i + 1}] AS s{i}"));
        var administration = Dimension.OfGoals.ToList().IndexOf(Dimension.Administration) + 1;
        var tally = $"""
            SELECT {columns}, respondents, {sums} FROM goal_tally
            WHERE wave_id = @wave{(filter.AdministrationId is null ? "" : $" AND keys[{administration}] = @administration")}
            """;
        await using var command = new NpgsqlCommand(WaveAggregate.RollupSql(measures.Count, tally), connection);
        command.Parameters.AddWithValue("wave", waveId);
        WaveAggregate.AddFilterParameters(command, filter with { UnitCode = null });
        return await WaveAggregate.ReadAsync(command, measures.Count, ct);
    }

    private static Task<bool> FreshAsync(NpgsqlConnection connection, short waveId, string definition, CancellationToken ct) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
            SELECT EXISTS (SELECT 1 FROM goal_tally_state
                           WHERE wave_id = @waveId AND definition = @definition
                             AND changes = (SELECT count(*) FROM respondent_change))
            """, new { waveId, definition }, cancellationToken: ct));

    private static async Task RefreshAsync(NpgsqlConnection connection, string combination, short waveId, string definition,
        int measures, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(1620, @waveId)", new { waveId },
            transaction, cancellationToken: ct));
        if (await FreshAsync(connection, waveId, definition, ct))
            return; // another request counted it while we waited
        await WaveAggregate.NoJitAsync(connection, ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM goal_tally WHERE wave_id = @waveId;
            DELETE FROM goal_tally_state WHERE wave_id = @waveId;
            """, new { waveId }, transaction, cancellationToken: ct));
        // One statement, one snapshot: the change count stored is the one the counted respondents belong to.
        var keys = string.Join(", ", Dimension.OfGoals.Select(d => d.Column));
        var answered = string.Join(", ", Enumerable.Range(0, measures).Select(i => $"d{i}"));
        var sums = string.Join(", ", Enumerable.Range(0, measures).Select(i => $"coalesce(s{i}, 0)"));
        await using var insert = new NpgsqlCommand($"""
            WITH state AS (
                INSERT INTO goal_tally_state (wave_id, changes, definition)
                SELECT @wave, count(*), @definition FROM respondent_change
            )
            INSERT INTO goal_tally (wave_id, keys, respondents, answered, sums)
            SELECT @wave, ARRAY[{keys}]::smallint[], respondents, ARRAY[{answered}]::bigint[], ARRAY[{sums}]::float8[]
            FROM ({combination}) c
            """, connection, transaction) { CommandTimeout = 0 };
        insert.Parameters.AddWithValue("wave", waveId);
        insert.Parameters.AddWithValue("definition", definition);
        await insert.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }
}
