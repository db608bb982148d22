using Dapper;
using Npgsql;
using Survey.Ingest.Uploads;

namespace Survey.Ingest.Exports;

/// <summary>
/// Moves staged respondents into the wave: registers new units, resolves duplicate keys, and upserts so that a
/// re-upload changes nothing and the counts of inserted, updated and unchanged rows are exact.
/// </summary>
internal static class RespondentStore
{
    public const string StageSql = """
        CREATE TEMP TABLE stage_respondent (
            line bigint NOT NULL, respondent_key text NOT NULL, hashed boolean NOT NULL, unit_code text,
            submitted_at timestamptz, answers smallint[] NOT NULL, free_text jsonb
        ) ON COMMIT DROP
        """;

    public const string CopySql = """
        COPY stage_respondent (line, respondent_key, hashed, unit_code, submitted_at, answers, free_text)
        FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>The COPY of a first load, into <paramref name="table"/>: respondent or the wave's new partition.</summary>
    public static string DirectCopySql(string table) => $"""
        COPY {table} (wave_id, respondent_key, unit_code, submitted_at, answers, free_text, upload_id)
        FROM STDIN (FORMAT BINARY)
        """;

    private const string UpsertSql = """
        INSERT INTO respondent AS r (wave_id, respondent_key, unit_code, submitted_at, answers, free_text, upload_id)
        SELECT @wave, respondent_key, unit_code, submitted_at, answers, free_text, @upload FROM stage_respondent
        ON CONFLICT (wave_id, respondent_key) DO UPDATE
        SET unit_code = EXCLUDED.unit_code, submitted_at = EXCLUDED.submitted_at, answers = EXCLUDED.answers,
            free_text = EXCLUDED.free_text, upload_id = EXCLUDED.upload_id
        WHERE (r.unit_code, r.submitted_at, r.answers, r.free_text)
              IS DISTINCT FROM (EXCLUDED.unit_code, EXCLUDED.submitted_at, EXCLUDED.answers, EXCLUDED.free_text)
        """;

    private const string InsertSql = """
        INSERT INTO respondent (wave_id, respondent_key, unit_code, submitted_at, answers, free_text, upload_id)
        SELECT @wave, respondent_key, unit_code, submitted_at, answers, free_text, @upload FROM stage_respondent
        """;

    // (1610, wave id): one upload at a time writes a wave's respondents (Reports counts under 1620).
    private const int WaveLock = 1610;

    /// <summary>A first load of a wave, which the wave lock keeps the first until commit.</summary>
    /// <param name="Changes">The wave's respondent_change count under the lock (<see cref="StoredRespondents.ChangesBefore"/>).</param>
    /// <param name="Table">The table the rows are copied into: the wave's new partition, not attached yet, or respondent
    /// when the wave's partition exists (its respondents were deleted).</param>
    public sealed record FirstLoad(long Changes, string Table)
    {
        public bool NewPartition => Table != "respondent";
    }

    /// <summary>
    /// A first load when the wave has no respondents yet, which the wave lock, taken here, keeps true until commit:
    /// the rows can then be copied straight into the wave's table, with no staging and no upsert (README,
    /// Benchmarks), and, when the wave has no partition yet, into a new table of its own that gets its primary key
    /// after the copy (db/0706). A key that repeats inside the file fails that COPY, or the key's build, and the
    /// caller then stages. Null when the wave has respondents.
    /// </summary>
    public static async Task<FirstLoad?> FirstLoadAsync(NpgsqlConnection connection, short waveId, CancellationToken ct)
    {
        var changes = await LockWaveAsync(connection, waveId, ct);
        var (any, partition) = await connection.QuerySingleAsync<(bool, bool)>(new CommandDefinition("""
            SELECT EXISTS (SELECT 1 FROM respondent WHERE wave_id = @waveId), to_regclass('respondent_wave_' || @waveId) IS NOT NULL
            """, new { waveId }, cancellationToken: ct));
        if (any)
            return null;
        if (partition)
            return new FirstLoad(changes, "respondent");
        var table = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT respondent_partition_table(@waveId)", new { waveId }, cancellationToken: ct));
        return new FirstLoad(changes, table!);
    }

    /// <summary>
    /// Completes a first load copied straight into the wave's table: every row copied is new. A new partition gets
    /// its primary key (a key twice in the file fails here) and is attached, and its rows are noted as the wave's
    /// change, which respondent's trigger does for a statement on respondent itself.
    /// </summary>
    public static async Task<(StoreCounts, StoredRespondents?)> StoreDirectAsync(NpgsqlConnection connection, StoreContext context,
        UploadVocabulary instrument, FirstLoad load, IRespondentCounter? counted, CancellationToken ct)
    {
        var waveId = context.WaveId!.Value;
        if (load.NewPartition)
            using (Timings.Phase("primary key"))
                // Also for a file rejected for other rows, so that its repeated keys are reported with the rest.
                await connection.ExecuteAsync(new CommandDefinition($"ALTER TABLE {load.Table} ADD PRIMARY KEY (respondent_key, wave_id)",
                    cancellationToken: ct, commandTimeout: 0));
        if (context.Rejected)
            return (new StoreCounts(0, 0, 0), null);
        if (load.NewPartition)
            await connection.ExecuteAsync(new CommandDefinition($"""
                ALTER TABLE respondent ATTACH PARTITION {load.Table} FOR VALUES IN ({waveId});
                INSERT INTO respondent_change (wave_id) VALUES ({waveId});
                """, cancellationToken: ct));
        Task Register(CancellationToken token) => OrganisationRegistry.RegisterAsync(connection, instrument, waveId, token);
        // Counted as parsed, the figures need nothing from the new units: they are registered while the protection
        // is decided (StoredRespondents.Alongside).
        if (counted is null)
            await Register(ct);
        return (new StoreCounts((int)context.Staged, 0, 0),
            new StoredRespondents(waveId, context.UploadId, load.Changes, false) { Counted = counted, Alongside = counted is null ? null : Register });
    }

    public static async Task<(StoreCounts, StoredRespondents?)> StoreAsync(NpgsqlConnection connection, StoreContext context,
        UploadVocabulary instrument, string? idHeader, CancellationToken ct)
    {
        // Always looked for, also when the wave already holds the respondent: an upsert would otherwise let the
        // later row win, or count both as unchanged.
        var staged = context.Staged - await ResolveDuplicatesAsync(connection, context, idHeader, ct);
        if (context.Rejected)
            return (new StoreCounts(0, 0, 0), null);
        await OrganisationRegistry.RegisterAsync(connection, instrument, context.WaveId!.Value, ct);
        var changes = await LockWaveAsync(connection, context.WaveId!.Value, ct);
        await connection.ExecuteAsync(new CommandDefinition("SELECT respondent_partition(@wave)", new { wave = context.WaveId },
            cancellationToken: ct));
        return await UpsertAsync(connection, context, staged, changes, ct);
    }

    /// <summary>
    /// Takes the wave's lock and says, for the rest of the transaction, that its respondent statements write this
    /// wave only (survey.respondent_wave, db/0701), so that other waves' tallies stay current; returns the wave's
    /// respondent_change count once the lock is held, before any respondent is written.
    /// </summary>
    private static async Task<long> LockWaveAsync(NpgsqlConnection connection, short waveId, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            $"SELECT pg_advisory_xact_lock({WaveLock}, @wave), set_config('survey.respondent_wave', @wave::text, true)",
            new { wave = (int)waveId }, cancellationToken: ct, commandTimeout: 0));
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(StoredRespondents.ChangesSql, new { wave = waveId },
            cancellationToken: ct));
    }

    /// <summary>
    /// The upsert, or on a first load (none of the staged respondents is in the wave yet, which the wave lock keeps
    /// true until commit) a plain INSERT: the same rows and exact counts, without the upsert's conflict checks and
    /// RETURNING, which cost about a quarter of a million-row load (README, Benchmarks).
    /// </summary>
    private static async Task<(StoreCounts, StoredRespondents)> UpsertAsync(NpgsqlConnection connection, StoreContext context,
        long staged, long changesBefore, CancellationToken ct)
    {
        var parameters = new { wave = context.WaveId, upload = context.UploadId };
        var anyKnown = await connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
            SELECT EXISTS (SELECT 1 FROM stage_respondent s
                           JOIN respondent r ON r.wave_id = @wave AND r.respondent_key = s.respondent_key)
            """, parameters, cancellationToken: ct, commandTimeout: 0));
        var stored = new StoredRespondents(context.WaveId!.Value, context.UploadId, changesBefore, anyKnown);
        if (anyKnown)
        {
            // The former rows of those the upsert will update, for the goal tally's change (StoredRespondents), and
            // their count: the upsert writes the new rows and these (a partitioned table's RETURNING has no xmax to
            // tell the two apart).
            var updated = await connection.ExecuteScalarAsync<int>(new CommandDefinition(ReplacedSql, parameters, cancellationToken: ct, commandTimeout: 0));
            var written = await connection.ExecuteAsync(new CommandDefinition(UpsertSql, parameters, cancellationToken: ct, commandTimeout: 0));
            return (new StoreCounts(written - updated, updated, (int)staged - written), stored);
        }
        var inserted = await connection.ExecuteAsync(new CommandDefinition(InsertSql, parameters, cancellationToken: ct, commandTimeout: 0));
        return (new StoreCounts(inserted, 0, (int)staged - inserted), stored);
    }

    /// <summary>The rows the upsert's update will replace (the same condition as its WHERE), and how many.</summary>
    private const string ReplacedSql = """
        CREATE TEMP TABLE replaced_respondent ON COMMIT DROP AS
        SELECT r.unit_code, r.answers, r.upload_id
        FROM stage_respondent s JOIN respondent r ON r.wave_id = @wave AND r.respondent_key = s.respondent_key
        WHERE (r.unit_code, r.submitted_at, r.answers, r.free_text)
              IS DISTINCT FROM (s.unit_code, s.submitted_at, s.answers, s.free_text);
        SELECT count(*)::int FROM replaced_respondent
        """;

    /// <summary>
    /// A repeated respondent id is a row problem naming both lines (the later rows are dropped when invalid rows are
    /// skipped).
    /// Identical rows without an id are distinct respondents who answered alike: they get numbered keys.
    /// Returns how many staged rows were dropped.
    /// </summary>
    private static async Task<int> ResolveDuplicatesAsync(NpgsqlConnection connection, StoreContext context, string? idHeader,
        CancellationToken ct)
    {
        var any = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT FROM stage_respondent GROUP BY respondent_key HAVING count(*) > 1)",
            cancellationToken: ct, commandTimeout: 0));
        if (!any)
            return 0;
        var duplicates = await connection.QueryAsync<(long Line, string Key, long FirstLine)>(new CommandDefinition("""
            SELECT line, respondent_key, first_line FROM (
                SELECT line, respondent_key, hashed, min(line) OVER (PARTITION BY respondent_key) AS first_line
                FROM stage_respondent) s
            WHERE NOT hashed AND line <> first_line ORDER BY line
            """, cancellationToken: ct, commandTimeout: 0));
        foreach (var (line, key, firstLine) in duplicates)
            context.Problems.Add(line, idHeader ?? "", key,
                $"Svars-ID {key} förekommer flera gånger i filen (första gången på rad {firstLine}).");

        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE stage_respondent s SET respondent_key = s.respondent_key || '-' || d.n
            FROM (SELECT line, row_number() OVER (PARTITION BY respondent_key ORDER BY line) AS n
                  FROM stage_respondent WHERE hashed) d
            WHERE s.line = d.line AND d.n > 1
            """, cancellationToken: ct, commandTimeout: 0));
        return await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM stage_respondent s
            USING (SELECT line, row_number() OVER (PARTITION BY respondent_key ORDER BY line) AS n
                   FROM stage_respondent WHERE NOT hashed) d
            WHERE s.line = d.line AND d.n > 1
            """, cancellationToken: ct, commandTimeout: 0));
    }
}
