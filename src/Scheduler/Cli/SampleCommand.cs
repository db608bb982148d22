using System.CommandLine;
using Survey.Ingest.Sample;

namespace Survey.Scheduler.Cli;

/// <summary>survey sample: writes a realistic, deterministic V16 export, headcount or indicator file.</summary>
internal static class SampleCommand
{
    private static readonly Dictionary<string, SampleShape> Shapes = new()
    {
        ["codes"] = SampleShape.Codes, ["text"] = SampleShape.Text, ["forms-xlsx"] = SampleShape.FormsXlsx,
        ["surveymonkey"] = SampleShape.SurveyMonkey, ["qualtrics"] = SampleShape.Qualtrics,
        ["qualtrics-tsv"] = SampleShape.QualtricsTsv, ["qualtrics-legacy"] = SampleShape.QualtricsLegacy,
        ["limesurvey"] = SampleShape.LimeSurvey, ["google-forms"] = SampleShape.GoogleForms,
        ["qualtrics-numeric"] = SampleShape.QualtricsNumeric, ["enalyzer"] = SampleShape.Enalyzer,
    };

    public static Command Create(CliContext context)
    {
        var kind = new Option<string>("--kind") { Description = "survey (default), headcount or indicators.", DefaultValueFactory = _ => "survey" };
        kind.AcceptOnlyFromAmong("survey", "headcount", "indicators");
        var respondents = new Option<int>("--respondents") { Description = "Number of respondents (headcount: of the export it matches).", DefaultValueFactory = _ => 2000 };
        var shape = new Option<string>("--shape")
        {
            Description = "codes, text, forms-xlsx (Microsoft Forms), surveymonkey, qualtrics, qualtrics-tsv, qualtrics-legacy, qualtrics-numeric, limesurvey or google-forms.",
            DefaultValueFactory = _ => "codes",
        };
        shape.AcceptOnlyFromAmong(Shapes.Keys.ToArray());
        var seed = new Option<int>("--seed") { Description = "Same seed and size, same respondents in every shape.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "The file to write.", Required = true };
        var command = new Command("sample", "Write a realistic sample export, headcount or indicator file (deterministic).")
        {
            kind, respondents, shape, seed, output,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var n = parseResult.GetValue(respondents);
            if (n < 1)
                throw new UserError("--respondents must be at least 1.");
            var path = parseResult.GetValue(output)!;
            var db = await context.DatabaseAsync(ct);
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                switch (parseResult.GetValue(kind))
                {
                    case "headcount":
                        await SampleExport.WriteHeadcountAsync(db, file, n, parseResult.GetValue(seed), ct);
                        break;
                    case "indicators":
                        SampleExport.WriteIndicators(file);
                        break;
                    default:
                        var s = Shapes[parseResult.GetValue(shape)!];
                        await SampleExport.WriteAsync(db, file, s, n, parseResult.GetValue(seed), ct);
                        break;
                }
            }
            await context.Out.WriteLineAsync($"Skrev {path} ({new FileInfo(path).Length:N0} byte).");
            return 0;
        });
        return command;
    }
}
