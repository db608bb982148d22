using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Npgsql;
using Survey.Ingest.Catalogue;
using Survey.Scheduler.Audit;
using Survey.Scheduler.Hosting;

namespace Survey.Scheduler.Pages.Admin;

/// <summary>
/// Frågeformulär: the instrument's questions with options, labels and aliases, its file to download, and the same
/// import as `survey instrument import`, refusing a file that would change what stored answers mean.
/// </summary>
public sealed class InstrumentModel(NpgsqlDataSource db, IOptions<SurveyOptions> options) : PageModel
{
    internal IReadOnlyList<QuestionRow> Questions { get; private set; } = [];
    public string? Error { get; private set; }
    public IReadOnlyList<string> Done { get; private set; } = [];

    public static string KindText(string kind) => kind switch
    {
        "administration" => "förvaltning",
        "unit" => "enhet",
        "choice" => "flerval",
        "likert" => "skala",
        "number" => "tal",
        _ => "fritext",
    };

    public async Task OnGetAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        Questions = await InstrumentFile.ShowAsync(connection, ct);
        Done = TempData["Done"] is string done ? done.Split('\n') : [];
    }

    /// <summary>The instrument file (the format the import reads), with a BOM so that Excel opens it as UTF-8.</summary>
    public async Task<IActionResult> OnGetFileAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var csv = InstrumentFile.ToCsv(await InstrumentFile.ShowAsync(connection, ct));
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv; charset=utf-8", "instrument.csv");
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        try
        {
            if (file is null || file.Length == 0)
                throw new UserError("Välj en instrumentfil (CSV eller XLSX) att läsa in.");
            if (file.Length > options.Value.MaxUploadBytes)
                throw new UserError(Survey.Ingest.Uploads.UploadLimits.TooLargeMessage(options.Value.MaxUploadBytes));
            await using var content = file.OpenReadStream();
            var result = await InstrumentFile.ImportAsync(db, content, ct);
            var lines = string.Join('\n', result.Lines);
            await HttpContext.AuditAsync(Audit.Audit.Actions.InstrumentChange, null, $"{file.FileName}: {lines.Replace('\n', ' ')}");
            TempData["Done"] = lines;
            return RedirectToPage();
        }
        catch (UserError e)
        {
            Error = e.Message;
            await OnGetAsync(ct);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
    }
}
