using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Npgsql;
using Survey.Scheduler.Accounts;
using Survey.Scheduler.Audit;
using Survey.Scheduler.Hosting;

namespace Survey.Scheduler.Web;

/// <summary>
/// Single sign-on: OpenID Connect's authorization code flow with PKCE against the organisation's provider (Entra ID,
/// ADFS, Keycloak…). The provider's id token is validated by the handler (signature, issuer, audience, nonce); its
/// claims are then mapped to one of our roles, and the session is our own cookie, as for a local account.
/// </summary>
internal static class Sso
{
    public const string Scheme = "oidc";
    /// <summary>Marks a session that came from the provider, so that signing out also ends it there.</summary>
    public const string ProviderClaim = "sso";

    public static void AddSso(this AuthenticationBuilder auth, OidcOptions oidc)
    {
        if (!oidc.Enabled)
            return;
        auth.AddOpenIdConnect(Scheme, "Organisationens inloggning", o =>
        {
            o.Authority = oidc.Authority;
            o.ClientId = oidc.ClientId;
            o.ClientSecret = oidc.ClientSecret;
            o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            // The code comes back in the query of a top-level redirect, so Lax cookies (correlation, nonce) travel with it.
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            // Secure exactly when the session cookie is: behind the HTTPS proxy (forwarded headers) always.
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.SignedOutCallbackPath = "/signout-callback-oidc";
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.MapInboundClaims = false;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("profile");
            o.Events.OnTokenValidated = context => MapAsync(context, oidc);
            o.Events.OnRemoteFailure = FailedAsync;
        });
    }

    public static void MapSso(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/Login/Sso", (string? returnUrl, HttpContext http) =>
            Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl is { Length: > 0 } r && r.StartsWith('/') && !r.StartsWith("//") ? r : "/" },
                [Scheme])).AllowAnonymous();

    /// <summary>The highest role whose configured values the user's role claim holds, or null.</summary>
    public static string? RoleOf(ClaimsPrincipal user, OidcOptions oidc)
    {
        var values = user.FindAll(oidc.RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Roles.All.FirstOrDefault(role => oidc.Roles.TryGetValue(role, out var mapped) &&
            mapped.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Any(values.Contains));
    }

    private static async Task MapAsync(TokenValidatedContext context, OidcOptions oidc)
    {
        var provider = context.Principal!;
        var name = provider.FindFirst(oidc.NameClaim)?.Value ?? provider.FindFirst("sub")?.Value;
        var role = RoleOf(provider, oidc);
        var db = context.HttpContext.RequestServices.GetRequiredService<NpgsqlDataSource>();
        var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        var account = name is null || role is null ? null : await Accounts.Accounts.SignInFromProviderAsync(db, name, role, time.GetUtcNow(), CancellationToken.None);
        if (account is null)
        {
            await context.HttpContext.AuditAsync(Audit.Audit.Actions.SignInFailed, $"user {name}",
                role is null ? "organisationens inloggning: ingen roll" : "organisationens inloggning: kontot är inaktiverat eller lokalt", name);
            context.HandleResponse();
            context.Response.Redirect("/IngenBehorighet");
            return;
        }
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, account.Name), new Claim(ClaimTypes.Role, account.Role), new Claim(ProviderClaim, "oidc")],
            CookieAuthenticationDefaults.AuthenticationScheme));
        await context.HttpContext.AuditAsync(Audit.Audit.Actions.SignIn, $"user {account.Name}", "organisationens inloggning", account.Name);
    }

    /// <summary>A refused answer from the provider or a token that fails validation: logged, and the user sent back to log in.</summary>
    private static async Task FailedAsync(RemoteFailureContext context)
    {
        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Sso))
            .LogWarning(context.Failure, "Single sign-on failed");
        await context.HttpContext.AuditAsync(Audit.Audit.Actions.SignInFailed, null, "organisationens inloggning: " + context.Failure?.Message);
        context.HandleResponse();
        context.Response.Redirect("/Login?sso=failed");
    }
}
