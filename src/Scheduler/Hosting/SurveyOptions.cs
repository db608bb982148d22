namespace Survey.Scheduler.Hosting;

/// <summary>The Survey configuration section (appsettings.json, Survey__* environment variables).</summary>
public sealed class SurveyOptions
{
    public const string Section = "Survey";

    public string? DataDir { get; set; }

    /// <summary>Uploads larger than this are refused before they are read.</summary>
    public long MaxUploadBytes { get; set; } = Survey.Ingest.Uploads.UploadLimits.DefaultMaxBytes;

    /// <summary>Monthly board report for the previous month: the 1st of each month, 05:00 Stockholm time.</summary>
    public string BoardReportCron { get; set; } = "0 5 1 * *";

    public string InboxCron { get; set; } = "* * * * *";

    public int WorkerCount { get; set; } = 2;

    /// <summary>How long audit rows are kept (GDPR: no longer than needed); pruned daily at 03:30.</summary>
    public int AuditRetentionDays { get; set; } = 730;

    /// <summary>Whom users ask for access or report a problem to, as Swedish text (a name, an address, a unit).</summary>
    public string SupportContact { get; set; } = "tjänstens förvaltare på HR-avdelningen";

    /// <summary>Single sign-on with the organisation's OpenID Connect provider (Survey:Oidc:*).</summary>
    public OidcOptions Oidc { get; set; } = new();

    public static SurveyOptions From(IConfiguration config) =>
        config.GetSection(Section).Get<SurveyOptions>() ?? new SurveyOptions();

    public string ResolvedDataDir => DataDir is { Length: > 0 } dir ? dir : Database.EmbeddedPostgres.DefaultDataDir();
    public string InboxDir => Path.Combine(ResolvedDataDir, "inbox");
}

/// <summary>
/// OpenID Connect sign-in, on when Authority, ClientId and ClientSecret are set. Roles come from the claim RoleClaim
/// (e.g. "groups" or "roles"): Roles:admin, Roles:analyst and Roles:board each list the claim values, comma-separated,
/// that give that role; the highest one found wins, and a user with none sees whom to ask.
/// </summary>
public sealed class OidcOptions
{
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string RoleClaim { get; set; } = "groups";
    public string NameClaim { get; set; } = "preferred_username";
    public Dictionary<string, string> Roles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Local accounts beside single sign-on (false: the organisation's sign-in only).</summary>
    public bool LocalAccounts { get; set; } = true;

    /// <summary>Only for a provider on loopback in tests: metadata over plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => Authority is { Length: > 0 } && ClientId is { Length: > 0 } && ClientSecret is { Length: > 0 };
}
