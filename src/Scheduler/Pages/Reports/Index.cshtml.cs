using Dapper;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Survey.Scheduler.Pages.Reports;

public sealed class IndexModel(NpgsqlDataSource db) : PageModel
{
    public sealed record BoardReportRow(long Id, string Period, string FileName, DateTime CreatedAt);

    public IReadOnlyList<BoardReportRow> Reports { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        Reports = (await connection.QueryAsync<BoardReportRow>(new CommandDefinition("""
            SELECT id, period, file_name AS FileName, created_at AS CreatedAt
            FROM report WHERE kind = 'board' AND status = 'ready' ORDER BY period DESC
            """, cancellationToken: ct))).ToList();
    }
}
