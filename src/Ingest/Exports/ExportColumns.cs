using Survey.Ingest.Reading;

namespace Survey.Ingest.Exports;

/// <summary>
/// What each column of a survey export is: a question of the instrument, the respondent id, the submission time,
/// or ignored (unknown, or personal data that is never stored).
/// </summary>
internal sealed class ExportColumns
{
    // Most specific first: when an export has both "Svars-ID" and a plain row number "ID", the Svars-ID wins.
    private static readonly string[] IdHeaders =
    [
        "svars-id", "svarsid", "svars id", "svar-id", "svar id", "respondentid", "respondent-id", "respondent id",
        "response id", "responseid", "response-id", "svarsnummer", "löpnummer", "respondent", "id",
    ];

    private static readonly HashSet<string> SubmittedHeaders =
    [
        "inskickad", "inskickat", "inskickad tid", "sluttid", "slutförd", "slutford", "tid för slutförande",
        "submitted", "submitted at", "completion time", "svarsdatum", "besvarad",
    ];

    private static readonly HashSet<string> PersonalHeaders =
    [
        "e-post", "epost", "e-postadress", "epostadress", "email", "e-mail", "mail", "namn", "name", "förnamn",
        "efternamn", "fullständigt namn", "personnummer", "personnr", "person-nr", "pnr", "telefon", "mobil",
        "mobilnummer", "ip-adress", "ip address",
    ];

    public required Question?[] Questions { get; init; }
    public required string[] Header { get; init; }
    public int IdColumn { get; init; } = -1;
    public int SubmittedColumn { get; init; } = -1;
    public required List<string> Ignored { get; init; }

    public static int Recognise(Instrument instrument, IReadOnlyList<string> cells) =>
        cells.Select(Normalise.Header).Count(h => instrument.ByHeader.ContainsKey(h) || IsMeta(h));

    private static bool IsMeta(string h) => IdHeaders.Contains(h) || SubmittedHeaders.Contains(h) || PersonalHeaders.Contains(h);

    public static ExportColumns Map(Instrument instrument, IReadOnlyList<string> header)
    {
        var questions = new Question?[header.Count];
        var seen = new Dictionary<string, string>();
        var ignored = new List<string>();
        int idColumn = -1, idRank = int.MaxValue, submitted = -1;
        for (var i = 0; i < header.Count; i++)
        {
            var h = Normalise.Header(header[i]);
            if (instrument.ByHeader.TryGetValue(h, out var q))
            {
                if (seen.TryGetValue(q.Code, out var first))
                    throw new FileRejected($"Frågan {q.Code} finns i två kolumner: \"{first}\" och \"{header[i]}\".");
                seen[q.Code] = header[i];
                questions[i] = q;
            }
            else if (Array.IndexOf(IdHeaders, h) is var rank and >= 0)
            {
                if (rank >= idRank)
                {
                    ignored.Add(header[i]);
                    continue;
                }
                if (idColumn >= 0)
                    ignored.Add(header[idColumn]);
                (idColumn, idRank) = (i, rank);
            }
            else if (SubmittedHeaders.Contains(h) && submitted < 0)
                submitted = i;
            else if (h.Length > 0)
                ignored.Add(header[i]);
        }
        foreach (var required in new[] { "B_FORV", "B_ENHET" })
            if (!seen.ContainsKey(required))
            {
                var text = instrument.Questions.Single(q => q.Code == required).Text;
                throw new FileRejected($"Bakgrundskolumnen {text} ({required}) saknas. Den är obligatorisk.");
            }
        return new ExportColumns
        {
            Questions = questions, Header = [.. header], IdColumn = idColumn, SubmittedColumn = submitted,
            Ignored = ignored,
        };
    }
}
