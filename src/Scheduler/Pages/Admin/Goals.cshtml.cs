using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Survey.Scheduler.Pages.Admin;

public sealed class GoalsModel(NpgsqlDataSource db) : PageModel
{
    public sealed record GoalRow(string Code, string Title, string Measure, decimal Target, decimal? Baseline, string? Comment);

    public IReadOnlyList<GoalRow> Goals { get; private set; } = [];
    public string? Message { get; private set; }
    public bool Failed { get; private set; }

    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    /// <summary>Shares are stored as fractions and shown in percent.</summary>
    public static string Shown(GoalRow goal, decimal? value) =>
        value is not { } v ? "" : (goal.Measure == "share" ? v * 100 : v).ToString("0.##", Swedish);

    public async Task OnGetAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        Goals = (await connection.QueryAsync<GoalRow>(new CommandDefinition(
            "SELECT code, title, measure, target, baseline, comment FROM goal ORDER BY sort", cancellationToken: ct))).ToList();
    }

    public async Task<IActionResult> OnPostAsync(string code, string target, string? baseline, string? comment, CancellationToken ct)
    {
        await OnGetAsync(ct);
        var goal = Goals.FirstOrDefault(g => g.Code == code);
        var newTarget = goal is null ? null : Parse(goal, target);
        var newBaseline = goal is null || string.IsNullOrWhiteSpace(baseline) ? null : Parse(goal, baseline);
        if (goal is null || newTarget is null || (!string.IsNullOrWhiteSpace(baseline) && newBaseline is null))
        {
            (Message, Failed) = ($"Ogiltigt värde för {code}: ange ett tal, t.ex. 40 eller 4,5.", true);
            return Page();
        }
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE goal SET target = @newTarget, baseline = @newBaseline, comment = NULLIF(@comment, '') WHERE code = @code",
            new { code, newTarget, newBaseline, comment = comment?.Trim() }, cancellationToken: ct));
        await OnGetAsync(ct);
        Message = $"{goal.Title}: sparat.";
        return Page();
    }

    private static decimal? Parse(GoalRow goal, string text)
    {
        var cleaned = text.Replace("%", "", StringComparison.Ordinal).Replace(',', '.').Trim();
        if (!decimal.TryParse(cleaned, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value < 0)
            return null;
        return goal.Measure == "share" ? value / 100 : value;
    }
}
