using System.CommandLine;
using Spectre.Console;
using Survey.Ingest.Uploads;

namespace Survey.Scheduler.Cli;

/// <summary>survey ingest | headcount | indicators FILE: one upload through the same ingest as the web.</summary>
internal static class IngestCommand
{
    private const long ProgressFromBytes = 20L * 1024 * 1024;

    public static Command Create(CliContext context, UploadKind kind)
    {
        var (name, description) = kind switch
        {
            UploadKind.Survey => ("ingest", "Load a survey tool's export (CSV or XLSX) into a wave."),
            UploadKind.Headcount => ("headcount", "Load headcount per unit (unit, administration, employees, women, men) for a wave."),
            _ => ("indicators", "Load monthly values of the indicator goals (goal, period YYYY-MM, value, comment)."),
        };
        var file = new Argument<string>("file") { Description = "The CSV or XLSX file, as exported." };
        var wave = new Option<string>("--wave") { Description = "The wave code, e.g. V16-2021.", Required = kind.NeedsWave() };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check and count everything, store and log nothing." };
        var json = new Option<bool>("--json") { Description = "Print the upload result as JSON." };
        var skip = new Option<bool>("--skip-invalid-rows") { Description = "Load the valid rows; list the rejected ones in the upload log." };
        var allowMissing = new Option<bool>("--allow-missing-questions")
        {
            Description = "Accept an export that lacks more than half of the wave's questions (they are listed as a warning).",
        };
        var profile = new Option<string?>("--profile") { Description = "The export profile (a tool's saved mapping) to read the file with." };
        var preview = new Option<bool>("--preview")
        {
            Description = "Show each column with the question it matched, how, and how sample values read; store nothing.",
        };
        var command = new Command(name, description) { file, dryRun, json, skip };
        if (kind.NeedsWave())
            command.Add(wave);
        if (kind == UploadKind.Survey)
        {
            command.Add(allowMissing);
            command.Add(profile);
            command.Add(preview);
        }
        command.SetAction(async (parseResult, ct) =>
        {
            var path = parseResult.GetValue(file)!;
            if (kind == UploadKind.Survey && parseResult.GetValue(preview))
                return await PreviewCommand.RunAsync(context, path, parseResult.GetValue(wave), parseResult.GetValue(profile), ct);
            var request = new IngestRequest
            {
                Kind = kind,
                FileName = Path.GetFileName(path),
                Path = path,
                WaveCode = kind.NeedsWave() ? parseResult.GetValue(wave) : null,
                DryRun = parseResult.GetValue(dryRun),
                SkipInvalidRows = parseResult.GetValue(skip),
                AllowMissingQuestions = kind == UploadKind.Survey && parseResult.GetValue(allowMissing),
                Profile = kind == UploadKind.Survey ? parseResult.GetValue(profile) : null,
                MaxBytes = Hosting.SurveyOptions.From(context.Config).MaxUploadBytes,
            };
            var db = await context.DatabaseAsync(ct);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = await WithProgressAsync(context, path, parseResult.GetValue(json),
                progress => Ingestion.RunAsync(db, request, progress, ct));

            await context.Out.WriteAsync(parseResult.GetValue(json)
                ? result.ToJson(indented: true) + Environment.NewLine
                : UploadReport.ToSwedishText(result) + (request.DryRun ? "(provkörning: ingenting sparades)" + Environment.NewLine : "")
                  + $"Tid: {clock.Elapsed.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.GetCultureInfo("sv-SE"))} s" + Environment.NewLine);
            if (!request.DryRun && result.UploadId > 0)
                await Audit.Audit.RecordAsync(db, $"cli:{Environment.UserName}", Audit.Audit.Actions.Upload, $"upload {result.UploadId}",
                    $"kommandoraden: {request.FileName} ({(result.IsAccepted ? "godkänd" : "avvisad")})", null, ct);
            if (result.IsAccepted)
                return 0;
            await context.Error.WriteLineAsync("error: the file was rejected; nothing was stored.");
            return 2;
        });
        return command;
    }

    /// <summary>A progress bar on a terminal for large files; plain output when redirected or captured.</summary>
    private static async Task<UploadResult> WithProgressAsync(CliContext context, string path, bool json,
        Func<IProgress<long>?, Task<UploadResult>> run)
    {
        var size = File.Exists(path) ? new FileInfo(path).Length : 0;
        if (json || size < ProgressFromBytes || !ReferenceEquals(context.Out, Console.Out) || Console.IsOutputRedirected)
            return await run(null);
        UploadResult? result = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"Läser in {Path.GetFileName(path)}", maxValue: size);
                result = await run(new Progress<long>(bytes =>
                {
                    task.Value = bytes;
                    if (bytes >= size)
                        task.Description = "Sparar i databasen";
                }));
                task.Value = size;
            });
        return result!;
    }
}
