namespace Survey;

/// <summary>The region's time zone: schedules, months and times without an offset are Stockholm time.</summary>
public static class Stockholm
{
    public static readonly TimeZoneInfo TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
}
