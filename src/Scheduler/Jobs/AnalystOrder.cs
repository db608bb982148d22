using Dapper;
using Hangfire;
using Npgsql;
using Survey.Reports.Analyst;

namespace Survey.Scheduler.Jobs;

/// <summary>
/// An analyst's order for a workbook: one report row per wave and filter. The filter the analyst typed is resolved
/// here, once, into ids stored in the row's own columns (the scope column is their key); the job reads them as they
/// are, so an order placed before a rename or merge still runs. Ordering the same again regenerates it with
/// today's data.
/// </summary>
internal static class AnalystOrder
{
    public static async Task<long> PlaceAsync(NpgsqlDataSource db, IBackgroundJobClient jobs, string waveCode,
        IReadOnlyList<(string Field, string Value)> filters, string orderedBy, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT count(*) FROM wave WHERE code = @waveCode", new { waveCode }, cancellationToken: ct)) == 0)
            throw new UserError($"Mätningen {waveCode} finns inte.");
        var filter = await AnalystWorkbooks.FilterAsync(connection, filters, ct);
        var scope = AnalystWorkbooks.Scope(filter);
        var administration = filter.AdministrationId is { } a
            ? await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT code FROM administration WHERE id = @a", new { a }, cancellationToken: ct))
            : null;
        var fileName = AnalystWorkbooks.FileName(waveCode, new[] { administration, filter.UnitCode }.OfType<string>().ToList());
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO report (kind, period, scope, administration_id, unit_code, status, file_name, ordered_by)
            VALUES ('analyst', @waveCode, @scope, @AdministrationId, @UnitCode, 'pending', @fileName, @orderedBy)
            ON CONFLICT (kind, period, scope) DO UPDATE
                SET status = 'pending', content = NULL, error = NULL, ordered_by = excluded.ordered_by, created_at = now()
            RETURNING id
            """, new { waveCode, scope, filter.AdministrationId, filter.UnitCode, fileName, orderedBy }, cancellationToken: ct));
        jobs.Enqueue<AnalystReportJob>(job => job.RunAsync(id, CancellationToken.None));
        return id;
    }
}
