using System.CommandLine;
using System.Globalization;
using Survey.Reports.Goals;
using Survey.Reports.Goals.Definitions;

namespace Survey.Scheduler.Cli;

/// <summary>survey goals (--wave CODE | --period YYYY-MM) [--json]; survey goals add|edit|retire CODE ….</summary>
internal static class GoalsCommand
{
    public static Command Create(CliContext context)
    {
        var wave = new Option<string>("--wave") { Description = "The wave's code, e.g. V16-2021." };
        var period = new Option<string>("--period") { Description = "A month YYYY-MM: the latest wave ended by then and that month's indicators." };
        var json = new Option<bool>("--json") { Description = "Print the outcomes as JSON (as the web API does)." };
        var retired = new Option<bool>("--include-retired") { Description = "Show retired goals too (their history)." };
        var command = new Command("goals", "Show the goals' outcomes with traffic lights; add, edit or retire goals.")
        {
            wave, period, json, retired, Add(context), Edit(context), Retire(context), Chart(context), Charts(context),
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var selection = Selection(parseResult.GetValue(wave), parseResult.GetValue(period));
            var db = await context.DatabaseAsync(ct);
            GoalReport report;
            using (Timings.Phase("goals"))
                report = await GoalOutcomes.ComputeAsync(db, parseResult.GetValue(retired) ? selection.WithRetired() : selection, ct);
            if (parseResult.GetValue(json))
                await context.Out.WriteLineAsync(GoalJson.Serialize(report));
            else
                await WriteTableAsync(context.Out, report);
            return 0;
        });
        return command;
    }

    internal static GoalSelection Selection(string? wave, string? period) => (wave, period) switch
    {
        ({ } w, null) => GoalSelection.ForWave(w),
        (null, { } p) => GoalSelection.ForPeriod(p),
        _ => throw new UserError("Ange antingen --wave KOD eller --period ÅÅÅÅ-MM."),
    };

    /// <summary>The options that say what a goal is, shared by add and edit.</summary>
    private sealed class GoalOptions
    {
        public readonly Option<string> Title = new("--title") { Description = "The goal's title as the board reads it." };
        public readonly Option<string> Perspective = new("--perspective") { Description = "The goal table's perspective, e.g. Medarbetare." };
        public readonly Option<string> Kind = new("--kind") { Description = "share, mean, index, response_rate or indicator." };
        public readonly Option<string> Condition = new("--condition")
        {
            Description = "share: who counts, e.g. \"A_ERGONOMI >= 5\" (question codes, = != < <= > >=, in (…), answered, and/or/not).",
        };
        public readonly Option<string> Population = new("--population")
        {
            Description = "Among whom (share, mean, index), e.g. \"D_DAGAR >= 1\"; the condition's questions must be answered too. Empty clears it.",
        };
        public readonly Option<string[]> Questions = new("--questions", "--question")
        {
            Description = "mean: the question; index: the questions (comma-separated or repeated).", AllowMultipleArgumentsPerToken = true,
        };
        public readonly Option<int?> MinAnswered = new("--min-answered") { Description = "index: how many of the questions a respondent must answer." };
        public readonly Option<string> Target = new("--target") { Description = "The target (målvärde); shares as fractions, 0.4 or 40 %." };
        public readonly Option<string> Baseline = new("--baseline") { Description = "The baseline (utgångsvärde); empty clears it." };
        public readonly Option<bool> ClearBaseline = new("--clear-baseline") { Description = "Remove the baseline." };
        public readonly Option<string> Direction = new("--direction") { Description = "higher (default) or lower: which way is better." };
        public readonly Option<string> Comment = new("--comment") { Description = "The comment shown in the goal table." };
        public readonly Option<string> Description = new("--description")
        {
            Description = "Free text beside the definition: what an indicator's upload holds, or a note on the baseline.",
        };

        public Command Command(string name, string description, Argument<string> code)
        {
            var command = new Command(name, description) { code };
            foreach (var option in new Option[] { Title, Perspective, Kind, Condition, Population, Questions, MinAnswered, Target, Baseline,
                         ClearBaseline, Direction, Comment, Description })
                command.Options.Add(option);
            return command;
        }

        public GoalChange Read(ParseResult p) => new()
        {
            Title = p.GetValue(Title),
            Perspective = p.GetValue(Perspective),
            Kind = p.GetValue(Kind),
            Condition = p.GetValue(Condition),
            Population = p.GetValue(Population),
            Questions = p.GetValue(Questions) is { Length: > 0 } questions ? questions : null,
            MinAnswered = p.GetValue(MinAnswered),
            Target = p.GetValue(Target) is { } t ? GoalTargets.ParseNumber(t) : null,
            Baseline = p.GetValue(Baseline) is { Length: > 0 } b && !string.IsNullOrWhiteSpace(b) ? GoalTargets.ParseNumber(b) : null,
            ClearBaseline = p.GetValue(ClearBaseline) || p.GetValue(Baseline) is { } empty && string.IsNullOrWhiteSpace(empty),
            Direction = p.GetValue(Direction),
            Comment = p.GetValue(Comment),
            Description = p.GetValue(Description),
        };
    }

    private static Argument<string> Code() => new("CODE") { Description = "The goal's code, e.g. G_ERGONOMI." };

    private static Command Add(CliContext context)
    {
        var options = new GoalOptions();
        var code = Code();
        var command = options.Command("add", "Add a goal: title, perspective, kind, definition, target.", code);
        command.SetAction(async (parseResult, ct) =>
        {
            var goal = parseResult.GetValue(code)!.Trim().ToUpperInvariant();
            await GoalEditing.AddAsync(await context.DatabaseAsync(ct), goal, options.Read(parseResult), ct);
            await context.DoneAsync(Audit.Audit.Actions.GoalChange, $"Målet {goal} är tillagt.", ct);
            return 0;
        });
        return command;
    }

    private static Command Edit(CliContext context)
    {
        var options = new GoalOptions();
        var code = Code();
        var command = options.Command("edit", "Change a goal: any of its title, definition, target, baseline, direction or comment.", code);
        command.Aliases.Add("set");
        command.SetAction(async (parseResult, ct) =>
        {
            var goal = parseResult.GetValue(code)!.Trim().ToUpperInvariant();
            await GoalEditing.EditAsync(await context.DatabaseAsync(ct), goal, options.Read(parseResult), ct);
            await context.DoneAsync(Audit.Audit.Actions.GoalChange, $"Målet {goal} är uppdaterat.", ct);
            return 0;
        });
        return command;
    }

    private static Command Retire(CliContext context)
    {
        var code = Code();
        var command = new Command("retire", "Retire a goal: it leaves the reports, its definition and history stay.") { code };
        command.SetAction(async (parseResult, ct) =>
        {
            var goal = parseResult.GetValue(code)!.Trim().ToUpperInvariant();
            var retired = await GoalEditing.RetireAsync(await context.DatabaseAsync(ct), goal, ct);
            await context.DoneAsync(Audit.Audit.Actions.GoalChange, retired ? $"Målet {goal} är avslutat och visas inte längre i rapporterna." : $"Målet {goal} var redan avslutat.", ct);
            return 0;
        });
        return command;
    }

    private static Command Chart(CliContext context)
    {
        var code = Code();
        var place = new Option<string>("--on") { Description = "start (the start page) or board (the board report).", Required = true };
        var by = new Option<string>("--by")
        {
            Description = "start: administration or municipality; board: municipality or distribution (of the one question the goal reads).",
            Required = true,
        };
        var title = new Option<string>("--title") { Description = "The chart's title; empty: made of the goal's title." };
        var sort = new Option<short?>("--sort") { Description = "Its place among the charts (1 first); default last." };
        var remove = new Option<bool>("--remove") { Description = "Remove the chart." };
        var command = new Command("chart", "Give a goal a chart on the start page or in the board report, or remove it.")
        {
            code, place, by, title, sort, remove,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var (goal, on, breakdown) = (parseResult.GetValue(code)!.Trim().ToUpperInvariant(), parseResult.GetValue(place)!, parseResult.GetValue(by)!);
            var db = await context.DatabaseAsync(ct);
            if (parseResult.GetValue(remove))
            {
                if (!await GoalCharts.RemoveAsync(db, goal, on, breakdown, ct))
                    throw new UserError($"{goal} har inget sådant diagram ({on}, {breakdown}).");
                await context.DoneAsync(Audit.Audit.Actions.GoalChange, $"Diagrammet för {goal} ({breakdown}) är borttaget.", ct);
                return 0;
            }
            var where = await GoalCharts.SetAsync(db, goal, on, breakdown, parseResult.GetValue(title), parseResult.GetValue(sort), ct);
            await context.DoneAsync(Audit.Audit.Actions.GoalChange, $"{goal} har ett diagram ({breakdown.Trim().ToLowerInvariant()}) på {where}.", ct);
            return 0;
        });
        return command;
    }

    private static Command Charts(CliContext context)
    {
        var command = new Command("charts", "List the charts the goals get on the start page and in the board report.");
        command.SetAction(async (_, ct) =>
        {
            await using var connection = await (await context.DatabaseAsync(ct)).OpenConnectionAsync(ct);
            await context.Out.WriteLineAsync($"{"Plats",-18} {"Ordning",7}  {"Mål",-20} {"Diagram",-15} Titel");
            foreach (var c in await GoalCharts.ListAsync(connection, ct))
                await context.Out.WriteLineAsync($"{GoalCharts.Where(c.Place),-18} {c.Sort,7}  {c.GoalCode,-20} {c.Breakdown,-15} {c.Title ?? "(målets titel)"}");
            return 0;
        });
        return command;
    }

    internal static async Task WriteTableAsync(TextWriter output, GoalReport report)
    {
        await output.WriteLineAsync($"Mätning: {report.Wave ?? "–"}" + (report.Period is { } p ? $"   Period: {p}" : ""));
        await output.WriteLineAsync($"{"Mål",-20} {"Målvärde",9} {"Utgångsv.",9} {"Utfall",9} {"n",7} {"Status",-6} " +
                                    $"{"Föregående mätning",-26} {"Förändring",-36} {"Bedömning",-18} Titel");
        foreach (var g in report.Goals)
            await output.WriteLineAsync(
                $"{g.Code,-20} {GoalFormat.Value(g, g.Target),9} {GoalFormat.Value(g, g.Baseline),9} {GoalFormat.Outcome(g),9} " +
                $"{(g.N?.ToString(CultureInfo.InvariantCulture) ?? "–"),7} {TrafficLight.Swedish(g.Status),-6} " +
                $"{GoalFormat.Previous(g),-26} {GoalFormat.Change(g),-36} {GoalFormat.Verdict(g),-18} {g.Title}");
        if (report.Goals.Any(g => g.Previous is not null))
            await output.WriteLineAsync(Survey.Reports.Goals.Comparison.Verdict.Legend);
    }
}
