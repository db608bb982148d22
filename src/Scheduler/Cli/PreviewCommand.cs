using System.Text;
using Survey.Ingest.Profiles;
using Survey.Ingest.Reading;
using Survey.Ingest.Uploads;

namespace Survey.Scheduler.Cli;

/// <summary>survey ingest FILE --preview: the mapping of each column, as the upload page shows it; nothing stored.</summary>
internal static class PreviewCommand
{
    public static async Task<int> RunAsync(CliContext context, string path, string? wave, string? profile, CancellationToken ct)
    {
        if (!File.Exists(path))
            throw new UserError($"File not found: {path}");
        var db = await context.DatabaseAsync(ct);
        await using var file = File.OpenRead(path);
        Preview preview;
        try
        {
            preview = await ImportPreview.RunAsync(db, Path.GetFileName(path), file, wave, profile,
                Hosting.SurveyOptions.From(context.Config).MaxUploadBytes, ct);
        }
        catch (FileRejected e)
        {
            throw new UserError(e.Message);
        }
        await context.Out.WriteAsync(ToText(preview));
        return 0;
    }

    public static string ToText(Preview preview)
    {
        var text = new StringBuilder();
        text.AppendLine($"Förhandsgranskning: {preview.File}{(preview.Profile is { } p ? $", exportprofil \"{p}\"" : "")} " +
                        $"({preview.HeaderRows} rubrikrader, {preview.RowsRead} datarader lästa; ingenting sparas)");
        foreach (var c in preview.Columns)
        {
            var target = c.QuestionCode is null ? c.How : $"{c.QuestionCode} {c.QuestionText} ({c.How})";
            text.Append($"{c.Number,3}. \"{c.Heading}\" → {target}");
            var samples = c.Samples.Where(s => s.Reading.Length > 0).Select(s => $"\"{s.Value}\" → {s.Reading}").ToList();
            text.AppendLine(samples.Count > 0 ? ": " + string.Join("; ", samples) : "");
        }
        if (preview.LeftOut.Count > 0)
            text.AppendLine($"Utelämnas: {preview.LeftOut.Sum(l => l.Rows)} rader räknas inte som svarande: {UploadReport.LeftOutText(preview.LeftOut)}");
        foreach (var warning in preview.Warnings)
            text.AppendLine($"VARNING: {warning}");
        if (preview.Missing.Count > 0 && preview.Columns.Where(c => c.Unmatched).ToList() is { Count: > 0 } unmatched)
            text.AppendLine($"Kolumner som ingen fråga matchar: {string.Join(", ", unmatched.Select(c => $"kolumn {c.Number} \"{c.Heading}\""))}.");
        var open = preview.Columns.Where(c => c.NeedsMapping).ToList();
        text.AppendLine(!preview.NeedsMapping
            ? preview.Columns.Any(c => c.Samples.Any(s => !s.Readable))
                ? "Inga sifferkoder behöver mappas. Värden som inte går att läsa blir problem på sina rader om de inte mappas."
                : "Alla kolumner går att läsa."
            : (open.Count == 0 ? "" : $"Behöver mappas: {string.Join(", ", open.Select(c => $"kolumn {c.Number} \"{c.Heading}\""))}. ") +
              "Spara mappningen i en exportprofil: survey profile alias PROFIL --column RUBRIK --question KOD [--codes], " +
              "survey profile value PROFIL --question KOD --value VÄRDE --answer SVAR; läs sedan in med --profile PROFIL.");
        return text.ToString();
    }
}
