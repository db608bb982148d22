using System.CommandLine;
using System.Globalization;
using Survey.Ingest.Catalogue;

namespace Survey.Scheduler.Cli;

/// <summary>survey instrument show [--csv] | import FILE: the questions, options, labels and aliases as data.</summary>
internal static class InstrumentCommand
{
    public static Command Create(CliContext context) =>
        new("instrument", "Show or change the instrument: questions, answer options, labels and aliases.") { Show(context), Import(context) };

    private static Command Show(CliContext context)
    {
        var csv = new Option<bool>("--csv") { Description = "Write the instrument file (the format instrument import reads)." };
        var command = new Command("show", "List the questions with their options, labels and aliases.") { csv };
        command.SetAction(async (parse, ct) =>
        {
            var db = await context.DatabaseAsync(ct);
            await using var connection = await db.OpenConnectionAsync(ct);
            var questions = await InstrumentFile.ShowAsync(connection, ct);
            if (parse.GetValue(csv))
            {
                await context.Out.WriteAsync(InstrumentFile.ToCsv(questions));
                return 0;
            }
            foreach (var q in questions)
            {
                var range = q.Min is null ? "" : $" {q.Min.Value.ToString("0.##", CultureInfo.InvariantCulture)}–{q.Max?.ToString("0.##", CultureInfo.InvariantCulture)}"
                                                 + (q.Step is { } s ? $" steg {s.ToString("0.##", CultureInfo.InvariantCulture)}" : "");
                await context.Out.WriteLineAsync($"{q.Code} ({q.Kind}{range}): {q.Text}");
                if (q.Options.Count > 0)
                    await context.Out.WriteLineAsync("    Svar: " + string.Join(", ", q.Options.Select(o => $"{o.Code} {o.Label}" + (o.CountsAsAnswer ? "" : " (räknas inte som svar)"))));
                if (q.HeaderAliases.Count > 0)
                    await context.Out.WriteLineAsync("    Rubrikalias: " + string.Join(", ", q.HeaderAliases));
                if (q.ValueAliases.Count > 0)
                    await context.Out.WriteLineAsync("    Svarsalias: " + string.Join(", ", q.ValueAliases.Select(v => $"{v.Alias} = {v.Code}")));
            }
            return 0;
        });
        return command;
    }

    private static Command Import(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The instrument file (CSV or XLSX), as instrument show --csv writes it." };
        var command = new Command("import", "Add and change questions, options and aliases from a file; a file that would change what stored answers mean is refused.")
        {
            file,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
                throw new UserError($"File not found: {path}");
            await using var stream = File.OpenRead(path);
            var result = await InstrumentFile.ImportAsync(await context.DatabaseAsync(ct), stream, ct);
            await context.DoneAsync(Audit.Audit.Actions.InstrumentChange, string.Join(Environment.NewLine, result.Lines), ct);
            return 0;
        });
        return command;
    }
}
