using System.CommandLine;
using Survey.Scheduler.Accounts;

namespace Survey.Scheduler.Cli;

/// <summary>survey user add NAME --role admin|analyst|board: the password is read from standard input.</summary>
internal static class UserCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "Account name (lower case)." };
        var role = new Option<string>("--role") { Description = "admin, analyst or board.", Required = true };
        role.AcceptOnlyFromAmong(Roles.All);
        var replace = new Option<bool>("--replace") { Description = "Set a new password and role for an existing account." };
        var add = new Command("add", "Create a local account; the password is read from standard input.") { name, role, replace };
        add.SetAction(async (parseResult, ct) =>
        {
            var password = (await context.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') ?? "";
            var db = await context.DatabaseAsync(ct);
            await Accounts.Accounts.AddAsync(db, parseResult.GetValue(name)!, parseResult.GetValue(role)!, password,
                parseResult.GetValue(replace), ct);
            await Audit.Audit.RecordAsync(db, $"cli:{Environment.UserName}", Audit.Audit.Actions.UserChange,
                $"user {parseResult.GetValue(name)}", $"kommandoraden: {(parseResult.GetValue(replace) ? "satte lösenord och roll" : "skapade kontot")} med rollen {parseResult.GetValue(role)}", null, ct);
            await context.Out.WriteLineAsync($"Kontot {parseResult.GetValue(name)} ({parseResult.GetValue(role)}) är skapat.");
            return 0;
        });
        return new Command("user", "Local accounts for the web pages.") { add };
    }
}
