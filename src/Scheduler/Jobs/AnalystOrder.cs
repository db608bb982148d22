using Dapper;
using Hangfire;
using Npgsql;
using Survey.Reports.Analyst;

namespace Survey.Scheduler.Jobs;

/// <summary>
/// An analyst's order for a workbook: one report row per wave and filter (the scope, as the report list writes
/// it, e.g. "administration=Regionstab&unit=HSF-0012"). Ordering the same again regenerates it with today's data.
/// </summary>
internal static class AnalystOrder
{
    public static IReadOnlyList<(string Field, string Value)> ParseScope(string scope) =>
        scope.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Select(kv => (kv[0], kv.Length > 1 ? kv[1] : ""))
            .ToList();

    public static async Task<long> PlaceAsync(NpgsqlDataSource db, IBackgroundJobClient jobs, string waveCode,
        IReadOnlyList<(string Field, string Value)> filters, string orderedBy, CancellationToken ct)
    {
        var chosen = filters.Where(f => f.Value.Length > 0).ToList();
        if (chosen.Any(f => f.Value.Contains('&') || f.Value.Contains('=')))
            throw new UserError("Ett urval får inte innehålla tecknen & eller =.");
        var scope = AnalystWorkbooks.Scope(chosen);
        var fileName = AnalystWorkbooks.FileName(waveCode, chosen);
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT count(*) FROM wave WHERE code = @waveCode", new { waveCode }, cancellationToken: ct)) == 0)
            throw new UserError($"Mätningen {waveCode} finns inte.");
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO report (kind, period, scope, status, file_name, ordered_by)
            VALUES ('analyst', @waveCode, @scope, 'pending', @fileName, @orderedBy)
            ON CONFLICT (kind, period, scope) DO UPDATE
                SET status = 'pending', content = NULL, error = NULL, ordered_by = excluded.ordered_by, created_at = now()
            RETURNING id
            """, new { waveCode, scope, fileName, orderedBy }, cancellationToken: ct));
        jobs.Enqueue<AnalystReportJob>(job => job.RunAsync(id, CancellationToken.None));
        return id;
    }
}
