using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Npgsql;
using Survey.Ingest.Exports;
using Survey.Ingest.Profiles;
using Survey.Ingest.Uploads;
using Survey.Scheduler.Audit;
using Survey.Scheduler.Hosting;
using Survey.Scheduler.Jobs;

namespace Survey.Scheduler.Pages.Admin;

/// <summary>
/// The upload page's mapping step: the preview of a survey export before anything is stored, a choice of question
/// for each heading nothing matches and of answer for each value that does not read, saved as aliases of an export
/// profile (as `survey profile alias|value` saves them), and the upload with that profile.
/// </summary>
public sealed class MappingModel(NpgsqlDataSource db, IBackgroundJobClient jobs, IOptions<SurveyOptions> options) : PageModel
{
    public sealed class HeaderInput
    {
        public int Column { get; set; }
        public string Heading { get; set; } = "";
        public string? Question { get; set; }
        public bool Codes { get; set; }

        /// <summary>The heading already names the question: saved only to say that its values are the instrument's own.</summary>
        public bool Matched { get; set; }
    }

    public sealed class ValueInput
    {
        public int Column { get; set; }
        public string Question { get; set; } = "";
        public string Value { get; set; } = "";
        public string? Answer { get; set; }
    }

    public sealed record Choice(string Value, string Text);

    internal UploadDraft? Draft { get; private set; }
    internal Preview? Preview { get; private set; }

    /// <summary>Why there is nothing to show, or why the file cannot be previewed.</summary>
    public string? Problem { get; private set; }

    public string? Profile { get; private set; }
    public string? Message { get; private set; }
    public Dictionary<string, string> Errors { get; } = [];

    /// <summary>The wave's questions that no column holds: what an unmatched heading may be mapped to.</summary>
    public IReadOnlyList<Choice> MissingQuestions { get; private set; } = [];

    /// <summary>Per question, the answers a value may mean; null for a number (typed).</summary>
    public Dictionary<string, IReadOnlyList<Choice>?> Answers { get; } = [];

    [BindProperty]
    public List<HeaderInput> Headers { get; set; } = [];

    [BindProperty]
    public List<ValueInput> Values { get; set; } = [];

    [BindProperty]
    public string? ProfileName { get; set; }

    public async Task OnGetAsync(long draft, string? profile, bool saved, CancellationToken ct)
    {
        await LoadAsync(draft, profile, ct);
        if (saved && Profile is not null)
            Message = $"Mappningen är sparad i exportprofilen \"{Profile}\". Förhandsgranskningen nedan läser filen med den.";
    }

    public async Task<IActionResult> OnPostSaveAsync(long draft, string? profile, CancellationToken ct)
    {
        var name = ProfileName?.Trim();
        var headers = Headers.Where(h => !string.IsNullOrWhiteSpace(h.Question) && (h.Codes || !h.Matched)).ToList();
        var values = Values.Select((v, i) => (Input: v, Index: i)).Where(v => !string.IsNullOrWhiteSpace(v.Input.Answer)).ToList();
        if (headers.Count == 0 && values.Count == 0)
            Errors["mapping"] = "Välj minst en fråga eller ett svar att spara.";
        else if (string.IsNullOrEmpty(name))
            Errors["profile-name"] = "Ge exportprofilen ett namn, t.ex. \"Enalyzer, etikettnummer\".";
        else
        {
            // All or nothing: a refused alias leaves the profile as it was.
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            foreach (var h in headers)
                await TryAsync($"header-{h.Column}", () => ExportProfiles.AddHeaderAsync(connection, name, h.Heading, h.Question!, h.Codes, ct));
            foreach (var (v, i) in values)
                await TryAsync($"value-{i}", () => ExportProfiles.AddValueAsync(connection, name, v.Question, v.Value, v.Answer!, ct));
            if (Errors.Count == 0)
            {
                await transaction.CommitAsync(ct);
                await HttpContext.AuditAsync(Audit.Audit.Actions.ProfileChange, $"profile {name}", string.Join("; ",
                    headers.Select(h => $"\"{h.Heading}\" är {h.Question}{(h.Codes ? " (instrumentets koder)" : "")}")
                        .Concat(values.Select(v => $"{v.Input.Question} \"{v.Input.Value}\" betyder {v.Input.Answer}"))));
                return RedirectToPage(new { draft, profile = name, saved = true });
            }
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(draft, profile, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostUploadAsync(long draft, string? profile, bool skipInvalidRows, bool allowMissingQuestions,
        CancellationToken ct)
    {
        if (await UploadDrafts.ReadAsync(db, draft, ct) is not { } found)
        {
            await LoadAsync(draft, null, ct);
            return Page();
        }
        var id = await UploadDrafts.UploadAsync(db, found, string.IsNullOrWhiteSpace(profile) ? null : profile, User.Identity!.Name!,
            options.Value.MaxUploadBytes, skipInvalidRows, allowMissingQuestions, ct);
        jobs.Enqueue<PendingUploadJob>(job => job.ProcessAsync(id, CancellationToken.None));
        await HttpContext.AuditAsync(Audit.Audit.Actions.Upload, $"upload {id}",
            $"Enkätexport {found.Wave} {found.FileName} ({found.Content.Length} byte){(skipInvalidRows ? ", hoppa över rader med fel" : "")}" +
            $"{(string.IsNullOrWhiteSpace(profile) ? "" : $", exportprofil {profile}")}");
        return RedirectToPage("/Admin/Upload", new { id });
    }

    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);

    /// <summary>The answer chosen for a value in the form just posted, kept when the form comes back with errors.</summary>
    public string? Posted(int column, string value) => Values.FirstOrDefault(v => v.Column == column && v.Value == value)?.Answer;

    public string? PostedQuestion(int column) => Headers.FirstOrDefault(h => h.Column == column)?.Question;

    private async Task TryAsync(string field, Func<Task> save)
    {
        try
        {
            await save();
        }
        catch (UserError e)
        {
            Errors[field] = e.Message;
        }
    }

    private async Task LoadAsync(long draft, string? profile, CancellationToken ct)
    {
        Draft = await UploadDrafts.ReadAsync(db, draft, ct);
        if (Draft is null)
        {
            Problem = "Förhandsgranskningen finns inte längre (den sparas ett dygn, och bara tills filen laddas upp). Ladda upp filen igen.";
            return;
        }
        await using var connection = await db.OpenConnectionAsync(ct);
        var profiles = await ExportProfiles.NamesAsync(connection, ct);
        Profile = profiles.FirstOrDefault(p => p == profile?.Trim());
        ProfileName ??= Profile;
        await using var content = new MemoryStream(Draft.Content, writable: false);
        (Preview, Problem) = await MappingStep.RunAsync(db, Draft.FileName, content, Draft.Wave, Profile, options.Value.MaxUploadBytes, ct);
        var instrument = await UploadVocabulary.LoadAsync(connection, await UploadLog.WaveIdAsync(connection, Draft.Wave, ct), ct);
        var missing = Preview?.Missing ?? [];
        MissingQuestions = [.. instrument.Questions.Where(q => missing.Contains(q.Code)).Select(q => new Choice(q.Code, $"{q.Code} – {q.Text}"))];
        foreach (var q in instrument.Questions)
            Answers[q.Code] = q.Kind switch
            {
                "number" => null,
                "administration" => [.. instrument.Administrations.Select(a => new Choice(a.Code, $"{a.Code} – {a.Name}"))],
                _ when instrument.Labels.TryGetValue(q.Code, out var labels) => [.. labels.Select(l => new Choice($"{l.Key}", $"{l.Key} {l.Value}"))],
                _ => [],
            };
    }
}
