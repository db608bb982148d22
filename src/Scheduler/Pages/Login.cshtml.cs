using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Survey.Scheduler.Pages;

public sealed class LoginModel(NpgsqlDataSource db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string? Name { get; set; }
    public bool Failed { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(string password, CancellationToken ct)
    {
        var account = await Accounts.Accounts.VerifyAsync(db, Name?.Trim() ?? "", password ?? "", ct);
        if (account is null)
        {
            Failed = true;
            return Page();
        }
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, account.Name), new Claim(ClaimTypes.Role, account.Role)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
