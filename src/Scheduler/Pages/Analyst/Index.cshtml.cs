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
            "SELECT name FROM administration ORDER BY name", cancellationToken: ct))).ToList();
        Orders = (await connection.QueryAsync<OrderRow>(new CommandDefinition("""
            SELECT id, period, scope, status, file_name AS FileName, ordered_by AS OrderedBy, created_at AS CreatedAt, error
            FROM report WHERE kind = 'analyst' ORDER BY created_at DESC LIMIT 50
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
