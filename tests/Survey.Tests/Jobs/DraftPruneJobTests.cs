using Dapper;
using Survey.Ingest.Uploads;
using Survey.Scheduler.Jobs;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Jobs;

/// <summary>A file held back in the mapping step and then left is dropped by the hourly job after 24 hours, not
/// only when the next draft is made.</summary>
public sealed class DraftPruneJobTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Drafts_older_than_24_hours_are_dropped_and_younger_ones_kept()
    {
        var wave = await NewWaveAsync(db);
        var ids = new List<long>();
        foreach (var name in new[] { "lämnad.csv", "pågår.csv" })
        {
            using var content = new MemoryStream("B_FORV,B_ENHET\nHSF,HSF-0001\n"u8.ToArray());
            ids.Add(await UploadDrafts.CreateAsync(db.DataSource, wave, name, content, "admin", long.MaxValue, false, false, default));
        }
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("UPDATE upload_draft SET created_at = now() - interval '24 hours 1 minute' WHERE id = @id", new { id = ids[0] });
        await connection.ExecuteAsync("UPDATE upload_draft SET created_at = now() - interval '23 hours 59 minutes' WHERE id = @id", new { id = ids[1] });

        Assert.Equal(1, await new DraftPruneJob(db.DataSource, TimeProvider.System).PruneAsync(default));
        Assert.Equal(["pågår.csv"], await connection.QueryAsync<string>("SELECT file_name FROM upload_draft WHERE id = ANY(@ids)", new { ids }));
        Assert.Equal(0, await new DraftPruneJob(db.DataSource, TimeProvider.System).PruneAsync(default));
    }
}
