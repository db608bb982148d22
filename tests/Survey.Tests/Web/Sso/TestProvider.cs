using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Survey.Tests.Web.Sso;

/// <summary>
/// A real OpenID Connect provider on loopback (OpenIddict's server, authorization code flow with PKCE required),
/// standing in for the region's Entra ID or ADFS. It knows one client, "survey", with a secret and the one redirect
/// URI the product registers, and signs in whoever the test names in <see cref="NextUser"/> without a page of its
/// own. <see cref="TamperWithIdentityToken"/> makes it hand out an id token whose claims were changed after signing,
/// as an attacker in the middle would.
/// </summary>
internal sealed class TestProvider : IAsyncDisposable
{
    public const string ClientId = "survey";
    public const string ClientSecret = "en-hemlighet-som-bara-testet-vet";

    private readonly WebApplication _app;

    private TestProvider(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The product's address; the provider accepts redirects back to it only.</summary>
    public Uri? Client { get; set; }

    /// <summary>Who the next authorization request signs in: the name and the groups in the id token.</summary>
    public (string Name, string[] Groups) NextUser { get; set; } = ("eva", []);

    public bool TamperWithIdentityToken { get; set; }

    /// <summary>How many times the product has ended a session here (RP-initiated sign-out).</summary>
    public int SignOuts { get; private set; }

    public static async Task<TestProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        TestProvider? provider = null;
        TestProvider Self() => provider ?? throw new InvalidOperationException("The provider has not started.");
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token")
                .SetEndSessionEndpointUris("connect/endsession");
            options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            options.RegisterScopes(Scopes.OpenId, Scopes.Profile);
            options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            options.DisableAccessTokenEncryption();
            // No store: the test validates the client itself and the authorization code is self-contained.
            options.EnableDegradedMode();
            options.UseAspNetCore().DisableTransportSecurityRequirement();

            options.AddEventHandler<ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                    context.Reject(Errors.InvalidClient, "Unknown client.");
                else if (context.RedirectUri != new Uri(Self().Client!, "/signin-oidc").ToString())
                    context.Reject(Errors.InvalidRequest, "Unregistered redirect_uri.");
                return default;
            }));
            options.AddEventHandler<HandleAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                var (name, groups) = Self().NextUser;
                var identity = new ClaimsIdentity("test-provider", Claims.Name, Claims.Role);
                identity.SetClaim(Claims.Subject, "sub-" + name).SetClaim(Claims.PreferredUsername, name);
                identity.SetClaims("groups", [.. groups]);
                var principal = new ClaimsPrincipal(identity);
                principal.SetScopes(context.Request.GetScopes());
                principal.SetDestinations(_ => [Destinations.IdentityToken]);
                context.SignIn(principal);
                return default;
            }));
            options.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.ClientSecret != ClientSecret)
                    context.Reject(Errors.InvalidClient, "Wrong client credentials.");
                return default;
            }));
            options.AddEventHandler<ApplyTokenResponseContext>(handler => handler.UseInlineHandler(context =>
            {
                if (Self().TamperWithIdentityToken && context.Response.IdToken is { } token)
                    context.Response.IdToken = WithGroups(token, "survey-admins");
                return default;
            }));
            options.AddEventHandler<ValidateEndSessionRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.PostLogoutRedirectUri is { } uri && !uri.StartsWith(Self().Client!.ToString().TrimEnd('/'), StringComparison.Ordinal))
                    context.Reject(Errors.InvalidRequest, "Unregistered post_logout_redirect_uri.");
                return default;
            }));
            options.AddEventHandler<HandleEndSessionRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                Self().SignOuts++;
                context.SignOut();
                return default;
            }));
        });
        var app = builder.Build();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider = new TestProvider(app, new Uri(address));
        return provider;
    }

    /// <summary>The same token with its payload's groups replaced and the original signature kept.</summary>
    private static string WithGroups(string jwt, string group)
    {
        var parts = jwt.Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url(parts[1]));
        var node = System.Text.Json.Nodes.JsonNode.Parse(payload)!.AsObject();
        node["groups"] = new System.Text.Json.Nodes.JsonArray(group);
        parts[1] = Convert.ToBase64String(Encoding.UTF8.GetBytes(node.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return string.Join('.', parts);
    }

    private static byte[] Base64Url(string text) =>
        Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/').PadRight(text.Length + (4 - text.Length % 4) % 4, '='));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
