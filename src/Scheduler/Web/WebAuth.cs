using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Scheduler.Accounts;

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
    }

    public static void ConfigureCookie(CookieAuthenticationOptions options)
    {
        options.LoginPath = "/Login";
        options.LogoutPath = "/Logout";
        options.AccessDeniedPath = "/Forbidden";
        options.Cookie.Name = "v16";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.SlidingExpiration = true;
        // The API answers 401/403 instead of sending a browser to the log-in page.
        options.Events.OnRedirectToLogin = context => Deny(context, StatusCodes.Status401Unauthorized);
        options.Events.OnRedirectToAccessDenied = context => Deny(context, StatusCodes.Status403Forbidden);
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
