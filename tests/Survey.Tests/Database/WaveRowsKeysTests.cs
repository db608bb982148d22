using Dapper;
using Npgsql;
using Survey.Tests.Ingest;

namespace Survey.Tests.Database;

/// <summary>
/// An upload's wave units, kept sheet counts and hidden units check no foreign key per written row (db/0703): a
/// deleted wave still takes them with it, and a unit or administration they name still cannot be deleted or renamed.
/// </summary>
public sealed class WaveRowsKeysTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task A_deleted_wave_takes_its_rows_and_a_named_unit_or_administration_stays()
    {
        var wave = await IngestFixture.NewWaveAsync(db);
        using var export = new MemoryStream();
        await Survey.Ingest.Sample.SampleExport.WriteAsync(db.DataSource, export, Survey.Ingest.Sample.SampleShape.Codes, 60, 7, default);
        var result = await IngestFixture.IngestAsync(db, export.ToArray(), wave);
        Assert.True(result.IsAccepted, string.Join("; ", result.Problems.Select(p => p.Message)));
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var id = await connection.ExecuteScalarAsync<short>("SELECT id FROM wave WHERE code = @wave", new { wave });
        await connection.ExecuteAsync("INSERT INTO wave_protection_unit (wave_id, code, unit_codes) VALUES (@id, 'X_TEST', ARRAY[NULL]::text[])", new { id });
        const string Rows = """
            SELECT (SELECT count(*) FROM wave_unit WHERE wave_id = @id), (SELECT count(*) FROM sheet_tally WHERE wave_id = @id),
                   (SELECT count(*) FROM wave_protection_unit WHERE wave_id = @id)
            """;
        var (units, sheets, hidden) = await connection.QuerySingleAsync<(long, long, long)>(Rows, new { id });
        Assert.True(units > 0 && sheets > 0 && hidden > 0, $"{units} wave units, {sheets} sheet counts, {hidden} hidden units");
        var (unit, administration) = await connection.QueryFirstAsync<(string, short)>(
            "SELECT unit_code, administration_id FROM wave_unit WHERE wave_id = @id ORDER BY 1", new { id });

        foreach (var refused in new[]
                 {
                     "DELETE FROM unit WHERE code = @unit", "UPDATE unit SET code = code || '-X' WHERE code = @unit",
                     "DELETE FROM administration WHERE id = @administration",
                 })
        {
            var e = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(refused, new { unit, administration }));
            Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, e.SqlState);
        }
        Assert.Equal(1, await connection.ExecuteAsync("UPDATE unit SET administration_id = administration_id WHERE code = @unit", new { unit }));

        await connection.ExecuteAsync("""
            DELETE FROM respondent WHERE wave_id = @id;
            DELETE FROM goal_tally WHERE wave_id = @id;
            DELETE FROM goal_tally_state WHERE wave_id = @id;
            DELETE FROM upload WHERE wave_id = @id;
            """, new { id });
        Assert.Equal(1, await connection.ExecuteAsync("DELETE FROM wave WHERE id = @id", new { id }));
        Assert.Equal((0L, 0L, 0L), await connection.QuerySingleAsync<(long, long, long)>(Rows, new { id }));
        Assert.Equal(1, await connection.ExecuteAsync("DELETE FROM unit WHERE code = @unit", new { unit })); // no wave names it now
    }
}
