using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using Survey.Ingest.Catalogue;
using Survey.Scheduler.Audit;

namespace Survey.Scheduler.Pages.Admin;

/// <summary>
/// Organisation: the administrations with codes and aliases, a wave's units under them, and the same rename, alias,
/// merge and move-unit as `survey org`, with its validation and messages, each tied to its field.
/// </summary>
public sealed class OrganisationModel(NpgsqlDataSource db) : PageModel
{
    public sealed class OrgForm
    {
        public string? Administration { get; set; }
        public string? Name { get; set; }
        public string? Code { get; set; }
        public string? Alias { get; set; }
        public string? From { get; set; }
        public string? Into { get; set; }
        public string? Unit { get; set; }
        public string? To { get; set; }
    }

    internal IReadOnlyList<AdministrationRow> Administrations { get; private set; } = [];
    internal IReadOnlyList<WaveUnitRow> Units { get; private set; } = [];
    public IReadOnlyList<string> Waves { get; private set; } = [];
    public string? Wave { get; private set; }

    [BindProperty]
    public OrgForm Form { get; set; } = new();

    /// <summary>The form that was refused (rename, alias, merge) and its mistake by field.</summary>
    public string? Refused { get; private set; }
    public Dictionary<string, string> Errors { get; } = [];
    public string? Message { get; private set; }

    public string? ErrorFor(string form, string field) => Refused == form ? Errors.GetValueOrDefault(field) : null;

    internal string NameOf(short id) => Administrations.First(a => a.Id == id).Name;

    public Task OnGetAsync(string? wave, CancellationToken ct) => LoadAsync(wave, ct);

    public Task<IActionResult> OnPostRenameAsync(string? wave, CancellationToken ct) => RunAsync("rename", wave, async () =>
    {
        var renamed = await Organisation.RenameAsync(db, Form.Administration ?? "", Form.Name, Form.Code, ct);
        return $"Förvaltningen heter nu {renamed.Name} ({renamed.Code}). Alias: {string.Join(", ", renamed.Aliases)}.";
    }, ct);

    public Task<IActionResult> OnPostAliasAsync(string? wave, CancellationToken ct) => RunAsync("alias", wave, async () =>
    {
        var row = await Organisation.AliasAsync(db, Form.Administration ?? "", Form.Alias ?? "", ct);
        return $"{row.Name}: alias {string.Join(", ", row.Aliases)}.";
    }, ct);

    public Task<IActionResult> OnPostMergeAsync(string? wave, CancellationToken ct) => RunAsync("merge", wave, async () =>
    {
        var (source, target) = await Organisation.MergeAsync(db, Form.From ?? "", Form.Into ?? "", ct);
        return $"{source.Name} är sammanslagen med {target.Name}: rapporterna räknar dem som en förvaltning i alla mätningar.";
    }, ct);

    public Task<IActionResult> OnPostMoveUnitAsync(string? wave, CancellationToken ct) => RunAsync("move", wave, async () =>
        (await Organisation.MoveUnitAsync(db, wave ?? "", Form.Unit ?? "", Form.To ?? "", ct)).Message, ct);

    private async Task<IActionResult> RunAsync(string form, string? wave, Func<Task<string>> change, CancellationToken ct)
    {
        try
        {
            var done = await change();
            await HttpContext.AuditAsync(Audit.Audit.Actions.OrganisationChange, null, done);
            TempData["Message"] = done;
            return RedirectToPage(new { wave });
        }
        catch (OrganisationRejected e) when (e.Field != "wave") // the wave is the one the page shows, not a field
        {
            (Refused, Errors[e.Field]) = (form, e.Message);
        }
        catch (UserError e)
        {
            Message = e.Message;
        }
        await LoadAsync(wave, ct);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task LoadAsync(string? wave, CancellationToken ct)
    {
        // Several queries, one state of the database (see ReportSnapshot).
        await using var snapshot = await Survey.Reports.ReportSnapshot.BeginAsync(db, ct);
        var connection = snapshot.Connection;
        Administrations = await Organisation.AdministrationsAsync(connection, ct);
        Waves = await Web.WaveCodes.NewestFirstAsync(connection, ct);
        Wave = Waves.FirstOrDefault(w => w == wave) ?? Waves.FirstOrDefault();
        if (Wave is not null)
            Units = await Organisation.WaveUnitsAsync(connection, Wave, ct);
        Message ??= TempData["Message"] as string;
    }
}
