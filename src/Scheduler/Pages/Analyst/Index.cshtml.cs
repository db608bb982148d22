using Dapper;
using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using Survey.Scheduler.Audit;
using Survey.Scheduler.Jobs;

namespace Survey.Scheduler.Pages.Analyst;

public sealed class IndexModel(NpgsqlDataSource db, IBackgroundJobClient jobs) : PageModel
{
    public sealed record OrderRow(long Id, string Period, string Scope, string Status, string FileName, string? OrderedBy,
        DateTime CreatedAt, string? Error);

    public IReadOnlyList<string> Waves { get; private set; } = [];
    public IReadOnlyList<string> Administrations { get; private set; } = [];
    public IReadOnlyList<OrderRow> Orders { get; private set; } = [];

    public static string StatusText(string status) => status switch
    {
        "ready" => "Klar",
        "pending" => "Skapas",
        _ => "Misslyckades",
    };

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Several queries, one state of the database (see ReportSnapshot).
        await using var snapshot = await Survey.Reports.ReportSnapshot.BeginAsync(db, ct);
        var connection = snapshot.Connection;
        Waves = await Web.WaveCodes.NewestFirstAsync(connection, ct);
        Administrations = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT name FROM administration WHERE merged_into IS NULL ORDER BY name", cancellationToken: ct))).ToList();
        // The filter in words from its ids, under the administration's name as it is today (renamed, or merged).
        Orders = (await connection.QueryAsync<OrderRow>(new CommandDefinition("""
            SELECT r.id, r.period, concat_ws(', ', 'Förvaltning: ' || a.name, 'Enhet: ' || r.unit_code) AS Scope, r.status,
                   r.file_name AS FileName, r.ordered_by AS OrderedBy, r.created_at AS CreatedAt, r.error
            FROM report r LEFT JOIN administration named ON named.id = r.administration_id
                 LEFT JOIN administration a ON a.id = coalesce(named.merged_into, named.id)
            WHERE r.kind = 'analyst' ORDER BY r.created_at DESC LIMIT 50
            """, cancellationToken: ct))).ToList();
    }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync(string wave, string? administration, string? unit, CancellationToken ct)
    {
        try
        {
            var id = await AnalystOrder.PlaceAsync(db, jobs, wave ?? "",
                [("administration", administration?.Trim() ?? ""), ("unit", unit?.Trim() ?? "")], User.Identity!.Name!, ct);
            await HttpContext.AuditAsync(Audit.Audit.Actions.ReportOrder, $"report {id}",
                $"analysunderlag {wave}, förvaltning {(string.IsNullOrWhiteSpace(administration) ? "alla" : administration.Trim())}, enhet {(string.IsNullOrWhiteSpace(unit) ? "alla" : unit.Trim())}");
        }
        catch (UserError e)
        {
            Error = e.Message;
            await OnGetAsync(ct);
            return Page();
        }
        return RedirectToPage();
    }
}
