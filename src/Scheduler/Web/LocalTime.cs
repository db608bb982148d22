using System.Globalization;

namespace Survey.Scheduler.Web;

/// <summary>Times as users read them: Stockholm time, minutes (the database holds UTC).</summary>
internal static class LocalTime
{
    public static string Format(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Stockholm.TimeZone)
            .ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Format(DateTime? utc) => utc is { } u ? Format(u) : "–";
}
