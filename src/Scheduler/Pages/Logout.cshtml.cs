using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Survey.Scheduler.Audit;
using Survey.Scheduler.Hosting;

namespace Survey.Scheduler.Pages;

public sealed class LogoutModel(IOptions<SurveyOptions> options) : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true)
            await HttpContext.AuditAsync(Audit.Audit.Actions.SignOut, $"user {User.Identity.Name}");
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        // A single sign-on session also ends at the identity provider, which then sends the browser back to log-in.
        if (options.Value.Oidc.Enabled && User.FindFirst(Web.Sso.ProviderClaim) is not null)
            return SignOut(new AuthenticationProperties { RedirectUri = "/Login" }, Web.Sso.Scheme);
        return Redirect("/Login");
    }
}
