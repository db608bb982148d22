using System.CommandLine;
using Survey.Ingest.Catalogue;

namespace Survey.Scheduler.Cli;

/// <summary>survey org list|rename|alias|merge|move-unit: the administrations and units, mended without SQL.</summary>
internal static class OrgCommand
{
    public static Command Create(CliContext context) =>
        new("org", "List and mend the organisation: administrations (förvaltningar) and a wave's units.")
        {
            List(context), Rename(context), Alias(context), Merge(context), MoveUnit(context),
        };

    private static Command MoveUnit(CliContext context)
    {
        var unit = new Argument<string>("UNIT") { Description = "The unit's code." };
        var wave = new Option<string>("--wave") { Description = "The wave whose files misfiled the unit.", Required = true };
        var to = new Option<string>("--to") { Description = "The administration it belongs to in that wave (code, name or alias).", Required = true };
        var command = new Command("move-unit", "Move a unit that a wave's files placed under the wrong administration, in that wave only.")
        {
            unit, wave, to,
        };
        command.SetAction(async (parse, ct) =>
        {
            var move = await Organisation.MoveUnitAsync(await context.DatabaseAsync(ct), parse.GetValue(wave)!, parse.GetValue(unit)!,
                parse.GetValue(to)!, ct);
            await context.DoneAsync(Audit.Audit.Actions.OrganisationChange, move.Message, ct);
            return 0;
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var wave = new Option<string>("--wave") { Description = "Also list the wave's units under their administration in it." };
        var command = new Command("list", "List the administrations with codes and aliases, and a wave's units.") { wave };
        command.SetAction(async (parse, ct) =>
        {
            var db = await context.DatabaseAsync(ct);
            await using var connection = await db.OpenConnectionAsync(ct);
            var all = await Organisation.AdministrationsAsync(connection, ct);
            await context.Out.WriteLineAsync($"{"Förvaltning",-40} {"Kod",-12} Alias");
            foreach (var a in all)
                await context.Out.WriteLineAsync($"{a.Name,-40} {a.Code,-12} {string.Join(", ", a.Aliases)}" +
                    (a.MergedInto is { } into ? $"  (sammanslagen med {all.Single(x => x.Id == into).Name})" : ""));
            if (parse.GetValue(wave) is { } code)
            {
                await context.Out.WriteLineAsync();
                await context.Out.WriteLineAsync($"Enheter i {code}:");
                await context.Out.WriteLineAsync($"{"Förvaltning",-40} {"Enhet",-14} {"Svarande",9} {"Anställda",9}");
                foreach (var u in await Organisation.WaveUnitsAsync(connection, code.Trim(), ct))
                    await context.Out.WriteLineAsync($"{u.Administration,-40} {u.Unit,-14} {u.Respondents,9} {(u.Employees?.ToString() ?? "–"),9}");
            }
            return 0;
        });
        return command;
    }

    private static Command Rename(CliContext context)
    {
        var administration = new Argument<string>("ADMINISTRATION") { Description = "Its code, name or alias." };
        var name = new Option<string>("--name") { Description = "The new name." };
        var code = new Option<string>("--code") { Description = "The new code." };
        var command = new Command("rename", "Rename an administration or change its code; the former ones stay as aliases.")
        {
            administration, name, code,
        };
        command.SetAction(async (parse, ct) =>
        {
            var renamed = await Organisation.RenameAsync(await context.DatabaseAsync(ct), parse.GetValue(administration)!,
                parse.GetValue(name), parse.GetValue(code), ct);
            await context.DoneAsync(Audit.Audit.Actions.OrganisationChange, $"Förvaltningen heter nu {renamed.Name} ({renamed.Code}). Alias: {string.Join(", ", renamed.Aliases)}.", ct);
            return 0;
        });
        return command;
    }

    private static Command Alias(CliContext context)
    {
        var administration = new Argument<string>("ADMINISTRATION") { Description = "Its code, name or alias." };
        var alias = new Argument<string>("ALIAS") { Description = "Another spelling that files use, e.g. the HR system's code." };
        var command = new Command("alias", "Give an administration another spelling that uploads recognise.") { administration, alias };
        command.SetAction(async (parse, ct) =>
        {
            var row = await Organisation.AliasAsync(await context.DatabaseAsync(ct), parse.GetValue(administration)!, parse.GetValue(alias)!, ct);
            await context.DoneAsync(Audit.Audit.Actions.OrganisationChange, $"{row.Name}: alias {string.Join(", ", row.Aliases)}.", ct);
            return 0;
        });
        return command;
    }

    private static Command Merge(CliContext context)
    {
        var from = new Argument<string>("FROM") { Description = "The administration that is merged (e.g. a misspelling)." };
        var into = new Argument<string>("INTO") { Description = "The administration it becomes part of." };
        var command = new Command("merge", "Merge one administration into another, in every wave's reports.") { from, into };
        command.SetAction(async (parse, ct) =>
        {
            var (source, target) = await Organisation.MergeAsync(await context.DatabaseAsync(ct), parse.GetValue(from)!, parse.GetValue(into)!, ct);
            await context.DoneAsync(Audit.Audit.Actions.OrganisationChange, $"{source.Name} är sammanslagen med {target.Name}: rapporterna räknar dem som en förvaltning i alla mätningar.", ct);
            return 0;
        });
        return command;
    }
}
