using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Scheduler.Accounts;
using Account = Survey.Scheduler.Accounts.Accounts.Account;

namespace Survey.Scheduler.Web;

/// <summary>
/// Who may see what. Roles nest: board sees the goal table and board reports; analyst also orders analyst
/// workbooks; admin also uploads, edits targets and sees the Hangfire dashboard. Anonymous users see only log-in.
/// </summary>
internal static class WebAuth
{
    public const string BoardPolicy = "board";
    public const string AnalystPolicy = "analyst";
    public const string AdminPolicy = "admin";

    public static void ConfigurePolicies(AuthorizationOptions options)
    {
        options.AddPolicy(BoardPolicy, p => p.RequireRole(Roles.Board, Roles.Analyst, Roles.Admin));
        options.AddPolicy(AnalystPolicy, p => p.RequireRole(Roles.Analyst, Roles.Admin));
        options.AddPolicy(AdminPolicy, p => p.RequireRole(Roles.Admin));
        // Anything not explicitly opened needs a logged-in user.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }

    public static void ConfigurePages(RazorPagesOptions options)
    {
        options.Conventions.AuthorizeFolder("/", BoardPolicy);
        options.Conventions.AuthorizeFolder("/Analyst", AnalystPolicy);
        options.Conventions.AuthorizeFolder("/Admin", AdminPolicy);
        options.Conventions.AllowAnonymousToPage("/Login");
        options.Conventions.AllowAnonymousToPage("/Error");
        options.Conventions.AllowAnonymousToPage("/Tillganglighet");
        options.Conventions.AllowAnonymousToPage("/IngenBehorighet");
        options.Conventions.AllowAnonymousToPage("/Password"); // any signed-in user, role or not: the page checks
        options.Conventions.AllowAnonymousToPage("/Logout");
    }

    /// <summary>A claim on a session whose one-time password must be changed: it has no role until then.</summary>
    public const string MustChangePassword = "must-change-password";

    /// <summary>Signs the account in with a cookie; with a one-time password, only to change it.</summary>
    public static Task SignInAsync(HttpContext http, Account account, bool mustChangePassword = false)
    {
        Claim[] claims = mustChangePassword
            ? [new(ClaimTypes.Name, account.Name), new(MustChangePassword, "true")]
            : [new(ClaimTypes.Name, account.Name), new(ClaimTypes.Role, account.Role)];
        return http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme)));
    }

    public static void ConfigureCookie(CookieAuthenticationOptions options, bool singleSignOn)
    {
        options.LoginPath = "/Login";
        options.LogoutPath = "/Logout";
        options.AccessDeniedPath = "/Forbidden";
        options.Cookie.Name = "v16";
        options.Cookie.HttpOnly = true;
        // Strict would drop the session on the redirect back from the identity provider (a cross-site navigation);
        // forms are protected by anti-forgery tokens either way.
        options.Cookie.SameSite = singleSignOn ? SameSiteMode.Lax : SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.SlidingExpiration = true;
        options.Events.OnValidatePrincipal = RecheckAccountAsync;
        // The API answers 401/403 instead of sending a browser to the log-in page.
        options.Events.OnRedirectToLogin = context => Deny(context, StatusCodes.Status401Unauthorized);
        options.Events.OnRedirectToAccessDenied = context => Deny(context, StatusCodes.Status403Forbidden);
    }

    /// <summary>
    /// A deactivated account loses its session at its next request, and a changed role applies at once: the cookie
    /// is checked against the account row on every request (one primary-key lookup).
    /// </summary>
    private sealed record AccountState(string Role, bool Active);

    private static async Task RecheckAccountAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.Identity?.Name is not { } name)
            return;
        var db = context.HttpContext.RequestServices.GetRequiredService<Npgsql.NpgsqlDataSource>();
        await using var connection = await db.OpenConnectionAsync(context.HttpContext.RequestAborted);
        var account = await Dapper.SqlMapper.QuerySingleOrDefaultAsync<AccountState>(connection,
            "SELECT role, active FROM app_user WHERE name = @name", new { name });
        if (account is not { Active: true })
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        var role = context.Principal.FindFirst(ClaimTypes.Role)?.Value;
        if (role is not null && role != account.Role)
        {
            var identity = new ClaimsIdentity(context.Principal.Claims.Where(c => c.Type != ClaimTypes.Role)
                .Append(new Claim(ClaimTypes.Role, account.Role)), CookieAuthenticationDefaults.AuthenticationScheme);
            context.ReplacePrincipal(new ClaimsPrincipal(identity));
            context.ShouldRenew = true;
        }
    }

    private static Task Deny(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
            context.Response.StatusCode = status;
        else
            context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
