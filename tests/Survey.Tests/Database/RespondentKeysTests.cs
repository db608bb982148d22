using Dapper;
using Npgsql;
using Survey.Tests.Ingest;

namespace Survey.Tests.Database;

/// <summary>
/// respondent checks no foreign key per copied row (db/0700); a wave or an upload that respondents name still
/// cannot be deleted, and can once they are gone.
/// </summary>
public sealed class RespondentKeysTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task A_wave_or_upload_that_respondents_name_cannot_be_deleted()
    {
        var wave = await IngestFixture.NewWaveAsync(db);
        using var export = new MemoryStream();
        await Survey.Ingest.Sample.SampleExport.WriteAsync(db.DataSource, export, Survey.Ingest.Sample.SampleShape.Codes, 20, 3, default);
        var result = await IngestFixture.IngestAsync(db, export.ToArray(), wave);
        Assert.True(result.IsAccepted, string.Join("; ", result.Problems.Select(p => p.Message)));
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("DELETE FROM upload WHERE id = @id", new { id = result.UploadId }));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, refused.SqlState);
        refused = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("DELETE FROM wave WHERE code = @wave", new { wave }));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, refused.SqlState);
        Assert.Equal(20, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM respondent r JOIN wave w ON w.id = r.wave_id WHERE w.code = @wave", new { wave }));

        await connection.ExecuteAsync("""
            DELETE FROM respondent WHERE wave_id = (SELECT id FROM wave WHERE code = @wave);
            DELETE FROM goal_tally WHERE wave_id = (SELECT id FROM wave WHERE code = @wave);
            DELETE FROM goal_tally_state WHERE wave_id = (SELECT id FROM wave WHERE code = @wave);
            DELETE FROM wave_unit WHERE wave_id = (SELECT id FROM wave WHERE code = @wave);
            """, new { wave });
        Assert.Equal(1, await connection.ExecuteAsync("DELETE FROM upload WHERE id = @id", new { id = result.UploadId }));
        Assert.Equal(1, await connection.ExecuteAsync("DELETE FROM wave WHERE code = @wave", new { wave }));
    }
}
