using System.CommandLine;
using Survey.Ingest.Catalogue;

namespace Survey.Scheduler.Cli;

/// <summary>survey waves [list|add|edit|remove|show]: the survey waves, managed by administrators without SQL.</summary>
internal static class WavesCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("waves", "List and manage the survey waves (a yearly wave, a monthly pulse).")
        {
            List(context, "list"), Add(context), Edit(context), Remove(context), Show(context),
        };
        command.SetAction((_, ct) => ListAsync(context, ct));
        return command;
    }

    private static Command List(CliContext context, string name)
    {
        var command = new Command(name, "List the waves with their dates, questions and respondents.");
        command.SetAction((_, ct) => ListAsync(context, ct));
        return command;
    }

    private static async Task<int> ListAsync(CliContext context, CancellationToken ct)
    {
        var db = await context.DatabaseAsync(ct);
        await using var connection = await db.OpenConnectionAsync(ct);
        var waves = await Waves.ListAsync(connection, ct);
        await context.Out.WriteLineAsync($"{"Mätning",-14} {"Namn",-28} {"Från",-10} {"Till",-10} {"Frågor",-17} {"Svarande",9}");
        foreach (var w in waves)
            await context.Out.WriteLineAsync(
                $"{w.Code,-14} {w.Name,-28} {w.StartsOn:yyyy-MM-dd} {w.EndsOn:yyyy-MM-dd} {w.QuestionsText,-17} {w.Respondents,9}");
        return 0;
    }

    private sealed record Fields(Option<string> Name, Option<string> From, Option<string> To, Option<string> Reference,
        Option<string> Questions)
    {
        public WaveInput Read(ParseResult parse, string code) => new(code, parse.GetValue(Name), parse.GetValue(From),
            parse.GetValue(To), parse.GetValue(Reference), parse.GetValue(Questions));
    }

    private static (Argument<string> Code, Fields Fields, Command Command) Define(string name, string description, bool required)
    {
        var code = new Argument<string>("CODE") { Description = "The wave's code, e.g. V16-2022 or V16-2022-10." };
        var fields = new Fields(
            new Option<string>("--name") { Description = "The wave's name as reports show it.", Required = required },
            new Option<string>("--from") { Description = "First day of the wave, YYYY-MM-DD.", Required = required },
            new Option<string>("--to") { Description = "Last day of the wave, YYYY-MM-DD.", Required = required },
            new Option<string>("--reference-date") { Description = "The headcount's reference date, YYYY-MM-DD (default: --from)." },
            new Option<string>("--questions") { Description = "all (the whole instrument, the default) or question codes, e.g. D_DAGAR,D_ONSKAT,A_MOTEN." });
        var command = new Command(name, description) { code, fields.Name, fields.From, fields.To, fields.Reference, fields.Questions };
        return (code, fields, command);
    }

    private static Command Add(CliContext context)
    {
        var (code, fields, command) = Define("add", "Create a wave (a yearly wave, or a pulse with --questions).", required: true);
        command.SetAction(async (parse, ct) =>
        {
            var wave = await Waves.AddAsync(await context.DatabaseAsync(ct), fields.Read(parse, parse.GetValue(code)!), ct);
            await context.DoneAsync(Audit.Audit.Actions.WaveChange, $"Mätningen {wave.Code} är skapad: {wave.Name}, {wave.StartsOn:yyyy-MM-dd} – {wave.EndsOn:yyyy-MM-dd}, frågor: {wave.QuestionsText}.", ct);
            return 0;
        });
        return command;
    }

    private static Command Edit(CliContext context)
    {
        var (code, fields, command) = Define("edit", "Change a wave's name, dates or (while it has no answers) questions.", required: false);
        command.SetAction(async (parse, ct) =>
        {
            var input = fields.Read(parse, parse.GetValue(code)!);
            var wave = await Waves.EditAsync(await context.DatabaseAsync(ct), input.Code!, input with { Code = null }, ct);
            await context.DoneAsync(Audit.Audit.Actions.WaveChange, $"Mätningen {wave.Code} är ändrad: {wave.Name}, {wave.StartsOn:yyyy-MM-dd} – {wave.EndsOn:yyyy-MM-dd}, frågor: {wave.QuestionsText}.", ct);
            return 0;
        });
        return command;
    }

    private static Command Remove(CliContext context)
    {
        var code = new Argument<string>("CODE") { Description = "The wave's code." };
        var command = new Command("remove", "Remove a wave that has no answers and no headcount.") { code };
        command.SetAction(async (parse, ct) =>
        {
            await Waves.RemoveAsync(await context.DatabaseAsync(ct), parse.GetValue(code)!, ct);
            await context.DoneAsync(Audit.Audit.Actions.WaveChange, $"Mätningen {parse.GetValue(code)!.Trim()} är borttagen.", ct);
            return 0;
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var code = new Argument<string>("CODE") { Description = "The wave's code." };
        var command = new Command("show", "Show a wave and the questions it asks.") { code };
        command.SetAction(async (parse, ct) =>
        {
            var db = await context.DatabaseAsync(ct);
            await using var connection = await db.OpenConnectionAsync(ct);
            var wave = (await Waves.ListAsync(connection, ct)).FirstOrDefault(w => w.Code == parse.GetValue(code)!.Trim())
                       ?? throw new UserError(await Waves.UnknownAsync(connection, parse.GetValue(code), ct));
            await context.Out.WriteLineAsync($"{wave.Code}: {wave.Name}, {wave.StartsOn:yyyy-MM-dd} – {wave.EndsOn:yyyy-MM-dd}, referensdatum {wave.ReferenceDate:yyyy-MM-dd}");
            await context.Out.WriteLineAsync($"Svarande: {wave.Respondents}, anställda enligt personalunderlaget: {wave.Employees}");
            await context.Out.WriteLineAsync($"Frågor ({wave.QuestionCount}): {string.Join(", ", await Waves.QuestionsAsync(connection, wave.Code, ct))}");
            return 0;
        });
        return command;
    }
}
