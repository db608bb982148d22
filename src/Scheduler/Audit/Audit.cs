using Dapper;
using Npgsql;

namespace Survey.Scheduler.Audit;

/// <summary>
/// The audit log's one writer. A page or endpoint calls <c>await HttpContext.AuditAsync(Audit.Actions.Upload,
/// $"upload {id}", fileName)</c>; code without a request (the CLI, a job) calls <see cref="RecordAsync"/>.
/// A new kind of action gets a code and a Swedish label in <see cref="Actions"/>.
/// </summary>
internal static class Audit
{
    public static class Actions
    {
        public const string SignIn = "sign-in";
        public const string SignInFailed = "sign-in-failed";
        public const string SignOut = "sign-out";
        public const string Upload = "upload";
        public const string GoalChange = "goal-change";
        public const string WaveChange = "wave-change";
        public const string OrganisationChange = "organisation-change";
        public const string InstrumentChange = "instrument-change";
        public const string ReportOrder = "report-order";
        public const string ReportDownload = "report-download";
        public const string UserChange = "user-change";
        public const string ProfileChange = "profile-change";

        /// <summary>Every action with the label the audit page shows.</summary>
        public static readonly IReadOnlyDictionary<string, string> Swedish = new Dictionary<string, string>
        {
            [SignIn] = "Inloggning",
            [SignInFailed] = "Misslyckad inloggning",
            [SignOut] = "Utloggning",
            [Upload] = "Uppladdning",
            [GoalChange] = "Ändrat mål",
            [WaveChange] = "Ändrad mätning",
            [OrganisationChange] = "Ändrad organisation",
            [InstrumentChange] = "Ändrat frågeformulär",
            [ReportOrder] = "Beställd arbetsbok",
            [ReportDownload] = "Hämtad arbetsbok",
            [UserChange] = "Ändrat konto",
            [ProfileChange] = "Ändrad exportprofil",
        };

        public static string Label(string action) => Swedish.TryGetValue(action, out var label) ? label : action;
    }

    public static async Task RecordAsync(NpgsqlDataSource db, string? actor, string action, string? target, string? detail,
        string? address, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO audit_event (actor, action, target, detail, address) VALUES (@actor, @action, @target, @detail, @address)",
            new { actor, action, target, detail, address }, cancellationToken: ct));
    }

    /// <summary>
    /// Records an action by the signed-in user (or, for a sign-in, the named actor) from the request's address. Not
    /// cancelled with the request: what was done is logged even when the browser has gone.
    /// </summary>
    public static Task AuditAsync(this HttpContext http, string action, string? target = null, string? detail = null, string? actor = null) =>
        RecordAsync(http.RequestServices.GetRequiredService<NpgsqlDataSource>(), actor ?? http.User.Identity?.Name, action,
            target, detail, Address(http), CancellationToken.None);

    private static string? Address(HttpContext http) => http.Connection.RemoteIpAddress is { } ip
        ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString()
        : null;
}
