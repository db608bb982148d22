using Dapper;
using Hangfire;
using Npgsql;

namespace Survey.Scheduler.Web;

/// <summary>
/// GET /healthz for a load balancer, without log-in and without data: the database answers, every migration this
/// build carries is applied, and at least one Hangfire server has sent a heartbeat lately. 200 when all hold, else 503.
/// </summary>
internal static class Health
{
    public static readonly TimeSpan HeartbeatWithin = TimeSpan.FromMinutes(2);

    public static void MapHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/healthz", async (NpgsqlDataSource db, JobStorage hangfire, TimeProvider time, CancellationToken ct) =>
        {
            var checks = new Dictionary<string, string>();
            try
            {
                await using var connection = await db.OpenConnectionAsync(ct);
                await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: ct));
                checks["database"] = "ok";
                var applied = (await connection.QueryAsync<string>(new CommandDefinition(
                    "SELECT scriptname FROM schemaversions", cancellationToken: ct))).ToHashSet();
                var missing = Scripts().Where(s => !applied.Contains(s)).ToList();
                checks["migrations"] = missing.Count == 0 ? "ok" : $"{missing.Count} not applied";
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                checks["database"] = "unreachable";
                checks["migrations"] = "unknown";
            }
            try
            {
                var since = time.GetUtcNow().UtcDateTime - HeartbeatWithin;
                var alive = hangfire.GetMonitoringApi().Servers().Count(s => s.Heartbeat is { } beat && beat >= since);
                checks["hangfire"] = alive > 0 ? $"ok ({alive} server{(alive == 1 ? "" : "s")})" : "no server alive";
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                checks["hangfire"] = "unreachable";
            }
            var healthy = checks.Values.All(v => v.StartsWith("ok", StringComparison.Ordinal));
            return Results.Json(new { status = healthy ? "ok" : "failing", checks },
                statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).AllowAnonymous();

    private static IEnumerable<string> Scripts() =>
        typeof(Health).Assembly.GetManifestResourceNames().Where(n => n.StartsWith("db.", StringComparison.Ordinal));
}
