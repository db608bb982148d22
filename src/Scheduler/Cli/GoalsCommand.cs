using System.CommandLine;
using System.Globalization;
using Survey.Reports.Goals;

namespace Survey.Scheduler.Cli;

/// <summary>survey goals (--wave CODE | --period YYYY-MM) [--json]; survey goals set CODE --target X.</summary>
internal static class GoalsCommand
{
    public static Command Create(CliContext context)
    {
        var wave = new Option<string>("--wave") { Description = "The wave's code, e.g. V16-2021." };
        var period = new Option<string>("--period") { Description = "A month YYYY-MM: the latest wave ended by then and that month's indicators." };
        var json = new Option<bool>("--json") { Description = "Print the outcomes as JSON (as the web API does)." };
        var command = new Command("goals", "Show the goals' outcomes with traffic lights.") { wave, period, json, Set(context) };
        command.SetAction(async (parseResult, ct) =>
        {
            var report = await GoalOutcomes.ComputeAsync(await context.DatabaseAsync(ct),
                Selection(parseResult.GetValue(wave), parseResult.GetValue(period)), ct);
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

    private static Command Set(CliContext context)
    {
        var code = new Argument<string>("CODE") { Description = "The goal's code, e.g. G_DISTANS." };
        var target = new Option<string>("--target") { Description = "The target (målvärde); shares as fractions, 0.4 or 40 %.", Required = true };
        var baseline = new Option<string>("--baseline") { Description = "The baseline (utgångsvärde)." };
        var comment = new Option<string>("--comment") { Description = "The comment shown in the goal table." };
        var command = new Command("set", "Change a goal's target, baseline or comment.") { code, target, baseline, comment };
        command.SetAction(async (parseResult, ct) =>
        {
            var goal = parseResult.GetValue(code)!;
            await GoalTargets.SetAsync(await context.DatabaseAsync(ct), goal,
                GoalTargets.ParseNumber(parseResult.GetValue(target)!),
                parseResult.GetValue(baseline) is { } b ? GoalTargets.ParseNumber(b) : null,
                parseResult.GetValue(comment), ct);
            await context.Out.WriteLineAsync($"Målet {goal} är uppdaterat.");
            return 0;
        });
        return command;
    }

    internal static async Task WriteTableAsync(TextWriter output, GoalReport report)
    {
        await output.WriteLineAsync($"Mätning: {report.Wave ?? "–"}" + (report.Period is { } p ? $"   Period: {p}" : ""));
        await output.WriteLineAsync($"{"Mål",-20} {"Målvärde",9} {"Utgångsv.",9} {"Utfall",9} {"n",7} {"Status",-6} Titel");
        foreach (var g in report.Goals)
            await output.WriteLineAsync(
                $"{g.Code,-20} {GoalFormat.Value(g, g.Target),9} {GoalFormat.Value(g, g.Baseline),9} {GoalFormat.Outcome(g),9} " +
                $"{(g.N?.ToString(CultureInfo.InvariantCulture) ?? "–"),7} {TrafficLight.Swedish(g.Status),-6} {g.Title}");
    }
}
