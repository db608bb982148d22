using System.Globalization;

namespace Survey.Ingest.Exports;

/// <summary>Submission times as survey tools write them; times without an offset are Swedish local time.</summary>
internal static class Timestamps
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd", "M/d/yyyy H:mm:ss", "M/d/yyyy H:mm", "M/d/yy H:mm:ss", "M/d/yy H:mm",
        "d.M.yyyy HH:mm:ss", "d.M.yyyy HH:mm", "yyyy/MM/dd HH:mm:ss", "M/d/yyyy h:mm:ss tt", "M/d/yyyy h:mm tt",
    ];

    public const string Invalid =
        "Ogiltig tidpunkt: ska vara ett datum och en tid som finns, mellan år 1900 och 2999 (t.ex. 2021-04-25 20:31).";

    /// <summary>
    /// The time in UTC (null for an empty field); false when the text is not a time that exists (2021-02-30,
    /// 25:61:61, "igår") or lies outside 1900–2999, where no survey was answered (0001-01-01 is a tool's "no time").
    /// </summary>
    public static bool TryParseUtc(string text, out DateTime? utc)
    {
        utc = null;
        text = text.Trim();
        if (text.Length == 0)
            return true;
        if (TryParseIso(text, out var iso) || DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out iso))
            utc = Plausible(iso) ? ToUtc(iso) : null;
        else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)
                 && text.IndexOfAny(['+', 'Z', 'z']) > 0 && Plausible(withOffset.DateTime))
            utc = withOffset.UtcDateTime;
        return utc is not null;
    }

    private static bool Plausible(DateTime time) => time.Year is >= 1900 and <= 2999;

    /// <summary>
    /// "yyyy-MM-dd HH:mm:ss" and "yyyy-MM-ddTHH:mm" (the common shapes) without the general parser, which costs more
    /// than the rest of a row; anything else goes to it.
    /// </summary>
    private static bool TryParseIso(ReadOnlySpan<char> s, out DateTime value)
    {
        value = default;
        if (s.Length is not (16 or 19) || s[4] != '-' || s[7] != '-' || s[10] is not (' ' or 'T') || s[13] != ':'
            || (s.Length == 19 && s[16] != ':'))
            return false;
        int year = Digits(s[..4]), month = Digits(s[5..7]), day = Digits(s[8..10]), hour = Digits(s[11..13]),
            minute = Digits(s[14..16]), second = s.Length == 19 ? Digits(s[17..]) : 0;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59)
            return false;
        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return true;
    }

    /// <summary>The number the digits spell, or negative when one is not a digit.</summary>
    private static int Digits(ReadOnlySpan<char> digits)
    {
        var n = 0;
        foreach (var c in digits)
            n = c is >= '0' and <= '9' ? n * 10 + (c - '0') : -1_000_000;
        return n;
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
