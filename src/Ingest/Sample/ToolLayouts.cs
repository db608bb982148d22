using System.Globalization;
using System.Text;
using Survey.Ingest.Exports;

namespace Survey.Ingest.Sample;

/// <summary>One column of a tool's export: its header cells (one per header row) and its value for a respondent.</summary>
internal sealed record ToolColumn(string[] Headings, Func<SampleRow, object?> Value);

/// <summary>
/// Exports laid out as the survey tools document them, for the same generated respondents as every other shape:
/// <list type="bullet">
/// <item>SurveyMonkey ("All responses data", expanded CSV): two header rows: the question in row 1 (blank over the
/// second and later columns of a multi-column question), "Response" / "Open-Ended Response" / the statement or
/// "Other (please specify)" in row 2; Respondent ID, Collector ID, Start/End Date (US format), IP Address, Email
/// Address, First/Last Name, Custom Data 1 before the questions.</item>
/// <item>Qualtrics (CSV/TSV, choice text): three header rows: internal ids (StartDate, ..., QID1, QID14_1), the
/// question texts (a matrix statement as "Fråga - Påstående"), then {"ImportId":...}; the TSV is UTF-16. The
/// legacy export has two rows: V1-V10/Q1... over the texts.</item>
/// <item>LimeSurvey ("Question code &amp; question text" headings, full answers): "BFORV. Förvaltning" (codes may not
/// contain "_"), a matrix as "A[SQ001]. Fråga [Påstående]"; id, submitdate, lastpage, startlanguage, seed.</item>
/// <item>Google Forms (responses sheet as CSV): Tidstämpel, E-postadress, question texts, a grid as "Fråga [Rad]".</item>
/// </list>
/// Sources we could name: SurveyMonkey's metadata columns as public importers of its CSV list them (expectedparrot/edsl
/// SURVEY_MONKEY_HEADERS; its API documents response_status, which the CSV does not carry); Qualtrics' header rows as
/// its help page "Understanding Your Response Dataset" and rOpenSci's qualtRics (which drops the rows under the first)
/// describe them; Enalyzer below. Netigate, Questback/Essentials, esMaker, Webropol and Artologik Survey&amp;Report
/// publish no description of their response files that we could find, so they have no shape here (see the README).
/// </summary>
internal static class ToolLayouts
{
    public const string MatrixStem = "Hur väl stämmer följande påståenden om ditt arbete på distans?";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static (Encoding Encoding, char Separator) Format(SampleShape shape) => shape switch
    {
        SampleShape.SurveyMonkey => (new UTF8Encoding(true), ','),
        SampleShape.QualtricsTsv => (new UnicodeEncoding(false, true), '\t'),
        SampleShape.Qualtrics or SampleShape.QualtricsLegacy or SampleShape.QualtricsNumeric => (new UTF8Encoding(true), ','),
        SampleShape.Enalyzer => (new UTF8Encoding(true), ';'),
        _ => (new UTF8Encoding(false), ','),
    };

    /// <summary>The rows that are no respondent which the tool keeps among the others: Qualtrics the administrator's
    /// preview and a response left unfinished (Status, Finished), LimeSurvey a response never submitted.</summary>
    public static (bool Preview, bool Unfinished)[] ExtraRows(SampleShape shape) => shape switch
    {
        SampleShape.Qualtrics or SampleShape.QualtricsTsv or SampleShape.QualtricsLegacy or SampleShape.QualtricsNumeric =>
            [(true, false), (false, true)],
        SampleShape.LimeSurvey => [(false, true)],
        _ => [],
    };

