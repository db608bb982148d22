using System.Text;
using Dapper;
using Survey.Ingest.Sample;
using Survey.Tests.Ingest;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Database;

/// <summary>
/// respondent has a partition per wave (db/0706): a wave's first load copies into a new table, builds its primary
/// key after the copy and attaches it; everything else writes through respondent, into the partition.
/// </summary>
public sealed class RespondentPartitionTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private const int Respondents = 120;

    [Fact]
    public async Task A_first_load_attaches_the_waves_partition_with_its_key_and_leaves_the_tally_current()
    {
        var wave = await NewWaveAsync(db);
        var export = await Samples.ExportAsync(db, SampleShape.Codes, Respondents, seed: 21);
        var changesBefore = await ChangesAsync(wave);
        var first = await IngestAsync(db, export, wave);
        Assert.Equal((Respondents, 0, 0), (first.Inserted, first.Updated, first.Unchanged));

        var partition = await PartitionAsync(wave);
        Assert.Equal((true, true, Respondents), (partition.Attached, partition.Keyed, partition.Rows));
        // The attach is no statement on respondent, so no trigger notes it: the load notes it as the wave's change
        // itself, and the tally the upload kept is of the state after it.
        var changesAfter = await ChangesAsync(wave);
        Assert.True(changesAfter > changesBefore, $"respondent_change {changesBefore} -> {changesAfter}");
        Assert.Equal(changesAfter, await ScalarAsync<long>(db,
            "SELECT changes FROM goal_tally_state WHERE wave_id = (SELECT id FROM wave WHERE code = @wave)", new { wave }));

        var again = await IngestAsync(db, export, wave);
        Assert.Equal((0, 0, Respondents), (again.Inserted, again.Updated, again.Unchanged));
        Assert.Equal(Respondents, (await PartitionAsync(wave)).Rows);
    }

    [Fact]
    public async Task A_wave_emptied_of_respondents_is_loaded_again_into_its_partition_and_a_deleted_wave_takes_it_along()
    {
        var wave = await NewWaveAsync(db);
        var export = await Samples.ExportAsync(db, SampleShape.Codes, Respondents, seed: 22);
        Assert.True((await IngestAsync(db, export, wave)).IsAccepted);
        await ScalarAsync<int>(db, """
            WITH gone AS (DELETE FROM respondent WHERE wave_id = (SELECT id FROM wave WHERE code = @wave) RETURNING 1) SELECT count(*)::int FROM gone
            """, new { wave });

        var reloaded = await IngestAsync(db, export, wave);
        Assert.Equal((Respondents, 0, 0), (reloaded.Inserted, reloaded.Updated, reloaded.Unchanged));
        Assert.Equal((true, true, Respondents), await PartitionAsync(wave));

        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            DELETE FROM respondent WHERE wave_id = (SELECT id FROM wave WHERE code = @wave);
            DELETE FROM goal_tally WHERE wave_id = (SELECT id FROM wave WHERE code = @wave);
            DELETE FROM goal_tally_state WHERE wave_id = (SELECT id FROM wave WHERE code = @wave);
            DELETE FROM upload WHERE wave_id = (SELECT id FROM wave WHERE code = @wave);
            """, new { wave });
        var waveId = await connection.ExecuteScalarAsync<short>("SELECT id FROM wave WHERE code = @wave", new { wave });
        Assert.Equal(1, await connection.ExecuteAsync("DELETE FROM wave WHERE code = @wave", new { wave }));
        Assert.Null(await connection.ExecuteScalarAsync<string?>($"SELECT to_regclass('respondent_wave_{waveId}')::text"));
    }

    [Fact]
    public async Task A_repeated_id_in_a_first_load_is_reported_and_leaves_no_partition()
    {
        var wave = await NewWaveAsync(db);
        var text = Encoding.UTF8.GetString(await Samples.ExportAsync(db, SampleShape.Codes, Respondents, seed: 23)).TrimEnd('\r', '\n');
        var first = text.Split('\n')[1]; // respondent 1, on line 2
        Assert.DoesNotContain('"', first);
        var result = await IngestAsync(db, text + "\n" + first + "\n", wave);

        Assert.False(result.IsAccepted);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("Svars-ID 1 förekommer flera gånger i filen (första gången på rad 2).", problem.Message);
        Assert.Equal((false, false, 0), await PartitionAsync(wave));
    }

    private Task<long> ChangesAsync(string wave) => ScalarAsync<long>(db,
        "SELECT count(*) FROM respondent_change WHERE wave_id = (SELECT id FROM wave WHERE code = @wave) OR wave_id IS NULL", new { wave });

    /// <summary>Whether the wave's partition exists attached, has its primary key, and how many rows it holds.</summary>
    private async Task<(bool Attached, bool Keyed, int Rows)> PartitionAsync(string wave)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var name = $"respondent_wave_{await connection.ExecuteScalarAsync<short>("SELECT id FROM wave WHERE code = @wave", new { wave })}";
        if (await connection.ExecuteScalarAsync<string?>($"SELECT to_regclass('{name}')::text") is null)
            return (false, false, 0);
        return await connection.QuerySingleAsync<(bool, bool, int)>($"""
            SELECT EXISTS (SELECT FROM pg_inherits WHERE inhrelid = '{name}'::regclass AND inhparent = 'respondent'::regclass),
                   EXISTS (SELECT FROM pg_index WHERE indrelid = '{name}'::regclass AND indisprimary),
                   (SELECT count(*)::int FROM {name})
            """);
    }
}
