using Survey.Ingest.Reading;

namespace Survey.Ingest.Exports;

/// <summary>How many rows of an upload were left out, and why (Swedish, as the upload result shows it).</summary>
internal sealed record LeftOut(string Reason, int Rows);

/// <summary>
/// Rows of an export that the tool itself marks as no respondent: Qualtrics' Status (response type) says a preview,
/// a test or spam; Finished = 0 (False) is a response that Qualtrics recorded when the respondent left it unfinished,
/// as is a LimeSurvey response without a submitdate; a response status (SurveyMonkey's API writes response_status)
/// says partial, over quota or disqualified. SurveyMonkey's own CSV/XLSX export has no such column: it holds
/// partial responses unless they are filtered out when exporting, and nothing in the file tells them apart.
/// Such a row is left out: not stored, not counted as a respondent, and the upload result says how many and why.
/// </summary>
internal static class LeftOutRows
{
    public const string Preview = "förhandsgranskning eller test i enkätverktyget (Status)";
    public const string Spam = "skräppost enligt enkätverktyget (Status)";
    public const string Unfinished = "ofullständigt svar (Finished = 0, eller ingen submitdate)";
    public const string Partial = "ofullständigt svar enligt enkätverktygets svarsstatus";
    public const string ScreenedOut = "utesluten av enkätverktyget (svarsstatus: kvoten full eller diskvalificerad)";

    /// <summary>Null for a respondent; otherwise why the row is left out.</summary>
    /// <param name="submitDate">LimeSurvey's submitdate, where the export has one (null otherwise).</param>
    public static string? Reason(string? status, string? finished, string? submitDate)
    {
        var s = status is null ? "" : Normalise.Label(status);
        // Qualtrics' numeric response types: 0 IP address, 1 preview, 2 test, 4 imported, 8 spam, 9 preview spam,
        // 12 imported spam, 16 offline, 17 offline preview.
        if (s is "8" or "9" or "12" || s.Contains("spam", StringComparison.Ordinal) || s.Contains("skräppost", StringComparison.Ordinal))
            return Spam;
        if (s is "1" or "2" or "17" || s.Contains("preview", StringComparison.Ordinal) || s.Contains("förhandsgransk", StringComparison.Ordinal)
            || s.Contains("survey test", StringComparison.Ordinal) || s.Contains("enkättest", StringComparison.Ordinal))
            return Preview;
        // SurveyMonkey's response_status (partial, overquota, disqualified; completed is a respondent), and the same
        // words in Swedish.
        if (s is "partial" or "incomplete" or "in progress" or "delvis" or "ofullständig" or "ofullständigt" or "påbörjad")
            return Partial;
        if (s is "overquota" or "over quota" or "disqualified" or "screened out" or "diskvalificerad" or "utesluten")
            return ScreenedOut;
        if (finished is not null && Normalise.Label(finished) is "0" or "false" or "falskt" or "nej" or "no")
            return Unfinished;
        return submitDate is not null && submitDate.Trim().Length == 0 ? Unfinished : null;
    }
}
