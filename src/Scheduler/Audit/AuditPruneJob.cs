using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Survey.Scheduler.Hosting;

namespace Survey.Scheduler.Audit;

/// <summary>Deletes audit rows older than Survey:AuditRetentionDays; daily, and harmless to run twice.</summary>
internal sealed class AuditPruneJob(NpgsqlDataSource db, IOptions<SurveyOptions> options, TimeProvider time)
{
    /// <summary>Returns how many rows it deleted.</summary>
    public async Task<int> PruneAsync(CancellationToken ct)
    {
        var before = time.GetUtcNow().AddDays(-options.Value.AuditRetentionDays);
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM audit_event WHERE at < @before", new { before }, cancellationToken: ct));
    }
}
