using Survey.Ingest.Reading;

namespace Survey.Ingest.Exports;

internal enum MetaRole
{
    None,

    /// <summary>Identifies a response across re-uploads.</summary>
    Id,

    /// <summary>When the response was submitted.</summary>
    Submitted,

    /// <summary>Personal data (e-mail, names, IP address, position): never read, never stored.</summary>
    Personal,

    /// <summary>A tool's bookkeeping (start time, progress, collector, language): ignored.</summary>
    Bookkeeping,

    /// <summary>Qualtrics' response type (Status), or a response status (SurveyMonkey's response_status): a preview,
    /// test or spam response, a partial one, or one the tool screened out is no respondent.</summary>
    ResponseType,

    /// <summary>Qualtrics' Finished: a response recorded before it was finished is no respondent.</summary>
    Finished,
}

/// <summary>
/// The columns survey tools add around the answers, by their normalised headers (Swedish and English, as Google
/// Forms, Microsoft Forms, SurveyMonkey, Qualtrics, LimeSurvey, Netigate, Questback, Enalyzer, esMaker and Webropol
/// name them).
/// </summary>
internal static class MetaColumns
{
    // Most specific first: when an export has both "Svars-ID" and a plain row number "ID", the Svars-ID wins.
    private static readonly string[] IdHeaders =
    [
        "svars-id", "svarsid", "svars id", "svar-id", "svar id", "respondentid", "respondent-id", "respondent id",
        "responseid", "response id", "response-id", "svarsnummer", "löpnummer", "respondent", "id",
    ];

    // Most specific first as well: Qualtrics has both EndDate and RecordedDate, SurveyMonkey Start and End Date.
    private static readonly string[] SubmittedHeaders =
    [
        "inskickad", "inskickat", "inskickad tid", "sluttid", "slutförd", "slutford", "tid för slutförande",
        "slutförandetid", "submitted", "submitted at", "date submitted", "completion time", "svarsdatum", "besvarad",
        "tidstämpel", "tidsstämpel", "timestamp", "submitdate", "enddate", "end date", "recordeddate", "recorded date", "slutdatum",
    ];

    private static readonly HashSet<string> PersonalHeaders =
    [
        "e-post", "epost", "e-postadress", "epostadress", "email", "e-mail", "mail", "email address", "emailaddress",
        "e-mail address", "recipientemail", "recipient email", "namn", "name", "förnamn", "efternamn",
        "fullständigt namn", "first name", "last name", "firstname", "lastname", "recipientfirstname",
        "recipientlastname", "recipient first name", "recipient last name", "personnummer", "personnr", "person-nr",
        "pnr", "telefon", "mobil", "mobilnummer", "ip-adress", "ip address", "ipaddress", "ipadress",
        "locationlatitude", "locationlongitude", "location latitude", "location longitude", "externalreference",
        "external data reference", "externaldatareference", "external reference", "custom data", "custom data 1",
        "custom data 2", "custom data 3", "anpassade data", "token", "åtkomstkod", "refurl", "referrer url",
    ];

    private static readonly HashSet<string> BookkeepingHeaders =
    [
        "starttid", "start time", "startdate", "start date", "startdatum", "startad", "progress",
        "förlopp", "duration (in seconds)", "duration", "distributionchannel",
        "distribution channel", "userlanguage", "user language", "språk", "language", "collector id", "collectorid",
        "senaste ändringstid", "tid för senaste ändring", "last modified time", "poäng", "score", "total score",
        "responseset", "response set", "datum senast ändrad", "lastpage", "last page", "senaste sida", "startlanguage",
        "start language", "seed", "datestamp", "date last action", "datum för senaste åtgärd",
        "svarstid", "tid", "kanal", "insamlare",
    ];

    // Qualtrics' Status (its response type), and a response's status as SurveyMonkey's API names it
    // (response_status: completed, partial, overquota, disqualified) and tools that export one.
    private static readonly HashSet<string> ResponseTypeHeaders =
    [
        "status", "response type", "responsetype", "svarstyp", "response_status", "response status", "responsestatus",
        "svarsstatus", "slutförandestatus",
    ];

    public static MetaRole Role(string header)
    {
        var h = Normalise.Header(header);
        // LimeSurvey's "code. text" headings: "id. Svars-ID", "submitdate. Datum inskickat".
        if (h.IndexOf(". ", StringComparison.Ordinal) is var dot and > 0 && !h[..dot].Contains(' ')
            && Role(h[..dot]) is var coded and not MetaRole.None)
            return coded;
        if (Array.IndexOf(IdHeaders, h) >= 0)
            return MetaRole.Id;
        if (Array.IndexOf(SubmittedHeaders, h) >= 0)
            return MetaRole.Submitted;
        if (ResponseTypeHeaders.Contains(h))
            return MetaRole.ResponseType;
        if (h is "finished" or "slutförd (ja/nej)")
            return MetaRole.Finished;
        if (PersonalHeaders.Contains(h) || h.StartsWith("custom data", StringComparison.Ordinal))
            return MetaRole.Personal;
        return BookkeepingHeaders.Contains(h) ? MetaRole.Bookkeeping : MetaRole.None;
    }

    /// <summary>A LimeSurvey "code. text" heading's code ("submitdate"), or the normalised heading.</summary>
    public static string Code(string header)
    {
        var h = Normalise.Header(header);
        return h.IndexOf(". ", StringComparison.Ordinal) is var dot and > 0 && !h[..dot].Contains(' ') ? h[..dot] : h;
    }

    /// <summary>Lower is more specific: the column that identifies or dates the response when several could.</summary>
    public static int Rank(string header, MetaRole role) => role switch
    {
        MetaRole.Id => Array.IndexOf(IdHeaders, Code(header)),
        MetaRole.Submitted => Array.IndexOf(SubmittedHeaders, Code(header)),
        _ => int.MaxValue,
    };
}
