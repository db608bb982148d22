using System.Text.Json;

namespace Survey.Reports.Goals;

/// <summary>The one JSON form of a goal report, shared by `survey goals --json` and the web API.</summary>
public static class GoalJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = // Swedish letters stay readable; characters that matter in HTML are still escaped.
        System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public static string Serialize(GoalReport report) => JsonSerializer.Serialize(report, Options);
}
