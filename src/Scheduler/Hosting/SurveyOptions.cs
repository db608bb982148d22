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

    /// <summary>Whom users ask for access or report a problem to, as Swedish text (a name, an address, a unit).</summary>
    public string SupportContact { get; set; } = "tjänstens förvaltare på HR-avdelningen";

    public static SurveyOptions From(IConfiguration config) =>
        config.GetSection(Section).Get<SurveyOptions>() ?? new SurveyOptions();

    public string ResolvedDataDir => DataDir is { Length: > 0 } dir ? dir : Database.EmbeddedPostgres.DefaultDataDir();
    public string InboxDir => Path.Combine(ResolvedDataDir, "inbox");
}
