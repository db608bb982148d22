using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using Survey.Ingest.Catalogue;
using Survey.Scheduler.Audit;

namespace Survey.Scheduler.Pages.Admin;

/// <summary>Mätningar: the waves, created, changed and removed with the same validation and messages as `survey waves`.</summary>
public sealed class WavesModel(NpgsqlDataSource db) : PageModel
{
    public sealed class WaveForm
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? From { get; set; }
        public string? To { get; set; }
        public string? ReferenceDate { get; set; }
        public string? Questions { get; set; } = "all";
    }

    internal IReadOnlyList<WaveRow> Waves { get; private set; } = [];

    [BindProperty]
    public WaveForm Form { get; set; } = new();

    /// <summary>The wave being changed, or null when the form creates one.</summary>
    public string? Editing { get; private set; }

    public Dictionary<string, string> Errors { get; } = [];
    public string? Message { get; private set; }

    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);

    public async Task OnGetAsync(string? edit, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Waves.FirstOrDefault(w => w.Code == edit) is { } wave)
        {
            Editing = wave.Code;
            await using var connection = await db.OpenConnectionAsync(ct);
            Form = new WaveForm
            {
                Code = wave.Code, Name = wave.Name, From = Date(wave.StartsOn), To = Date(wave.EndsOn),
                ReferenceDate = Date(wave.ReferenceDate),
                Questions = wave.Subset ? string.Join(", ", await Ingest.Catalogue.Waves.QuestionsAsync(connection, wave.Code, ct)) : "all",
            };
        }
    }

    public Task<IActionResult> OnPostAddAsync(CancellationToken ct) => RunAsync(null, async () =>
    {
        var wave = await Ingest.Catalogue.Waves.AddAsync(db, Input(), ct);
        return $"Mätningen {wave.Code} är skapad.";
    }, ct);

    public Task<IActionResult> OnPostEditAsync(string code, CancellationToken ct) => RunAsync(code, async () =>
    {
        var wave = await Ingest.Catalogue.Waves.EditAsync(db, code, Input() with { Code = null }, ct);
        return $"Mätningen {wave.Code} är ändrad.";
    }, ct);

    public Task<IActionResult> OnPostRemoveAsync(string code, CancellationToken ct) => RunAsync(null, async () =>
    {
        await Ingest.Catalogue.Waves.RemoveAsync(db, code, ct);
        return $"Mätningen {code} är borttagen.";
    }, ct, keepForm: false);

    private WaveInput Input() => new(Form.Code, Form.Name, Form.From, Form.To, Form.ReferenceDate, Form.Questions ?? "");

    private async Task<IActionResult> RunAsync(string? editing, Func<Task<string>> change, CancellationToken ct, bool keepForm = true)
    {
        try
        {
            var done = await change();
            await HttpContext.AuditAsync(Audit.Audit.Actions.WaveChange, null, done);
            TempData["Message"] = done;
            return RedirectToPage();
        }
        catch (WaveRejected e)
        {
            foreach (var problem in e.Problems)
                Errors[problem.Field] = Errors.TryGetValue(problem.Field, out var before) ? before + " " + problem.Message : problem.Message;
        }
        catch (UserError e)
        {
            Message = e.Message;
        }
        Editing = editing;
        if (!keepForm)
            Form = new WaveForm();
        await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        Waves = await Ingest.Catalogue.Waves.ListAsync(connection, ct);
        Message ??= TempData["Message"] as string;
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
