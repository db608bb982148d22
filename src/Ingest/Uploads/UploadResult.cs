using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Survey.Ingest.Uploads;

/// <summary>One problem in an upload: the physical line, the column header as written, the value and why (Swedish).
/// Line, column and value are null for a problem with the whole file.</summary>
internal sealed record UploadProblem(long? Line, string? Column, string? Value, string Message);

/// <summary>An administration or unit an upload registered, and how many respondents or employees it has there.</summary>
internal sealed record NewOrganisation(string Name, long Count);

/// <summary>What came of an upload; serialises (camelCase) to the upload result JSON that the CLI, web and inbox show.</summary>
internal sealed record UploadResult(
    string File,
    string? Wave,
    string Status,
    int Rows,
    int Inserted,
    int Updated,
    int Unchanged,
    IReadOnlyList<string> IgnoredColumns,
    IReadOnlyList<UploadProblem> Problems)
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Failed = "failed";

    /// <summary>The upload log row (0 for a dry run, which logs nothing).</summary>
    [JsonIgnore]
    public long UploadId { get; init; }

    [JsonIgnore]
    public bool IsAccepted => Status == Accepted;

    /// <summary>Rows above the data: title rows and the header rows (a tool may write two or three).</summary>
    public int HeaderRows { get; init; }

    /// <summary>Respondents (or rows) the upload stored: new, changed and unchanged.</summary>
    public int Stored => Inserted + Updated + Unchanged;

    /// <summary>Data rows that the file itself marks as no respondent (a tool's previews, spam, unfinished
    /// responses), by reason: not stored, not counted, not problems.</summary>
    public IReadOnlyList<Exports.LeftOut> LeftOut { get; init; } = [];

    /// <summary>Data rows with problems that were skipped (neither stored nor left out).</summary>
    [JsonIgnore]
    public int Skipped => Rows - Stored - LeftOut.Sum(l => l.Rows);

    /// <summary>What the administrator must know of an accepted file, such as the wave's questions it lacks.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>What kind of file this was (not part of the JSON, which has always been of one kind per call).</summary>
    [JsonIgnore]
    public UploadKind Kind { get; init; } = UploadKind.Survey;

    /// <summary>Administrations the file named that were not known (registered when it was accepted), with the
    /// respondents (export) or employees (headcount) under each.</summary>
    public IReadOnlyList<NewOrganisation> NewAdministrations { get; init; } = [];

    /// <summary>Units the file named that were not known, likewise.</summary>
    public IReadOnlyList<NewOrganisation> NewUnits { get; init; } = [];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // The report shows Swedish text and user data as written; JSON escaping of "<" or "å" only hides it.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson(bool indented = false) =>
        JsonSerializer.Serialize(this, indented ? new JsonSerializerOptions(Json) { WriteIndented = true } : Json);
}
