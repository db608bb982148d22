using System.CommandLine;
using Survey.Ingest.Profiles;

namespace Survey.Scheduler.Cli;

/// <summary>survey profile list | show | alias | value | remove: a survey tool's saved mapping (header and value aliases).</summary>
internal static class ProfileCommand
{
    public static Command Create(CliContext context)
    {
        var list = new Command("list", "List the export profiles.");
        list.SetAction(async (_, ct) =>
        {
            await using var connection = await (await context.DatabaseAsync(ct)).OpenConnectionAsync(ct);
            foreach (var name in await ExportProfiles.NamesAsync(connection, ct))
                await context.Out.WriteLineAsync(name);
            return 0;
        });

        var shown = new Argument<string>("profile") { Description = "The profile's name." };
        var show = new Command("show", "List a profile's header and value aliases.") { shown };
        show.SetAction(async (parseResult, ct) =>
        {
            await using var connection = await (await context.DatabaseAsync(ct)).OpenConnectionAsync(ct);
            foreach (var line in await ExportProfiles.DescribeAsync(connection, parseResult.GetValue(shown)!, ct))
                await context.Out.WriteLineAsync(line);
            return 0;
        });

        var profile = new Argument<string>("profile") { Description = "The profile's name, e.g. \"Qualtrics, sifferkoder\" (created if new)." };
        var column = new Option<string>("--column") { Description = "The column heading as the export writes it.", Required = true };
        var question = new Option<string>("--question") { Description = "The question code, e.g. B_KON.", Required = true };
        var codes = new Option<bool>("--codes") { Description = "The column's values are the instrument's own option codes." };
        var alias = new Command("alias", "Save a header alias: this heading holds that question.") { profile, column, question, codes };
        alias.SetAction(async (parseResult, ct) =>
        {
            await using var connection = await (await context.DatabaseAsync(ct)).OpenConnectionAsync(ct);
            await ExportProfiles.AddHeaderAsync(connection, parseResult.GetValue(profile)!, parseResult.GetValue(column)!,
                parseResult.GetValue(question)!, parseResult.GetValue(codes), ct);
            await context.DoneAsync(Audit.Audit.Actions.ProfileChange,
                $"Sparat i \"{parseResult.GetValue(profile)}\": \"{parseResult.GetValue(column)}\" är {parseResult.GetValue(question)}" +
                $"{(parseResult.GetValue(codes) ? " (instrumentets koder)" : "")}.", ct);
            return 0;
        });

        var valueQuestion = new Option<string>("--question") { Description = "The question code, e.g. B_KON.", Required = true };
        var value = new Option<string>("--value") { Description = "The value as the export writes it, e.g. 1.", Required = true };
        var answer = new Option<string>("--answer")
        {
            Description = "What it means: the option's code or label, the administration, or the number.", Required = true,
        };
        var valueCommand = new Command("value", "Save a value alias: this tool's value of a question means that answer.")
        {
            new Argument<string>("profile") { Description = "The profile's name (created if new)." }, valueQuestion, value, answer,
        };
        valueCommand.SetAction(async (parseResult, ct) =>
        {
            var name = parseResult.GetValue<string>("profile")!;
            await using var connection = await (await context.DatabaseAsync(ct)).OpenConnectionAsync(ct);
            await ExportProfiles.AddValueAsync(connection, name, parseResult.GetValue(valueQuestion)!, parseResult.GetValue(value)!,
                parseResult.GetValue(answer)!, ct);
            await context.DoneAsync(Audit.Audit.Actions.ProfileChange,
                $"Sparat i \"{name}\": {parseResult.GetValue(valueQuestion)} \"{parseResult.GetValue(value)}\" betyder {parseResult.GetValue(answer)}.", ct);
            return 0;
        });
        var removed = new Argument<string>("profile") { Description = "The profile's name." };
        var remove = new Command("remove", "Remove a profile and its aliases (refused while an upload waits to be read with it).") { removed };
        remove.SetAction(async (parseResult, ct) =>
        {
            await using var connection = await (await context.DatabaseAsync(ct)).OpenConnectionAsync(ct);
            var message = await ExportProfiles.RemoveAsync(connection, parseResult.GetValue(removed)!, ct);
            await context.DoneAsync(Audit.Audit.Actions.ProfileChange, message, ct);
            return 0;
        });
        return new Command("profile", "Export profiles: the saved mapping of a survey tool's exports.") { list, show, alias, valueCommand, remove };
    }
}
