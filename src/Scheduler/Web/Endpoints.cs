using System.Security.Cryptography;
using Dapper;
using Npgsql;
using Survey.Scheduler.Accounts;
using Survey.Scheduler.Audit;

namespace Survey.Scheduler.Web;

internal static class Endpoints
{
    private const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void MapSurveyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/site.css", () => Results.Text(SiteCss.Content, "text/css")).AllowAnonymous();
        endpoints.MapGet("/site.js", () => Results.Text(SiteJs.Content, "text/javascript")).AllowAnonymous();
        endpoints.MapGet("/reports/{id:long}/download", DownloadReportAsync).RequireAuthorization(WebAuth.BoardPolicy);
        endpoints.MapGoalsApi();
        endpoints.MapCharts();
    }

    private sealed record StoredReport(string Kind, string FileName, byte[]? Content);

    private static async Task<IResult> DownloadReportAsync(long id, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var report = await connection.QuerySingleOrDefaultAsync<StoredReport>(new CommandDefinition(
            "SELECT kind, file_name AS FileName, content FROM report WHERE id = @id AND status = 'ready'", new { id },
            cancellationToken: ct));
        if (report?.Content is null)
            return Results.NotFound();
        if (report.Kind == "analyst" && !(http.User.IsInRole(Roles.Analyst) || http.User.IsInRole(Roles.Admin)))
            return Results.Forbid();
        await http.AuditAsync(Audit.Audit.Actions.ReportDownload, $"report {id}",
            $"{report.FileName} SHA-256 {Convert.ToHexStringLower(SHA256.HashData(report.Content))}");
        return Results.File(report.Content, XlsxContentType, report.FileName);
    }
}
