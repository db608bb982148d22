using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using Survey.Scheduler.Accounts;
using Survey.Scheduler.Audit;

namespace Survey.Scheduler.Pages.Admin;

/// <summary>
/// Accounts with role and last sign-in. A new local account, and a reset, get a one-time password shown once on
/// the answer to that post (never stored in clear, never shown again); the account must change it at sign-in.
/// </summary>
public sealed class UsersModel(NpgsqlDataSource db, TimeProvider time) : PageModel
{
    public IReadOnlyList<Accounts.Accounts.AccountRow> Users { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    public string? ErrorFor { get; private set; }
    public (string Name, string Password)? OneTime { get; private set; }
    public DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task OnGetAsync(CancellationToken ct) => Users = await Accounts.Accounts.ListAsync(db, ct);

    public Task<IActionResult> OnPostAddAsync(string name, string role, CancellationToken ct) =>
        ChangeAsync(name?.Trim() ?? "", "add", async n =>
        {
            // A random password meets the policy by construction; the account replaces it at its first sign-in.
            var start = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
            await Accounts.Accounts.AddAsync(db, n, role, start, replace: false, ct);
            OneTime = (n, await Accounts.Accounts.ResetPasswordAsync(db, n, ct));
            return $"skapade kontot med rollen {role}";
        }, ct);

    public Task<IActionResult> OnPostRoleAsync(string name, string role, CancellationToken ct) =>
        ChangeAsync(name, "role", async n =>
        {
            await Accounts.Accounts.SetRoleAsync(db, n, role, ct);
            return $"ändrade rollen till {role}";
        }, ct);

    public Task<IActionResult> OnPostResetAsync(string name, CancellationToken ct) =>
        ChangeAsync(name, "reset", async n =>
        {
            OneTime = (n, await Accounts.Accounts.ResetPasswordAsync(db, n, ct));
            return "återställde lösenordet (engångslösenord)";
        }, ct);

    public Task<IActionResult> OnPostActiveAsync(string name, bool active, CancellationToken ct) =>
        ChangeAsync(name, "active", async n =>
        {
            await Accounts.Accounts.SetActiveAsync(db, n, active, ct);
            return active ? "återaktiverade kontot" : "inaktiverade kontot";
        }, ct);

    private async Task<IActionResult> ChangeAsync(string name, string what, Func<string, Task<string>> change, CancellationToken ct)
    {
        try
        {
            var done = await change(name);
            await HttpContext.AuditAsync(Audit.Audit.Actions.UserChange, $"user {name}", done);
            Message = $"{name}: {done}.";
        }
        catch (UserError e)
        {
            (Error, ErrorFor) = (e.Message, what == "add" ? "new" : name);
        }
        // The one-time password is in this answer only: no cache keeps it.
        Response.Headers.CacheControl = "no-store";
        await OnGetAsync(ct);
        return Page();
    }

    public static string Status(Accounts.Accounts.AccountRow u, DateTime now) =>
        !u.Active ? "Inaktiverat"
        : u.LockedUntil is { } until && until > now ? $"Låst till {Web.LocalTime.Format(until)}"
        : u.MustChangePassword ? "Aktivt, måste byta lösenord"
        : "Aktivt";
}