    public static List<ToolColumn> Columns(UploadVocabulary instrument, SampleShape shape) => shape switch
    {
        SampleShape.SurveyMonkey => SurveyMonkey(instrument),
        SampleShape.Qualtrics or SampleShape.QualtricsTsv => Qualtrics(instrument, legacy: false, numeric: false),
        SampleShape.QualtricsLegacy => Qualtrics(instrument, legacy: true, numeric: false),
        SampleShape.QualtricsNumeric => Qualtrics(instrument, legacy: false, numeric: true),
        SampleShape.LimeSurvey => LimeSurvey(instrument),
        SampleShape.GoogleForms => GoogleForms(instrument),
        SampleShape.Enalyzer => Enalyzer(instrument),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    private static List<ToolColumn> SurveyMonkey(UploadVocabulary instrument)
    {
        List<ToolColumn> columns =
        [
            new(["Respondent ID", ""], r => (11_400_000_000m + r.Id).ToString(Invariant)),
            new(["Collector ID", ""], _ => "431234567"),
            new(["Start Date", ""], r => r.Submitted.AddMinutes(-4).ToString("MM/dd/yyyy hh:mm:ss tt", Invariant)),
            new(["End Date", ""], r => r.Submitted.ToString("MM/dd/yyyy hh:mm:ss tt", Invariant)),
            new(["IP Address", ""], r => $"10.16.{r.Id / 250}.{r.Id % 250}"),
            new(["Email Address", ""], Email),
            new(["First Name", ""], r => $"Förnamn{r.Id}"),
            new(["Last Name", ""], _ => "Medarbetare"),
            new(["Custom Data 1", ""], _ => ""),
        ];
        var first = true;
        foreach (var q in instrument.Questions)
        {
            if (q.Kind == "likert")
            {
                columns.Add(new([first ? MatrixStem : "", q.Text], r => Label(instrument, q, r)));
                first = false;
                continue;
            }
            columns.Add(new([q.Text, q.Kind == "text" ? "Open-Ended Response" : "Response"], r => Label(instrument, q, r)));
            if (q.Code == "B_HEMKOMMUN")
                columns.Add(new(["", "Other (please specify)"], _ => ""));
        }
        return columns;
    }

    private static List<ToolColumn> Qualtrics(UploadVocabulary instrument, bool legacy, bool numeric)
    {
        string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", Invariant);
        List<ToolColumn> columns = legacy
            ?
            [
                new(["V1", "ResponseID"], QualtricsId),
                new(["V2", "ResponseSet"], _ => "Default Response Set"),
                new(["V3", "Name"], _ => "Anonymous"),
                new(["V4", "ExternalDataReference"], _ => ""),
                new(["V5", "EmailAddress"], Email),
                new(["V6", "IPAddress"], r => $"10.16.{r.Id / 250}.{r.Id % 250}"),
                new(["V7", "Status"], r => r.Preview ? "1" : "0"),
                new(["V8", "StartDate"], r => Time(r.Submitted.AddMinutes(-4))),
                new(["V9", "EndDate"], r => Time(r.Submitted)),
                new(["V10", "Finished"], r => r.Unfinished ? "0" : "1"),
            ]
            :
            [
                Meta("StartDate", "Start Date", "startDate", r => Time(r.Submitted.AddMinutes(-4))),
                Meta("EndDate", "End Date", "endDate", r => Time(r.Submitted)),
                Meta("Status", "Response Type", "status", r => numeric ? (r.Preview ? "1" : "0") : r.Preview ? "Survey Preview" : "IP Address"),
                Meta("IPAddress", "IP Address", "ipAddress", r => $"10.16.{r.Id / 250}.{r.Id % 250}"),
                Meta("Progress", "Progress", "progress", r => r.Unfinished ? "57" : "100"),
                Meta("Duration (in seconds)", "Duration (in seconds)", "duration", _ => "240"),
                Meta("Finished", "Finished", "finished", r => numeric ? (r.Unfinished ? "0" : "1") : r.Unfinished ? "False" : "True"),
                Meta("RecordedDate", "Recorded Date", "recordedDate", r => Time(r.Submitted)),
                Meta("ResponseId", "Response ID", "_recordId", QualtricsId),
                Meta("RecipientLastName", "Recipient Last Name", "recipientLastName", _ => ""),
                Meta("RecipientFirstName", "Recipient First Name", "recipientFirstName", _ => ""),
                Meta("RecipientEmail", "Recipient Email", "recipientEmail", Email),
                Meta("ExternalReference", "External Data Reference", "externalDataReference", _ => ""),
                Meta("LocationLatitude", "Location Latitude", "locationLatitude", _ => "63.1792"),
                Meta("LocationLongitude", "Location Longitude", "locationLongitude", _ => "14.6357"),
                Meta("DistributionChannel", "Distribution Channel", "distributionChannel", _ => "anonymous"),
                Meta("UserLanguage", "User Language", "userLanguage", _ => "SV"),
            ];
        var number = 0;
        var statement = 0;
        int? matrix = null;
        foreach (var q in instrument.Questions)
        {
            string id;
            string text;
            if (q.Kind == "likert")
            {
                matrix ??= ++number;
                id = $"QID{matrix}_{++statement}";
                text = $"{MatrixStem} - {q.Text}";
            }
            else
            {
                id = q.Kind == "text" ? $"QID{++number}_TEXT" : $"QID{++number}";
                text = q.Text;
            }
            var exportTag = legacy ? id.Replace("QID", "Q") : id;
            columns.Add(new(legacy ? [exportTag, text] : [exportTag, text, $"{{\"ImportId\":\"{id}\"}}"],
                numeric ? r => Recode(instrument, q, r) : r => Label(instrument, q, r)));
        }
        return columns;

        static ToolColumn Meta(string id, string text, string importId, Func<SampleRow, object?> value) =>
            new([id, text, importId is "startDate" or "endDate" or "recordedDate"
                ? $"{{\"ImportId\":\"{importId}\",\"timeZone\":\"Europe/Stockholm\"}}"
                : $"{{\"ImportId\":\"{importId}\"}}"], value);
    }

    private static List<ToolColumn> LimeSurvey(UploadVocabulary instrument)
    {
        List<ToolColumn> columns =
        [
            new(["id. Svars-ID"], r => r.Id.ToString(Invariant)),
            new(["submitdate. Datum inskickat"], r => r.Unfinished ? "" : r.Submitted.ToString("yyyy-MM-dd HH:mm:ss", Invariant)),
            new(["lastpage. Sista sidan"], r => r.Unfinished ? "2" : "4"),
            new(["startlanguage. Startspråk"], _ => "sv"),
            new(["seed. Seed"], r => (1_000_000 + r.Id * 7919 % 999_983).ToString(Invariant)),
        ];
        var statement = 0;
        foreach (var q in instrument.Questions)
            columns.Add(new([q.Kind == "likert"
                ? $"A[SQ{++statement:000}]. {MatrixStem} [{q.Text}]"
                : $"{q.Code.Replace("_", "")}. {q.Text}"], r => Label(instrument, q, r)));
        return columns;
    }

    private static List<ToolColumn> GoogleForms(UploadVocabulary instrument)
    {
        List<ToolColumn> columns =
        [
            new(["Tidstämpel"], r => r.Submitted.ToString("yyyy-MM-dd HH:mm:ss", Invariant)),
            new(["E-postadress"], Email),
        ];
        foreach (var q in instrument.Questions)
            columns.Add(new([q.Kind == "likert" ? $"{MatrixStem} [{q.Text}]" : q.Text], r => Label(instrument, q, r)));
        return columns;
    }

    /// <summary>
    /// Enalyzer's response data with its default data formats: background variables as text, single-choice questions
    /// and rating scales as label numbers, the position of the chosen answer in the question's list (so "Vet ej / Ej
    /// aktuellt" after the six steps is 7, and D_DAGAR's 0, 0,5 … 5 are 1 … 11), open answers as text, numeric
    /// questions as values. Sources: Enalyzer's help centre, "Ladda ner Svarsdata"
    /// (helpcenter.enalyzer.com/hc/sv/articles/360016753759: the formats Text, Värde, Etikettnummer and each type's
    /// default) and "Importer svar" (helpcenter.enalyzer.com/hc/no/articles/360010981559: the same CSV layout, one
    /// column per single-choice question holding the label number, "1" the first option, UTF-8). Neither names the
    /// metadata columns (respondent id, time); those below are our guess, and any other name is listed as ignored.
    /// </summary>
    private static List<ToolColumn> Enalyzer(UploadVocabulary instrument)
    {
        List<ToolColumn> columns =
        [
            new(["Respondent-ID"], r => (500_000 + r.Id).ToString(Invariant)),
            new(["Svarsdatum"], r => r.Submitted.ToString("yyyy-MM-dd HH:mm", Invariant)),
            new(["E-post"], Email),
        ];
        foreach (var q in instrument.Questions)
            columns.Add(new([q.Text], q.Code.StartsWith("B_", StringComparison.Ordinal) || q.Kind is "text" or "unit"
                ? r => Label(instrument, q, r)
                : r => LabelNumber(instrument, q, r)));
        return columns;
    }

    /// <summary>An answer's label number: its position (from 1) in the question's list of answers.</summary>
    public static object? LabelNumber(UploadVocabulary instrument, Question q, SampleRow row)
    {
        if (row.Answers.GetValueOrDefault(q.Code) is not { } answer)
            return null;
        if (q.Kind == "number" && !Exports.LabelNumbers.IsList(q))
            return answer;
        var position = q.Kind == "number"
            ? (int)((answer - q.MinValue!.Value) / q.Step!.Value) + 1
            : instrument.Labels[q.Code].Keys.ToList().IndexOf((short)answer) + 1;
        return position.ToString(Invariant);
    }

    private static string Email(SampleRow row) => $"medarbetare{row.Id}@regionjh.se";

    private static string QualtricsId(SampleRow row) => $"R_{row.Id:x6}Vq3Lm";

    /// <summary>
    /// Qualtrics' numeric values ("Export values" rather than choice text): each choice's recode, by default its
    /// position in the question's list (1, 2, ...), so "Vet ej / Ej aktuellt" after the six steps is 7 and Östersund,
    /// listed eighth, is 8. Their meaning is in the survey's codebook, not in the file.
    /// </summary>
    public static object? Recode(UploadVocabulary instrument, Question q, SampleRow row)
    {
        var answer = row.Answers.GetValueOrDefault(q.Code);
        return q.Kind switch
        {
            "administration" => (instrument.Administrations.ToList().IndexOf(row.Unit.Administration) + 1).ToString(Invariant),
            "choice" or "likert" when answer is not null =>
                (instrument.Labels[q.Code].Keys.ToList().IndexOf((short)answer.Value) + 1).ToString(Invariant),
            _ => Label(instrument, q, row),
        };
    }

    /// <summary>A value as these tools export it by default: the option's label (choice text), numbers as typed.</summary>
    public static object? Label(UploadVocabulary instrument, Question q, SampleRow row)
    {
        var answer = row.Answers.GetValueOrDefault(q.Code);
        return q.Kind switch
        {
            "unit" => row.Unit.Code,
            "text" => row.FreeText.GetValueOrDefault(q.Code),
            "administration" => row.Unit.Administration.Name,
            _ when answer is null => null,
            "number" => answer,
            _ => instrument.Labels[q.Code][(short)answer.Value],
        };
    }
}
