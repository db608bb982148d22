using System.CommandLine;
using System.Security.Cryptography;
using Npgsql;
using Survey.Ingest.Sample;
using Survey.Ingest.Uploads;
using Survey.Reports.Analyst;
using Survey.Reports.Board;
using Survey.Reports.Goals;

namespace Survey.Scheduler.Cli;

/// <summary>
/// survey demo: the product's main job end to end on the configured (by default the embedded) database: a sample
/// V16-2021 export, headcount and indicators are generated and ingested, the goals computed, the board report and
/// an analyst workbook written, and a demo admin account created for the web pages. Running it again changes
/// nothing but the password: the uploads are idempotent.
/// </summary>
internal static class DemoCommand
{
    private const string Wave = "V16-2021";
    private const string Period = "2021-04";
    private const string DemoAdmin = "demo-admin";

    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--out")
        {
            Description = "Folder for the sample files and workbooks (default: demo/ in the data folder).",
            DefaultValueFactory = _ => Path.Combine(Hosting.SurveyOptions.From(context.Config).ResolvedDataDir, "demo"),
        };
        var respondents = new Option<int>("--respondents") { Description = "Respondents in the sample export.", DefaultValueFactory = _ => 3000 };
        var command = new Command("demo", "Run the whole journey on the database and show where the results are.") { output, respondents };
        command.SetAction(async (parseResult, ct) =>
        {
            var db = await context.DatabaseAsync(ct);
            var folder = Directory.CreateDirectory(parseResult.GetValue(output)!).FullName;
            var files = await WriteSamplesAsync(db, folder, parseResult.GetValue(respondents), ct);

            await context.Out.WriteLineAsync($"1. Uppladdningar till {Wave}:");
            foreach (var (kind, path) in files)
                await IngestAsync(context, db, kind, path, ct);

            var goals = await GoalOutcomes.ComputeAsync(db, GoalSelection.ForPeriod(Period), ct);
            await context.Out.WriteLineAsync($"\n2. Målen för {Period}:");
            await GoalsCommand.WriteTableAsync(context.Out, goals);

            var board = Path.Combine(folder, $"styrelserapport-{Period}.xlsx");
            var workbook = await BoardReports.GenerateAsync(db, Period, ct);
            await BoardReports.StoreAsync(db, Period, workbook, replace: true, ct);
            await File.WriteAllBytesAsync(board, workbook, ct);
            var analyst = Path.Combine(folder, $"analys-{Wave}.xlsx");
            await using (var file = File.Create(analyst))
                await AnalystWorkbooks.WriteAsync(db, Wave, [], file, ct);
            await context.Out.WriteLineAsync($"\n3. Rapporter:\n   {board}\n   {analyst}");

            var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('/', '-').Replace('+', '_');
            await Accounts.Accounts.AddAsync(db, DemoAdmin, Accounts.Roles.Admin, password, replace: true, ct);
            await context.Out.WriteLineAsync($"""

                4. Webben:
                   dotnet run --project src/Scheduler -- serve
                   Öppna {ServeCommand.DefaultUrls} och logga in som {DemoAdmin} med lösenordet {password}
                """);
            return 0;
        });
        return command;
    }

    private static async Task<List<(UploadKind Kind, string Path)>> WriteSamplesAsync(NpgsqlDataSource db, string folder,
        int respondents, CancellationToken ct)
    {
        var export = Path.Combine(folder, "v16-2021-enkatexport.csv");
        var headcount = Path.Combine(folder, "v16-2021-personalunderlag.csv");
        var indicators = Path.Combine(folder, "indikatorer-2021.csv");
        await using (var file = File.Create(export))
            await SampleExport.WriteAsync(db, file, SampleShape.Text, respondents, seed: 2021, ct);
        await using (var file = File.Create(headcount))
            await SampleExport.WriteHeadcountAsync(db, file, respondents, seed: 2021, ct);
        await using (var file = File.Create(indicators))
            SampleExport.WriteIndicators(file);
        return [(UploadKind.Survey, export), (UploadKind.Headcount, headcount), (UploadKind.Indicators, indicators)];
    }

    private static async Task IngestAsync(CliContext context, NpgsqlDataSource db, UploadKind kind, string path, CancellationToken ct)
    {
        var result = await Ingestion.RunAsync(db, new IngestRequest
        {
            Kind = kind, FileName = Path.GetFileName(path), Path = path, WaveCode = Wave, UploadedBy = "demo",
        }, null, ct);
        if (!result.IsAccepted)
            throw new InvalidOperationException($"The generated {path} was rejected:\n{UploadReport.ToSwedishText(result)}");
        await context.Out.WriteLineAsync(
            $"   {result.File}: godkänd, {result.Rows} rader ({result.Inserted} nya, {result.Updated} ändrade, {result.Unchanged} oförändrade)");
    }
}
