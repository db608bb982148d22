using Dapper;
using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Npgsql;
using Survey.Ingest.Uploads;
using Survey.Scheduler.Audit;
using Survey.Scheduler.Hosting;
using Survey.Scheduler.Jobs;

namespace Survey.Scheduler.Pages.Admin;

public sealed class UploadsModel(NpgsqlDataSource db, IBackgroundJobClient jobs, IOptions<SurveyOptions> options) : PageModel
{
    public sealed record UploadRow(long Id, DateTime UploadedAt, string FileName, string Kind, string? Wave, string UploadedBy,
        string Status, int Rows, int Inserted, int Updated, int Unchanged, int ProblemCount);

    private static readonly string[] Kinds = ["survey", "headcount", "indicators"];

    public IReadOnlyList<string> Waves { get; private set; } = [];

    /// <summary>The export profiles: a tool's saved mapping, chosen for a survey export.</summary>
    public IReadOnlyList<string> Profiles { get; private set; } = [];

    /// <summary>Each profile's aliases in words, for the list where a profile is removed.</summary>
    public IReadOnlyList<(string Name, IReadOnlyList<string> Aliases)> ProfileAliases { get; private set; } = [];

    /// <summary>What the last action did (a removed profile), said once.</summary>
    public string? Notice { get; private set; }
    public IReadOnlyList<UploadRow> Uploads { get; private set; } = [];
    public long MaxMegabytes => options.Value.MaxUploadBytes / (1024 * 1024);
    public string? Error { get; private set; }

    public static string KindText(string kind) => kind switch
    {
        "survey" => "Enkätexport",
        "headcount" => "Personalunderlag",
        _ => "Indikatorer",
    };

    public static string StatusText(string status) => status switch
    {
        "accepted" => "Godkänd",
        "rejected" => "Avvisad",
        "pending" => "Behandlas",
        _ => "Fel",
    };

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Several queries, one state of the database (see ReportSnapshot).
        await using var snapshot = await Survey.Reports.ReportSnapshot.BeginAsync(db, ct);
        var connection = snapshot.Connection;
        Waves = await Web.WaveCodes.NewestFirstAsync(connection, ct);
        Profiles = await Survey.Ingest.Profiles.ExportProfiles.NamesAsync(connection, ct);
        var aliases = new List<(string, IReadOnlyList<string>)>();
        foreach (var name in Profiles)
            aliases.Add((name, await Survey.Ingest.Profiles.ExportProfiles.DescribeAsync(connection, name, ct)));
        ProfileAliases = aliases;
        Uploads = (await connection.QueryAsync<UploadRow>(new CommandDefinition("""
            SELECT u.id, u.uploaded_at AS UploadedAt, u.file_name AS FileName, u.kind, w.code AS Wave,
                   u.uploaded_by AS UploadedBy, u.status, u.rows, u.inserted, u.updated, u.unchanged,
                   jsonb_array_length(u.problems) AS ProblemCount
            FROM upload u LEFT JOIN wave w ON w.id = u.wave_id
            ORDER BY u.uploaded_at DESC, u.id DESC LIMIT 100
            """, cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// Stores the upload and enqueues its job; a survey export goes to the mapping step first when it has values or
    /// headings that nothing matches (see <see cref="Survey.Ingest.Profiles.Preview.NeedsMapping"/>), or when the
    /// administrator asked to see the preview (<paramref name="preview"/>).
    /// </summary>
    public async Task<IActionResult> OnPostAsync(string kind, string? wave, IFormFile? file, bool skipInvalidRows,
        bool allowMissingQuestions, string? profile, bool preview, CancellationToken ct)
    {
        try
        {
            if (file is null || file.Length == 0)
                throw new UserError("Välj en fil att ladda upp.");
            var uploadKind = Kinds.Contains(kind) ? UploadKinds.Parse(kind) : throw new UserError("Välj vilken typ av fil det är.");
            profile = string.IsNullOrWhiteSpace(profile) || uploadKind != UploadKind.Survey ? null : profile.Trim();
            if (uploadKind == UploadKind.Survey && (preview || await MappingStep.NeededAsync(db, file, wave, profile, options.Value.MaxUploadBytes, ct)))
            {
                await using var draftContent = file.OpenReadStream();
                var draft = await UploadDrafts.CreateAsync(db, wave, file.FileName, draftContent, User.Identity!.Name!,
                    options.Value.MaxUploadBytes, skipInvalidRows, allowMissingQuestions, ct);
                return RedirectToPage("/Admin/Mapping", new { draft, profile });
            }
            await using var content = file.OpenReadStream();
            // The file name is kept as data for the upload log; it is never used as a path.
            var id = await PendingUploads.CreateAsync(db, uploadKind, wave, file.FileName, content, User.Identity!.Name!,
                options.Value.MaxUploadBytes, skipInvalidRows, ct, allowMissingQuestions, profile);
            jobs.Enqueue<PendingUploadJob>(job => job.ProcessAsync(id, CancellationToken.None));
            await HttpContext.AuditAsync(Audit.Audit.Actions.Upload, $"upload {id}",
                $"{KindText(kind)} {wave} {file.FileName} ({file.Length} byte){(skipInvalidRows ? ", hoppa över rader med fel" : "")}{(profile is null ? "" : $", exportprofil {profile}")}");
            return RedirectToPage("/Admin/Upload", new { id });
        }
        catch (UserError e)
        {
            Error = e.Message;
            await OnGetAsync(ct);
            return Page();
        }
    }

    /// <summary>Removes an export profile (refused while an upload waits to be read with it), audited.</summary>
    public async Task<IActionResult> OnPostRemoveProfileAsync(string name, CancellationToken ct)
    {
        try
        {
            await using (var connection = await db.OpenConnectionAsync(ct))
                Notice = await Survey.Ingest.Profiles.ExportProfiles.RemoveAsync(connection, name ?? "", ct);
            await HttpContext.AuditAsync(Audit.Audit.Actions.ProfileChange, $"profile {name}", Notice);
        }
        catch (UserError e)
        {
            Error = e.Message;
        }
        await OnGetAsync(ct);
        return Page();
    }
}
