using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using Survey.Reports.Goals;

namespace Survey.Scheduler.Pages.Admin;

public sealed class GoalsModel(NpgsqlDataSource db) : PageModel
{
    public sealed record GoalRow(string Code, string Title, string Measure, decimal Target, decimal? Baseline, string? Comment);

    public IReadOnlyList<GoalRow> Goals { get; private set; } = [];
    public string? Message { get; private set; }
    public bool Failed { get; private set; }
    public string? FailedCode { get; private set; }

    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    /// <summary>Shares are stored as fractions and edited in percent ("40 %"), which GoalTargets.ParseNumber reads back.</summary>
    public static string Shown(GoalRow goal, decimal? value) =>
        value is not { } v ? "" : goal.Measure == "share" ? (v * 100).ToString("0.##", Swedish) + " %" : v.ToString("0.##", Swedish);

    public async Task OnGetAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        Goals = (await connection.QueryAsync<GoalRow>(new CommandDefinition(
            "SELECT code, title, measure, target, baseline, comment FROM goal ORDER BY sort", cancellationToken: ct))).ToList();
    }

    public async Task<IActionResult> OnPostAsync(string code, string target, string? baseline, string? comment, CancellationToken ct)
    {
        try
        {
            await GoalTargets.SetAsync(db, code, GoalTargets.ParseNumber(target ?? ""),
                string.IsNullOrWhiteSpace(baseline) ? null : GoalTargets.ParseNumber(baseline), comment?.Trim() ?? "", ct);
            Message = $"{code}: sparat.";
        }
        catch (UserError e)
        {
            (Message, Failed, FailedCode) = (e.Message, true, code);
        }
        await OnGetAsync(ct);
        return Page();
    }
}
