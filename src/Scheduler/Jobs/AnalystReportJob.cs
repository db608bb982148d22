using Dapper;
using Npgsql;
using Survey.Reports.Analyst;
using Survey.Reports.Goals;

namespace Survey.Scheduler.Jobs;

/// <summary>
/// Writes an ordered analyst workbook into its report row. The order is the row (wave in period, filter as ids);
/// the job takes only its id and does nothing when the workbook is already there. The row's created_at is the
/// order's version: ordering again while a job runs resets it, so the older job's result is not stored over the
/// newer order, which its own job fulfils.
/// </summary>
internal sealed class AnalystReportJob(NpgsqlDataSource db)
{
    public async Task RunAsync(long reportId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var order = await connection.QuerySingleOrDefaultAsync<(string Period, short? AdministrationId, string? UnitCode, string Status, DateTime Version)>(
            new CommandDefinition("""
                SELECT period, administration_id, unit_code, status, created_at FROM report WHERE id = @reportId AND kind = 'analyst'
                """, new { reportId }, cancellationToken: ct));
        if (order.Status is null or "ready")
            return;
        try
        {
            using var workbook = new MemoryStream();
            await AnalystWorkbooks.WriteAsync(db, order.Period, new WaveFilter(order.AdministrationId, order.UnitCode), workbook, ct);
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE report SET content = @content, status = 'ready', error = NULL
                WHERE id = @reportId AND created_at = @version
                """, new { reportId, version = order.Version, content = workbook.ToArray() }, cancellationToken: ct));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Visible on the analyst's page at once; Hangfire still retries, and a later success clears it.
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE report SET status = 'failed', error = @error WHERE id = @reportId AND created_at = @version",
                new { reportId, version = order.Version, error = e is UserError ? e.Message : "Ett internt fel inträffade." },
                cancellationToken: CancellationToken.None));
            if (e is not UserError)
                throw;
        }
    }
}
