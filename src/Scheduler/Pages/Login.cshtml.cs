using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Npgsql;
using Survey.Scheduler.Accounts;
using Survey.Scheduler.Audit;
using Survey.Scheduler.Hosting;
using Survey.Scheduler.Web;

namespace Survey.Scheduler.Pages;

public sealed class LoginModel(NpgsqlDataSource db, TimeProvider time, IOptions<SurveyOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sso { get; set; }
    public string? Error { get; private set; }
    public bool SingleSignOn => options.Value.Oidc.Enabled;
    public bool LocalAccounts => options.Value.Oidc.LocalAccounts;

    public void OnGet()
    {
        if (Sso == "failed")
            Error = "Inloggningen via organisationen misslyckades. Försök igen, eller kontakta " + options.Value.SupportContact + ".";
    }

    public async Task<IActionResult> OnPostAsync(string password, CancellationToken ct)
    {
        if (!LocalAccounts)
            return NotFound();
        var name = Name?.Trim() ?? "";
        var result = await Accounts.Accounts.SignInAsync(db, name, password ?? "", time.GetUtcNow(), ct);
        if (result.Account is { } account)
        {
            var oneTime = result.Outcome == Accounts.Accounts.SignInOutcome.MustChangePassword;
            await WebAuth.SignInAsync(HttpContext, account, oneTime);
            await HttpContext.AuditAsync(Audit.Audit.Actions.SignIn, $"user {account.Name}", oneTime ? "engångslösenord" : "lösenord", account.Name);
            return oneTime ? RedirectToPage("/Password") : LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }
        (Error, var why) = result.Outcome switch
        {
            Accounts.Accounts.SignInOutcome.Locked => ($"Kontot är låst i {Accounts.Accounts.LockoutMinutes} minuter efter " +
                $"{Accounts.Accounts.MaxFailedSignIns} misslyckade inloggningar i rad. Försök igen senare, eller be en administratör " +
                "återställa lösenordet.", "låst"),
            Accounts.Accounts.SignInOutcome.Inactive => ($"Kontot är inaktiverat. Kontakta {options.Value.SupportContact}.", "inaktiverat konto"),
            _ => ("Fel användarnamn eller lösenord.", "fel lösenord eller okänt konto"),
        };
        await HttpContext.AuditAsync(Audit.Audit.Actions.SignInFailed, $"user {name}", why, name);
        return Page();
    }
}
