using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;
using Survey.Ingest.Uploads;

namespace Survey.Reports.Goals;

/// <summary>
/// The combination rows of WaveAggregate kept in goal_tally, per wave, for as long as neither the respondents
/// (the wave's respondent_change rows, see db/0020 and db/0701) nor the goal definitions (a hash of the counting SQL) change. Reading them is
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
        var changes = await snapshot.RespondentChangesAsync(waveId, ct);
        if (await FreshAsync(snapshot.Connection, waveId, definition, changes, ct))
            return await ReadAsync(snapshot.Connection, measures, waveId, filter, ct);
        return await CountAndStoreAsync(snapshot, instrument, combination, waveId, definition, changes, measures, filter, ct)
            // an upload has committed since the snapshot was taken: the snapshot counts its own respondents
            ?? await WaveAggregate.RunAsync(snapshot.Connection, instrument, measures, waveId, filter, ct);
    }

    /// <summary>
    /// The counting SQL and its hash, which also names the protection's version (a new rule decides again). Made
    /// once per list of measures (a report's snapshot or an upload loads one): writing it out takes tens of
    /// milliseconds, and a report asks for it more than once.
    /// </summary>
    private static (string Combination, string Definition) Definition(Instrument instrument, IReadOnlyList<SurveyMeasure> measures) =>
        Made.GetValue(measures, _ =>
        {
            var combination = WaveAggregate.CombinationSql(instrument, measures, WaveFilter.All);
            return new((combination, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
                combination + Privacy.SheetCounts.Sql(instrument) + Privacy.WaveProtection.Version)))[..16]));
        }).Value;

    /// <summary>The definitions made, by the measures they were made for (compiled against one instrument).</summary>
    private static readonly ConditionalWeakTable<IReadOnlyList<SurveyMeasure>,
        StrongBox<(string Combination, string Definition)>> Made = new();

    /// <summary>Whether the snapshot sees a tally of its own respondents (and so the protection decided with it).</summary>
    public static async Task<bool> KeptAsync(ReportSnapshot snapshot, Instrument instrument, IReadOnlyList<SurveyMeasure> measures,
        short waveId, CancellationToken ct) =>
        await FreshAsync(snapshot.Connection, waveId, Definition(instrument, measures).Definition,
            await snapshot.RespondentChangesAsync(waveId, ct), ct);

    /// <summary>
    /// The answers of the board's charted questions kept with the tally (<see cref="ChartedAnswers"/>), when the
    /// snapshot sees a tally of its own respondents; null otherwise.
    /// </summary>
    public static async Task<ChartedAnswers?> KeptAnswersAsync(ReportSnapshot snapshot, short waveId, CancellationToken ct) =>
        ChartedAnswers.FromJson(await KeptStateAsync(snapshot, waveId, "answers", ct));

    /// <summary>
    /// The uploads the wave's respondents come from, kept with the tally (goal_tally_state.uploads: respondents per
    /// upload), when the snapshot sees a tally of its own respondents; null otherwise.
    /// </summary>
    public static async Task<IReadOnlyList<long>?> KeptUploadsAsync(ReportSnapshot snapshot, short waveId, CancellationToken ct) =>
        await KeptStateAsync(snapshot, waveId, "uploads", ct) is { } json ? [.. Uploads(json).Where(u => u.Value > 0).Select(u => u.Key).Order()] : null;

    /// <summary>A column of the tally's state (as text) when the snapshot sees a tally of its own respondents.</summary>
    private static async Task<string?> KeptStateAsync(ReportSnapshot snapshot, short waveId, string column, CancellationToken ct)
    {
        var definition = Definition(await snapshot.InstrumentAsync(ct), await snapshot.MeasuresAsync(ct)).Definition;
        return await snapshot.Connection.ExecuteScalarAsync<string?>(new CommandDefinition($"""
            SELECT {column}::text FROM goal_tally_state WHERE wave_id = @waveId AND definition = @definition AND changes = @changes
            """, new { waveId, definition, changes = await snapshot.RespondentChangesAsync(waveId, ct) }, cancellationToken: ct));
    }

    private static Dictionary<long, long> Uploads(string json) => System.Text.Json.JsonSerializer.Deserialize<Dictionary<long, long>>(json)!;

    /// <summary>The wave's respondents per upload, counted (a full count: the wave's respondents, or an upload's replaced rows).</summary>
    private static async Task<Dictionary<long, long>> UploadsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string from,
        short waveId, CancellationToken ct) =>
        (await connection.QueryAsync<(long Upload, long Respondents)>(new CommandDefinition(
            $"SELECT upload_id, count(*) FROM {from} GROUP BY upload_id", new { wave = waveId }, transaction, cancellationToken: ct,
            commandTimeout: 0))).ToDictionary(u => u.Upload, u => u.Respondents);

    private static Task<bool> FreshAsync(NpgsqlConnection connection, short waveId, string definition, long changes,
        CancellationToken ct) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
            SELECT EXISTS (SELECT 1 FROM goal_tally_state
                           WHERE wave_id = @waveId AND definition = @definition AND changes = @changes)
            """, new { waveId, definition, changes }, cancellationToken: ct));

    private static async Task<WaveCounts> ReadAsync(NpgsqlConnection connection, IReadOnlyList<SurveyMeasure> measured, short waveId,
        WaveFilter filter, CancellationToken ct)
    {
        var measures = measured.Count;
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
        return await WaveAggregate.ReadAsync(command, measured, ct);
    }

    /// <summary>
    /// Counts the wave again on a connection of its own, stores the rows and rolls them up, in one repeatable-read
    /// transaction whose respondents are the snapshot's (the same respondent_change count of the wave); null when an
    /// upload has changed them since. PostgreSQL runs a plain SELECT in parallel but not an INSERT … SELECT (15), so the
    /// combination rows (a few thousand) are read and written back by binary COPY. A session advisory lock, taken
    /// before that transaction's snapshot, keeps concurrent requests from counting the same wave twice: one that
    /// waited finds the rows stored.
    /// </summary>
    private static async Task<WaveCounts?> CountAndStoreAsync(ReportSnapshot snapshot, Instrument instrument, string combination, short waveId,
        string definition, long snapshotChanges, IReadOnlyList<SurveyMeasure> measures, WaveFilter filter, CancellationToken ct)
    {
        await using var connection = await snapshot.DataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition($"SELECT pg_advisory_lock({CountLock}, @waveId)", new { waveId }, cancellationToken: ct));
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
            var changes = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                StoredRespondents.ChangesSql, new { wave = waveId }, transaction, cancellationToken: ct));
            if (changes != snapshotChanges)
                return null;
            if (!await FreshAsync(connection, waveId, definition, changes, ct))
            {
                Timings.Note("tally counted by a request");
                await StoreAsync(connection, transaction, instrument, combination, waveId, definition, changes, measures, ct);
            }
            var counts = await ReadAsync(connection, measures, waveId, filter, ct);
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
        await WaveAggregate.NoJitAsync(connection, ct);
        var rows = new Dictionary<string, Row>();
        ChartedAnswers answers;
        Dictionary<long, long> uploads;
        using (Timings.Phase("tally: full count"))
        {
            await AddAsync(connection, transaction, combination, waveId, null, measured.Count, rows, 1, ct);
            answers = await ChartedAnswers.CountAsync(connection, transaction, await ChartedQuestionsAsync(connection, transaction, instrument, measured, ct),
                "respondent WHERE wave_id = @wave", waveId, null, ct);
            uploads = await UploadsAsync(connection, transaction, "respondent WHERE wave_id = @wave", waveId, ct);
        }
        await WriteAsync(connection, transaction, instrument, waveId, definition, changes, Full, measured, rows.Values, answers, uploads, ct);
    }

    /// <summary>One combination row: its keys, respondents, and per measure answered, sum and sum of squares.</summary>
    private sealed record Row(short?[] Keys, long[] Counts, double[] Sums, double[] Squares)
    {
        public static string KeyOf(short?[] keys) => string.Join(",", keys);
    }

    /// <summary>
    /// Adds (<paramref name="sign"/> 1) or takes away (-1) the combination rows <paramref name="combination"/>
    /// counts to <paramref name="rows"/>: Counts[0] is respondents, Counts[1 + i] measure i's answered.
    /// </summary>
    private static async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string combination,
        short waveId, long? uploadId, int measures, Dictionary<string, Row> rows, int sign, CancellationToken ct)
    {
        await using var select = new NpgsqlCommand(combination, connection, transaction) { CommandTimeout = 0 };
        select.Parameters.AddWithValue("wave", waveId);
        if (uploadId is { } upload)
            select.Parameters.AddWithValue("upload", upload);
        await using var reader = await select.ExecuteReaderAsync(ct);
        var keys = Dimension.OfGoals.Count;
        while (await reader.ReadAsync(ct))
        {
            var key = Enumerable.Range(0, keys).Select(i => reader.IsDBNull(i) ? (short?)null : reader.GetInt16(i)).ToArray();
            if (!rows.TryGetValue(Row.KeyOf(key), out var row))
                rows[Row.KeyOf(key)] = row = new Row(key, new long[measures + 1], new double[measures], new double[measures]);
            row.Counts[0] += sign * reader.GetInt64(keys);
            for (var i = 0; i < measures; i++)
            {
                row.Counts[1 + i] += sign * reader.GetInt64(keys + 1 + 3 * i);
                row.Sums[i] += sign * (reader.IsDBNull(keys + 2 + 3 * i) ? 0 : reader.GetDouble(keys + 2 + 3 * i));
                row.Squares[i] += sign * (reader.IsDBNull(keys + 3 + 3 * i) ? 0 : reader.GetDouble(keys + 3 + 3 * i));
            }
        }
    }

    /// <summary>The questions whose answers are kept with the tally: those the board draws (active goals' charts).</summary>
    private static async Task<IReadOnlyList<Question>> ChartedQuestionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        Instrument instrument, IReadOnlyList<SurveyMeasure> measures, CancellationToken ct) =>
        [.. (await ChartedAnswers.QuestionsAsync(connection, transaction, instrument, measures, retired: false, ct)).Select(q => q.Question)];

    /// <summary>
    /// How a kept tally was made (goal_tally_state.counted): every respondent counted, an upload's change added, or a
    /// first load's rows counted as they were parsed (<see cref="RespondentCounter"/>).
    /// </summary>
    internal const string Full = "full", Upload = "upload", Rows = "rows";

    /// <summary>
    /// Replaces the wave's tally and its state by these rows, and the protection decided on them (with
    /// <paramref name="alongside"/> run on the connection meanwhile).
    /// </summary>
    private static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Instrument instrument, short waveId,
        string definition, long changes, string counted, IReadOnlyList<SurveyMeasure> measured, IEnumerable<Row> rows, ChartedAnswers answers,
        Dictionary<long, long> uploads, CancellationToken ct, Privacy.SheetCounts? sheets = null, Func<CancellationToken, Task>? alongside = null)
    {
        var measures = measured.Count;
        await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM goal_tally WHERE wave_id = @waveId;
            DELETE FROM goal_tally_state WHERE wave_id = @waveId;
            INSERT INTO goal_tally_state (wave_id, changes, definition, counted, answers, uploads)
            VALUES (@waveId, @changes, @definition, @counted, @answers::jsonb, @uploads::jsonb);
            """, new
            {
                waveId, changes, definition, counted, answers = answers.ToJson(),
                uploads = System.Text.Json.JsonSerializer.Serialize(uploads.Where(u => u.Value != 0).ToDictionary()),
            }, transaction, cancellationToken: ct));
        await using (var copy = await CopyRows.BeginAsync(connection,
                         "COPY goal_tally (wave_id, keys, respondents, answered, sums, squares) FROM STDIN (FORMAT BINARY)", ct))
        {
            // A combination whose last respondent left (a re-upload moved them) is no row, as a count would not list it.
            foreach (var row in rows.Where(r => r.Counts[0] != 0))
            {
                copy.StartRow(6);
                copy.Smallint(waveId);
                copy.Smallints(row.Keys);
                copy.Bigint(row.Counts[0]);
                copy.Bigints(row.Counts.AsSpan(1));
                copy.Doubles(row.Sums);
                copy.Doubles(row.Squares);
            }
            await copy.CompleteAsync(ct);
        }
        // The wave's protection is decided on these counts and kept with them (Privacy/WaveProtection).
        var counts = await ReadAsync(connection, measured, waveId, WaveFilter.All, ct);
        using var phase = Timings.Phase("protection");
        await Privacy.WaveProtection.DecideAndStoreAsync(connection, transaction, instrument, measured, counts, waveId, ct, sheets, alongside);
    }

    /// <summary>
    /// Brings the wave's tally (and the protection decided on it) up to date inside an upload's transaction, once its
    /// respondents are stored (<see cref="StoredRespondents.Keep"/>), so that no request after the upload counts the
    /// wave. Where the kept tally was current just before the upload, the upload's change is added to it: its rows
    /// (inserted and updated) counted in, the rows it replaced counted out, a pass over those rows only. Otherwise (no
    /// tally yet, changed definitions, or respondents changed since) the wave is counted in full, as a request would.
    /// Either way the tally's state is the respondent_change count the upload's commit leaves, so a request after it
    /// finds the tally fresh unless other respondents changed meanwhile.
    /// </summary>
    public static async Task KeepCurrentAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StoredRespondents stored,
        CancellationToken ct)
    {
        var counter = stored.Counted as RespondentCounter;
        var instrument = counter?.Instrument ?? await Instrument.LoadAsync(connection, ct);
        var measures = counter?.Measures ?? SurveyGoals.Measures(instrument, await Definitions.GoalDefinitions.LoadAsync(connection, ct));
        var (combination, definition) = Definition(instrument, measures);
        var waveId = stored.WaveId;
        // Requests counting this wave (under the session lock) finish first; the wave lock (1610) is the upload's.
        await connection.ExecuteAsync(new CommandDefinition($"SELECT pg_advisory_xact_lock({CountLock}, @waveId)", new { waveId },
            transaction, cancellationToken: ct, commandTimeout: 0));
        var changes = await connection.ExecuteScalarAsync<long>(new CommandDefinition(StoredRespondents.ChangesSql, new { wave = waveId },
            transaction, cancellationToken: ct));
        if (counter is not null)
        {
            // A first load: the rows it counted as it parsed them are the wave's respondents.
            var counted = counter.Combinations.Select(c => new Row(c.Keys, [c.Sums.Respondents, .. c.Sums.Answered], c.Sums.Values, c.Sums.Squares));
            await WriteAsync(connection, transaction, instrument, waveId, definition, changes, Rows, measures, counted, counter.Answers,
                new() { [stored.UploadId] = counter.Combinations.Sum(c => c.Sums.Respondents) }, ct, counter.Sheets(), stored.RunAlongsideAsync);
            return;
        }
        await WaveAggregate.NoJitAsync(connection, ct);
        if (!await FreshAsync(connection, waveId, definition, stored.ChangesBefore, ct))
        {
            await StoreAsync(connection, transaction, instrument, combination, waveId, definition, changes, measures, ct);
            return;
        }
        var rows = new Dictionary<string, Row>();
        await using (var kept = new NpgsqlCommand("SELECT keys, respondents, answered, sums, squares FROM goal_tally WHERE wave_id = @wave",
                         connection, transaction))
        {
            kept.Parameters.AddWithValue("wave", waveId);
            await using var reader = await kept.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var keys = reader.GetFieldValue<short?[]>(0);
                rows[Row.KeyOf(keys)] = new Row(keys, [reader.GetInt64(1), .. reader.GetFieldValue<long[]>(2)],
                    reader.GetFieldValue<double[]>(3), reader.GetFieldValue<double[]>(4));
            }
        }
        var changed = WaveAggregate.CombinationSql(instrument, measures, WaveFilter.All,
            from: "respondent WHERE wave_id = @wave AND upload_id = @upload");
        long uploaded;
        var before = rows.Values.Sum(r => r.Counts[0]);
        using (Timings.Phase("tally: the upload's change"))
        {
            await AddAsync(connection, transaction, changed, waveId, stored.UploadId, measures.Count, rows, 1, ct);
            uploaded = rows.Values.Sum(r => r.Counts[0]) - before; // the rows it inserted and updated
            if (stored.Replaced)
                await AddAsync(connection, transaction, WaveAggregate.CombinationSql(instrument, measures, WaveFilter.All, from: "replaced_respondent"),
                    waveId, null, measures.Count, rows, -1, ct);
        }
        // The sheets' counts kept with the tally, with the same change (none kept: counted in full when deciding).
        Privacy.SheetCounts? sheets;
        using (Timings.Phase("sheet counts: the upload's change"))
        {
            sheets = await Privacy.SheetCounts.LoadAsync(connection, transaction, instrument, waveId, ct);
            if (sheets is not null)
                sheets = Privacy.SheetCounts.Sum(instrument,
                [
                    (sheets, 1),
                    (await Privacy.SheetCounts.CountAsync(connection, transaction, instrument, waveId, ct,
                        "respondent WHERE wave_id = @wave AND upload_id = @upload", stored.UploadId), 1),
                    .. stored.Replaced
                        ? [(await Privacy.SheetCounts.CountAsync(connection, transaction, instrument, waveId, ct, "replaced_respondent"), -1)]
                        : Array.Empty<(Privacy.SheetCounts, int)>(),
                ]);
        }
        // The charted answers and the respondents per upload kept with the tally, with the same change.
        var (keptAnswers, keptUploads) = await connection.QuerySingleAsync<(string?, string?)>(new CommandDefinition(
            "SELECT answers::text, uploads::text FROM goal_tally_state WHERE wave_id = @waveId", new { waveId }, transaction, cancellationToken: ct));
        ChartedAnswers answers;
        using (Timings.Phase("charted answers: the upload's change"))
        {
            // Counted in full when not all are kept.
            var questions = await ChartedQuestionsAsync(connection, transaction, instrument, measures, ct);
            var kept = ChartedAnswers.FromJson(keptAnswers);
            if (kept is null || !kept.Holds(questions))
                answers = await ChartedAnswers.CountAsync(connection, transaction, questions, "respondent WHERE wave_id = @wave", waveId, null, ct);
            else
            {
                answers = ChartedAnswers.Empty(questions).Plus(kept, 1).Plus(await ChartedAnswers.CountAsync(connection, transaction, questions,
                    "respondent WHERE wave_id = @wave AND upload_id = @upload", waveId, stored.UploadId, ct), 1);
                if (stored.Replaced)
                    answers.Plus(await ChartedAnswers.CountAsync(connection, transaction, questions, "replaced_respondent", waveId, null, ct), -1);
            }
        }
        // The respondents per upload: this upload's rows added, those they replaced taken from theirs (counted in
        // full when none are kept).
        Dictionary<long, long> uploads;
        if (keptUploads is null)
            uploads = await UploadsAsync(connection, transaction, "respondent WHERE wave_id = @wave", waveId, ct);
        else
        {
            uploads = Uploads(keptUploads);
            uploads[stored.UploadId] = uploads.GetValueOrDefault(stored.UploadId) + uploaded;
            if (stored.Replaced)
                foreach (var (upload, respondents) in await UploadsAsync(connection, transaction, "replaced_respondent", waveId, ct))
                    uploads[upload] = uploads.GetValueOrDefault(upload) - respondents;
        }
        await WriteAsync(connection, transaction, instrument, waveId, definition, changes, Upload, measures, rows.Values, answers, uploads, ct, sheets);
    }
}
