using System.Globalization;
using System.Text;
using Dapper;
using Npgsql;
using Survey.Ingest.Sample;
using Survey.Reports;
using Survey.Reports.Goals;
using Survey.Reports.Privacy;
using Survey.Tests.Ingest;

namespace Survey.Tests.Reports.Goals;

/// <summary>
/// An upload brings the goal tally and the protection decided on it up to date in its own transaction
/// (GoalTally.KeepCurrentAsync): right after it commits the tally is fresh for the next request, and through a first
/// load, re-uploads with randomly changed, moved and new respondents and a partial re-upload it equals a full
/// recount of the wave, combination by combination, the stored decision equals one made from that recount, and so
/// do the sheets' counts, the board's charted answers and the respondents per upload kept with it.
/// </summary>
public sealed class UploadTallyTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task A_first_load_of_several_counting_batches_is_counted_exactly()
    {
        // The rows are counted on another thread in batches of 4,096 (Ingest's CountingBehind): two full batches and
        // a part of one.
        var wave = await IngestFixture.NewWaveAsync(db);
        var (header, rows) = await SampleAsync(9000, 9);
        var result = await IngestFixture.IngestAsync(db, Csv(header, rows), wave);
        Assert.Equal((9000, 0, 0), (result.Inserted, result.Updated, result.Unchanged));
        await AssertCurrentAsync(wave);
        Assert.Equal(GoalTally.Rows, await CountedAsync(wave));
    }

    [Fact]
    public async Task Every_upload_leaves_the_tally_current_and_equal_to_a_full_recount()
    {
        var wave = await IngestFixture.NewWaveAsync(db);
        var (header, first) = await SampleAsync(600, 5);
        var (_, other) = await SampleAsync(700, 6); // the same respondent ids with other answers and units, and 100 more
        var random = new Random(12);

        var result = await IngestFixture.IngestAsync(db, Csv(header, first), wave);
        Assert.Equal((600, 0, 0), (result.Inserted, result.Updated, result.Unchanged));
        await AssertCurrentAsync(wave);
        Assert.Equal(GoalTally.Rows, await CountedAsync(wave)); // a first load: counted as it was parsed

        // A quarter of them answered again (some in another unit), and 100 new ones.
        var second = first.Select((row, i) => random.NextDouble() < 0.25 ? other[i] : row).Concat(other.Skip(600)).ToList();
        var changed = first.Where((row, i) => !row.SequenceEqual(second[i])).Count();
        result = await IngestFixture.IngestAsync(db, Csv(header, second), wave);
        Assert.Equal((100, changed, 600 - changed), (result.Inserted, result.Updated, result.Unchanged));
        Assert.InRange(changed, 100, 200);
        await AssertCurrentAsync(wave);
        Assert.Equal(GoalTally.Upload, await CountedAsync(wave)); // the change added to the tally, no full count

        // A partial re-upload: 300 random rows, a third of them back to their first answers.
        var third = second.Select((row, i) => (row, i)).OrderBy(_ => random.Next()).Take(300)
            .Select(x => x.i < 600 && random.NextDouble() < 0.33 ? first[x.i] : x.row).ToList();
        result = await IngestFixture.IngestAsync(db, Csv(header, third), wave);
        Assert.Equal(300, result.Updated + result.Unchanged);
        Assert.True(result.Updated > 0);
        await AssertCurrentAsync(wave);

        // The same file again changes nothing, and the tally stays current.
        result = await IngestFixture.IngestAsync(db, Csv(header, third), wave);
        Assert.Equal((0, 0, 300), (result.Inserted, result.Updated, result.Unchanged));
        await AssertCurrentAsync(wave);
        Assert.Equal(GoalTally.Upload, await CountedAsync(wave));

        // A statement that does not say which wave it wrote stales every wave's tally: the next upload counts in full.
        await IngestFixture.ScalarAsync<int>(db, "WITH touched AS (UPDATE respondent SET unit_code = unit_code WHERE false RETURNING 1) SELECT 0");
        result = await IngestFixture.IngestAsync(db, Csv(header, first.Take(50)), wave);
        Assert.Equal(50, result.Updated + result.Unchanged);
        await AssertCurrentAsync(wave);
        Assert.Equal(GoalTally.Full, await CountedAsync(wave));
    }

    [Fact]
    public async Task A_first_load_counted_as_it_is_parsed_equals_the_SQL_count_for_goals_of_every_kind()
    {
        // Goals of every kind and condition the definitions allow, and a merged administration, beside the plan's.
        async Task Cli(params string[] args)
        {
            var (exit, _, error) = await Survey.Tests.Cli.CliTests.RunAsync(db, args);
            Assert.True(exit == 0, error);
        }
        var goal = new[] { "goals", "add", "--title", "Prov", "--perspective", "Medarbetare" };
        await Cli([.. goal[..2], "G_T_OR", .. goal[2..], "--kind", "share",
            "--condition", "D_AVTAL = Ja or (D_DAGAR >= 2.5 and not B_KON in (Man, Annat))", "--population", "B_HEMKOMMUN not in (Östersund, \"Annan kommun\")", "--target", "0.5"]);
        await Cli([.. goal[..2], "G_T_UNANSWERED", .. goal[2..], "--kind", "share", "--condition", "D_HUBB <> Nej", "--population", "A_ERGONOMI answered and L_TEAM not answered", "--target", "0.5"]);
        await Cli([.. goal[..2], "G_T_MEAN", .. goal[2..], "--kind", "mean", "--questions", "D_DAGAR", "--population", "B_CHEF = Nej", "--target", "2"]);
        // A second board distribution of D_DAGAR (G_DISTANS has one): the question's answers are kept once.
        await Cli("goals", "chart", "G_T_MEAN", "--on", "board", "--by", "distribution");
        await Cli([.. goal[..2], "G_T_INDEX", .. goal[2..], "--kind", "index", "--questions", "A_MOTEN,A_ERGONOMI,A_IT_STOD", "--min-answered", "2",
            "--population", "B_ALDER <> \"-29\"", "--target", "4"]);
        var administrations = (await IngestFixture.ScalarAsync<string>(db, "SELECT string_agg(code, ',' ORDER BY id) FROM administration")).Split(',');
        await Cli("org", "merge", administrations[1], administrations[0]);

        var wave = await IngestFixture.NewWaveAsync(db);
        var (header, rows) = await SampleAsync(900, 21);
        var result = await IngestFixture.IngestAsync(db, Csv(header, rows), wave);
        Assert.Equal((900, 0, 0), (result.Inserted, result.Updated, result.Unchanged));
        Assert.Equal(GoalTally.Rows, await CountedAsync(wave));
        await AssertCurrentAsync(wave); // the kept tally and decision equal the SQL's

        // The sheets' counts too: the stored rows counted again in C# equal SheetCounts' SQL, row by row.
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var waveId = await connection.QuerySingleAsync<short>("SELECT id FROM wave WHERE code = @wave", new { wave });
        var counter = (RespondentCounter)await RespondentCounter.BeginAsync(connection, default);
        await using (var command = new NpgsqlCommand("SELECT unit_code, answers FROM respondent WHERE wave_id = @waveId", connection))
        {
            command.Parameters.AddWithValue("waveId", waveId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                counter.Add(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetFieldValue<short?[]>(1));
        }
        Assert.Equal(Text(await SheetCounts.CountAsync(connection, null, counter.Instrument, waveId, default)), Text(counter.Sheets()));
        Assert.Contains(counter.Measures, m => m.GoalCode == "G_T_INDEX");
    }

    private static string Text(SheetCounts sheets) => string.Join("\n",
        sheets.Groups.OrderBy(g => g.Key.Key).SelectMany(g => g.Value.Select(r => $"{g.Key.Key} {r.Key} {r.Respondents} {string.Join(',', r.Answered)}"))
            .Concat(sheets.Units.Select(u => $"unit {u.Code} {u.Administration} {u.Respondents} {string.Join(',', u.Answered)}")));

    [Fact]
    public async Task An_upload_to_one_wave_leaves_the_tally_of_another_current_and_uncounted()
    {
        var (header, rows) = await SampleAsync(300, 9);
        var (_, other) = await SampleAsync(300, 10);
        var a = await IngestFixture.NewWaveAsync(db);
        await IngestFixture.IngestAsync(db, Csv(header, rows), a);
        var b = await IngestFixture.NewWaveAsync(db);
        await IngestFixture.IngestAsync(db, Csv(header, rows), b);
        var stateOfA = await StateAsync(a);
        var tallyOfA = await TallyAsync(a);

        // Uploads to B: a re-upload with changes, and one that adds to it.
        var result = await IngestFixture.IngestAsync(db, Csv(header, rows.Select((row, i) => i % 3 == 0 ? other[i] : row)), b);
        Assert.Equal(100, result.Updated);
        Assert.Equal(GoalTally.Upload, await CountedAsync(b));
        await AssertCurrentAsync(b);

        // A's tally is still current (fresh for a request, equal to a full recount) and was not counted again.
        await AssertCurrentAsync(a);
        Assert.Equal(stateOfA, await StateAsync(a));
        Assert.Equal(tallyOfA, await TallyAsync(a));

        // So A's next upload adds its change to the tally rather than counting A in full.
        result = await IngestFixture.IngestAsync(db, Csv(header, rows.Select((row, i) => i % 5 == 0 ? other[i] : row)), a);
        Assert.Equal(60, result.Updated);
        Assert.Equal(GoalTally.Upload, await CountedAsync(a));
        await AssertCurrentAsync(a);
    }

    [Fact]
    public async Task A_rejected_upload_and_a_dry_run_leave_the_tally_as_it_was()
    {
        var wave = await IngestFixture.NewWaveAsync(db);
        var (header, rows) = await SampleAsync(50, 7);
        await IngestFixture.IngestAsync(db, Csv(header, rows), wave);
        var before = await TallyAsync(wave);
        var days = Array.IndexOf(header, "D_DAGAR");
        var rejected = await IngestFixture.IngestAsync(db, Csv(header, rows.Select((row, i) => i == 20 ? [.. row[..days], "99", .. row[(days + 1)..]] : row)), wave);
        Assert.Equal("rejected", rejected.Status);
        var (_, other) = await SampleAsync(50, 8);
        var dry = await IngestFixture.IngestAsync(db, Csv(header, rows.Select((row, i) => i < 10 ? other[i] : row)), wave, dryRun: true);
        Assert.True(dry.Updated > 0);
        Assert.Equal(before, await TallyAsync(wave));
        await AssertCurrentAsync(wave);
    }

    /// <summary>How the wave's kept tally was last made (goal_tally_state.counted).</summary>
    private Task<string> CountedAsync(string waveCode) => IngestFixture.ScalarAsync<string>(db,
        "SELECT counted FROM goal_tally_state s JOIN wave w ON w.id = s.wave_id WHERE w.code = @waveCode", new { waveCode });

    /// <summary>The wave's tally state row as text: its change count, definition, when and how it was counted.</summary>
    private Task<string> StateAsync(string waveCode) => IngestFixture.ScalarAsync<string>(db,
        "SELECT s::text FROM goal_tally_state s JOIN wave w ON w.id = s.wave_id WHERE w.code = @waveCode", new { waveCode });

    private async Task<(string[] Header, List<string[]> Rows)> SampleAsync(int respondents, int seed)
    {
        using var output = new MemoryStream();
        await SampleExport.WriteAsync(db.DataSource, output, SampleShape.Codes, respondents, seed, default);
        var records = Records(Encoding.UTF8.GetString(output.ToArray()));
        return (records[0], records.Skip(1).ToList());
    }

    /// <summary>The records of a comma-separated file whose quoted fields may hold commas, quotes and line breaks.</summary>
    private static List<string[]> Records(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    field.Append(text[++i]);
                else if (c == '"')
                    quoted = false;
                else
                    field.Append(c);
            }
            else if (c == '"')
                quoted = true;
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
            }
            else
                field.Append(c);
        }
        return records;
    }

    private static string Csv(string[] header, IEnumerable<string[]> rows) => IngestFixture.Csv(',', "\n", [header, .. rows]);

    /// <summary>The tally is fresh for a request made now, equals a full recount, and so does the stored protection.</summary>
    private async Task AssertCurrentAsync(string waveCode)
    {
        await using var snapshot = await ReportSnapshot.BeginAsync(db.DataSource, default);
        var connection = snapshot.Connection;
        var wave = await connection.QuerySingleAsync<short>("SELECT id FROM wave WHERE code = @waveCode", new { waveCode });
        var instrument = await snapshot.InstrumentAsync(default);
        var measures = await snapshot.MeasuresAsync(default);
        Assert.True(await GoalTally.KeptAsync(snapshot, instrument, measures, wave, default), "the next request would count the wave again");

        var recount = new List<string>();
        await using (var command = new NpgsqlCommand(WaveAggregate.CombinationSql(instrument, measures, WaveFilter.All), connection))
        {
            command.Parameters.AddWithValue("wave", wave);
            await using var reader = await command.ExecuteReaderAsync();
            var keys = Dimension.OfGoals.Count;
            while (await reader.ReadAsync())
                recount.Add(Line(Enumerable.Range(0, keys).Select(i => reader.IsDBNull(i) ? (short?)null : reader.GetInt16(i)), reader.GetInt64(keys),
                    Enumerable.Range(0, measures.Count).Select(i => reader.GetInt64(keys + 1 + 3 * i)),
                    Enumerable.Range(0, measures.Count).Select(i => reader.IsDBNull(keys + 2 + 3 * i) ? 0 : reader.GetDouble(keys + 2 + 3 * i)),
                    Enumerable.Range(0, measures.Count).Select(i => reader.IsDBNull(keys + 3 + 3 * i) ? 0 : reader.GetDouble(keys + 3 + 3 * i))));
        }
        Assert.Equal(recount.Order(StringComparer.Ordinal), await TallyAsync(waveCode));

        var decided = WaveProtection.From(await WaveAggregate.RunAsync(connection, instrument, measures, wave, WaveFilter.All, default), measures,
            await SheetCounts.CountAsync(connection, null, instrument, wave, default));
        var stored = await connection.QueryAsync<WaveProtection.Cell>("""
            SELECT kind, code, dimension, group_key AS "group", hidden, part FROM wave_protection WHERE wave_id = @wave
            """, new { wave });
        Assert.Equal(decided.Cells.Select(c => c.ToString()).Order(StringComparer.Ordinal), stored.Select(c => c.ToString()).Order(StringComparer.Ordinal));

        // The sheets' counts kept with the tally (the next upload adds its change to them) equal a recount too.
        var kept = await SheetCounts.LoadAsync(connection, null, instrument, wave, default);
        Assert.NotNull(kept);
        Assert.Equal(Text(await SheetCounts.CountAsync(connection, null, instrument, wave, default)), Text(kept));

        // So do the answers kept for the board's distribution chart (G_DISTANS: D_DAGAR), counted here by plain SQL.
        var answers = await GoalTally.KeptAnswersAsync(snapshot, wave, default);
        Assert.NotNull(answers);
        var days = instrument.Question("D_DAGAR").Position;
        var counted = await connection.QueryAsync<(short, long)>($"""
            SELECT answers[{days}], count(*) FROM respondent WHERE wave_id = @wave AND answers[{days}] IS NOT NULL GROUP BY 1 ORDER BY 1
            """, new { wave });
        Assert.Equal(counted, answers.Of("D_DAGAR"));

        // And the respondents per upload kept with it, which name the uploads a report rests on.
        Assert.Equal(await connection.QueryAsync<(long, long)>(
                "SELECT upload_id, count(*) FROM respondent WHERE wave_id = @wave GROUP BY 1 ORDER BY 1", new { wave }),
            await connection.QueryAsync<(long, long)>("""
                SELECT key::bigint, value::bigint FROM goal_tally_state, jsonb_each_text(uploads) WHERE wave_id = @wave ORDER BY 1
                """, new { wave }));
        Assert.Equal(await connection.QueryAsync<long>("SELECT DISTINCT upload_id FROM respondent WHERE wave_id = @wave ORDER BY 1", new { wave }),
            await GoalTally.KeptUploadsAsync(snapshot, wave, default));
    }

    /// <summary>The kept tally's rows as text, sums to 9 decimals (added and taken away, a float sum may differ in its last bits).</summary>
    private async Task<List<string>> TallyAsync(string waveCode)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("""
            SELECT keys, respondents, answered, sums, squares FROM goal_tally t JOIN wave w ON w.id = t.wave_id WHERE w.code = @waveCode
            """, connection);
        command.Parameters.AddWithValue("waveCode", waveCode);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(Line(reader.GetFieldValue<short?[]>(0), reader.GetInt64(1), reader.GetFieldValue<long[]>(2),
                reader.GetFieldValue<double[]>(3), reader.GetFieldValue<double[]>(4)));
        return rows.Order(StringComparer.Ordinal).ToList();
    }

    private static string Line(IEnumerable<short?> keys, long respondents, IEnumerable<long> answered, IEnumerable<double> sums,
        IEnumerable<double> squares) =>
        $"{string.Join(',', keys)}|{respondents}|{string.Join(',', answered)}|" +
        $"{string.Join(',', sums.Select(s => Math.Round(s, 9).ToString("R", CultureInfo.InvariantCulture)))}|" +
        $"{string.Join(',', squares.Select(s => Math.Round(s, 9).ToString("R", CultureInfo.InvariantCulture)))}";
}
