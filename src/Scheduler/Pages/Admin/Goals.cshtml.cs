using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using Survey.Reports.Goals;
using Survey.Reports.Goals.Definitions;
using Survey.Scheduler.Audit;

namespace Survey.Scheduler.Pages.Admin;

/// <summary>The goals page: every goal with its definition in words, a form to change it, one to add a goal, retiring.</summary>
public sealed class GoalsModel(NpgsqlDataSource db) : PageModel
{
    /// <summary>The fields of one goal's form, with the prefix that keeps their ids unique on the page.</summary>
    public sealed record FieldsFor(string Id, GoalRow Goal, bool Failed = false);

    public static readonly FieldsFor NewGoal = new("new", new GoalRow { Kind = GoalDefinition.Share, Measure = "share", Direction = "higher" });

    public FieldsFor NewGoalFields => NewGoal with { Failed = Failed && FailedCode == "new" };

    public static readonly IReadOnlyList<(string Value, string Label)> Kinds =
    [
        (GoalDefinition.Share, "Andel"), (GoalDefinition.Mean, "Medelvärde"), (GoalDefinition.Index, "Index"),
        (GoalDefinition.ResponseRate, "Svarsfrekvens"), (GoalDefinition.Indicator, "Indikator (uppladdade värden)"),
    ];

    public IReadOnlyList<GoalRow> Goals { get; private set; } = [];

    /// <summary>Each goal's definition in words, generated from the same data as its counting.</summary>
    public IReadOnlyDictionary<string, string> Words { get; private set; } = new Dictionary<string, string>();
    public string? Message { get; private set; }
    public bool Failed { get; private set; }
    public string? FailedCode { get; private set; }

    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    /// <summary>Shares are stored as fractions and edited in percent ("40 %"), which GoalTargets.ParseNumber reads back.</summary>
    public static string Shown(GoalRow goal, decimal? value) =>
        value is not { } v ? "" : goal.Measure == "share" ? (v * 100).ToString("0.##", Swedish) + " %" : v.ToString("0.##", Swedish);

    public static string KindLabel(string kind) => Kinds.FirstOrDefault(k => k.Value == kind).Label ?? kind;

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Several queries, one state of the database (see ReportSnapshot).
        await using var snapshot = await Survey.Reports.ReportSnapshot.BeginAsync(db, ct);
        var connection = snapshot.Connection;
        Goals = await GoalEditing.ListAsync(connection, ct);
        var instrument = await snapshot.InstrumentAsync(ct);
        var definitions = await snapshot.DefinitionsAsync(ct);
        Words = Goals.ToDictionary(goal => goal.Code, goal =>
        {
            var (compiled, problem) = GoalDefinitions.TryCompile(definitions.Single(d => d.Code == goal.Code), instrument);
            return goal.Kind == GoalDefinition.Indicator ? goal.Definition ?? "" : compiled?.Words ?? $"Kan inte tolkas: {problem}";
        });
    }

    /// <summary>Saves the posted fields of a goal; a field not in the form is left as it is, an empty one is cleared.</summary>
    public Task<IActionResult> OnPostAsync(string code, CancellationToken ct) =>
        RunAsync(code, () => GoalEditing.EditAsync(db, code, Posted(), ct), $"{code}: sparat.", ct);

    public Task<IActionResult> OnPostAddAsync(string code, CancellationToken ct) =>
        RunAsync("new", () => GoalEditing.AddAsync(db, code ?? "", Posted(), ct), $"{code?.Trim().ToUpperInvariant()}: tillagt.", ct);

    public Task<IActionResult> OnPostRetireAsync(string code, CancellationToken ct) =>
        RunAsync(code, () => GoalEditing.RetireAsync(db, code, ct), $"{code}: avslutat. Målet visas inte längre i rapporterna.", ct);

    /// <summary>Runs a change; a refused one names the form (<paramref name="code"/>, "new" for the new goal) it came from.</summary>
    private async Task<IActionResult> RunAsync(string code, Func<Task> change, string done, CancellationToken ct)
    {
        try
        {
            await change();
            Message = done;
            await HttpContext.AuditAsync(Audit.Audit.Actions.GoalChange, $"goal {(code == "new" ? Request.Form["code"].ToString().Trim().ToUpperInvariant() : code)}", PostedWords());
        }
        catch (UserError e)
        {
            (Message, Failed, FailedCode) = (e.Message, true, code);
        }
        await OnGetAsync(ct);
        return Page();
    }

    private static readonly (string Field, string Label)[] FieldLabels =
    [
        ("title", "titel"), ("perspective", "perspektiv"), ("kind", "typ"), ("condition", "villkor"), ("population", "population"),
        ("questions", "frågor"), ("minAnswered", "minst besvarade"), ("target", "målvärde"), ("baseline", "utgångsvärde"),
        ("direction", "riktning"), ("comment", "kommentar"), ("description", "beskrivning"),
    ];

    /// <summary>The posted fields in words for the audit log: <c>målvärde 45 %, utgångsvärde tomt, kommentar "Höjt"</c>.</summary>
    private string PostedWords() => Request.HasFormContentType
        ? string.Join(", ", FieldLabels.Where(f => Request.Form.ContainsKey(f.Field)).Select(f => Request.Form[f.Field].ToString().Trim() switch
        {
            "" => $"{f.Label} tomt",
            var value when f.Field is "comment" or "title" or "description" or "condition" or "population" => $"{f.Label} \"{value}\"",
            var value => $"{f.Label} {value}",
        }))
        : "";

    private GoalChange Posted()
    {
        string? Field(string name) => Request.Form.TryGetValue(name, out var value) ? value.ToString() : null;
        var baseline = Field("baseline");
        return new GoalChange
        {
            Title = Field("title"),
            Perspective = Field("perspective"),
            Kind = Field("kind"),
            Condition = Field("condition"),
            Population = Field("population"),
            Questions = Field("questions") is { } q ? [q] : null,
            MinAnswered = Field("minAnswered") is { Length: > 0 } k
                ? int.TryParse(k, CultureInfo.InvariantCulture, out var n) ? n : throw new UserError($"'{k}' är inget heltal.")
                : null,
            Target = Field("target") is { } t ? GoalTargets.ParseNumber(t) : null,
            Baseline = baseline is { Length: > 0 } && !string.IsNullOrWhiteSpace(baseline) ? GoalTargets.ParseNumber(baseline) : null,
            ClearBaseline = baseline is not null && string.IsNullOrWhiteSpace(baseline),
            Direction = Field("direction"),
            Comment = Field("comment"),
            Description = Field("description"),
        };
    }
}
