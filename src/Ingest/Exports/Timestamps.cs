using System.Globalization;

namespace Survey.Ingest.Exports;

/// <summary>Submission times as survey tools write them; times without an offset are Swedish local time.</summary>
internal static class Timestamps
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd", "M/d/yyyy H:mm:ss", "M/d/yyyy H:mm", "M/d/yy H:mm:ss", "M/d/yy H:mm",
        "d.M.yyyy HH:mm:ss", "d.M.yyyy HH:mm", "yyyy/MM/dd HH:mm:ss",
    ];


    /// <summary>The time in UTC, or null when the text is empty or not a time we recognise (it is not an answer).</summary>
    public static DateTime? ParseUtc(string text)
    {
        text = text.Trim();
        if (text.Length == 0)
            return null;
        if (DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return ToUtc(local);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)
            && text.IndexOfAny(['+', 'Z', 'z']) > 0)
            return withOffset.UtcDateTime;
        return null;
    }

    // The offset changes only on the hour; a million submissions fall in a few hundred distinct hours.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<long, TimeSpan> Offsets = new();

    private static DateTime ToUtc(DateTime local)
    {
        // GetUtcOffset, unlike ConvertTimeToUtc, accepts the hour skipped in spring (it gives standard time).
        var offset = Offsets.GetOrAdd(local.Ticks / TimeSpan.TicksPerHour,
            hour => Stockholm.TimeZone.GetUtcOffset(new DateTime(hour * TimeSpan.TicksPerHour, DateTimeKind.Unspecified)));
        return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
    }
}
