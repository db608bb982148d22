using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using Survey.Scheduler.Audit;
using Survey.Scheduler.Web;

namespace Survey.Scheduler.Pages;

/// <summary>A local account changes its own password; after a one-time password this is the only page it reaches.</summary>
public sealed class PasswordModel(NpgsqlDataSource db) : PageModel
{
    public string? Error { get; private set; }
    public bool OneTime => User.HasClaim(WebAuth.MustChangePassword, "true");

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Page() : Challenge();

    public async Task<IActionResult> OnPostAsync(string current, string next, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
            return Challenge();
        var name = User.Identity.Name!;
        try
        {
            await Accounts.Accounts.ChangePasswordAsync(db, name, current ?? "", next ?? "", ct);
        }
        catch (UserError e)
        {
            Error = e.Message;
            return Page();
        }
        await HttpContext.AuditAsync(Audit.Audit.Actions.UserChange, $"user {name}", "bytte sitt lösenord");
        var account = (await Accounts.Accounts.ListAsync(db, ct)).Single(a => a.Name == name);
        await WebAuth.SignInAsync(HttpContext, new Accounts.Accounts.Account(account.Name, account.Role));
        return Redirect("/");
    }
}
