using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using Survey.Ingest.Reading;
using Survey.Ingest.Uploads;

namespace Survey.Ingest.Indicators;

/// <summary>
/// Monthly values of the goals that no survey measures (goal code, period YYYY-MM, value, comment), e.g. G_HUBBAR.
/// </summary>
internal sealed partial class IndicatorTarget(IReadOnlyDictionary<string, string> goalSources) : IUploadTarget
{
    private const int Goal = 0, Period = 1, Value = 2, Comment = 3;

    private readonly NamedColumns _columns = new(
        new("Mål", true, "mål", "målkod", "mål (kod)", "goal", "goal code", "kod", "indikator"),
        new("Period", true, "period", "månad", "month", "period (åååå-mm)"),
        new("Värde", true, "värde", "utfall", "value", "antal"),
        new("Kommentar", false, "kommentar", "comment", "anteckning"));

    private readonly Dictionary<(string, string), long> _firstLine = [];

    public static async Task<IReadOnlyDictionary<string, string>> GoalsAsync(NpgsqlConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<(string Code, string Source)>(new CommandDefinition(
            "SELECT code, source FROM goal", cancellationToken: ct))).ToDictionary(g => g.Code, g => g.Source, StringComparer.OrdinalIgnoreCase);

    public int MinimumRecognised => 2;

    public string StageSql =>
        "CREATE TEMP TABLE stage_indicator (line bigint, goal_code text, period text, value text, comment text) ON COMMIT DROP";

    public string CopySql => "COPY stage_indicator FROM STDIN (FORMAT BINARY)";

    public int Recognise(IReadOnlyList<string> cells) => _columns.Recognise(cells);

    public IReadOnlyList<string> MapHeader(IReadOnlyList<string[]> rows) => _columns.Map(rows[0]);

    public bool WriteRow(ITableReader record, CopyRows copy, ProblemList problems, bool skipInvalidRows)
    {
        var before = problems.Total;
        var line = record.Line;
        string Raw(int column) => _columns.Raw(record, column);
        void Problem(int column, string message) => _columns.Problem(problems, record, column, message);

        var goal = Raw(Goal).Trim().ToUpperInvariant();
        var indicatorGoals = string.Join(", ", goalSources.Where(g => g.Value == "indicator").Select(g => g.Key).Order());
        if (!goalSources.TryGetValue(goal, out var source))
            Problem(Goal, $"Okänt mål. Mål som laddas upp som indikator: {indicatorGoals}.");
        else if (source != "indicator")
            Problem(Goal, $"Målet {goal} beräknas från {(source == "survey" ? "enkäten" : "personalunderlaget")} och laddas inte upp. Mål som laddas upp som indikator: {indicatorGoals}.");
        var period = ParsePeriod(Raw(Period));
        if (period is null)
            Problem(Period, "Ogiltig period: ska vara år och månad, ÅÅÅÅ-MM (t.ex. 2021-05).");
        if (!Numbers.TryParseDecimal(Raw(Value), out var value))
            Problem(Value, "Ogiltigt värde: ska vara ett tal.");
        if (period is not null && problems.Total == before && !_firstLine.TryAdd((goal, period), line))
            Problem(Period, $"Målet {goal} har redan ett värde för {period} i filen (rad {_firstLine[(goal, period)]}).");
        if (problems.Total != before && skipInvalidRows)
            return false;

        copy.StartRow(5);
        copy.Bigint(line);
        copy.Text(goal);
        copy.Text(period ?? "");
        copy.Text(value.ToString(CultureInfo.InvariantCulture)); // staged as text, stored as numeric: exact
        if (Raw(Comment) is { Length: > 0 } comment && !string.IsNullOrWhiteSpace(comment))
            copy.Text(comment);
        else
            copy.Null();
        return true;
    }

    private static string? ParsePeriod(string raw)
    {
        var match = PeriodPattern().Match(raw.Trim());
        if (!match.Success)
            return null;
        var month = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        return month is >= 1 and <= 12 ? $"{match.Groups[1].Value}-{month:00}" : null;
    }

    // 2021-05, 2021-5, 2021/05, 202105, or a spreadsheet date 2021-05-01.
    [GeneratedRegex(@"^(\d{4})[-/]?(\d{1,2})(?:[-/]\d{1,2})?$")]
    private static partial Regex PeriodPattern();

    public Task<StoreCounts> StoreAsync(NpgsqlConnection connection, StoreContext context, CancellationToken ct) =>
        context.Rejected
            ? Task.FromResult(new StoreCounts(0, 0, 0))
            : UpsertCounts.RunAsync(connection, """
                INSERT INTO indicator_value AS i (goal_code, period, value, comment, upload_id)
                SELECT goal_code, period, value::numeric, comment, @upload FROM stage_indicator
                ON CONFLICT (goal_code, period) DO UPDATE
                SET value = EXCLUDED.value, comment = EXCLUDED.comment, upload_id = EXCLUDED.upload_id
                WHERE (i.value, i.comment) IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.comment)
                RETURNING xmax = 0 AS inserted
                """, new { upload = context.UploadId }, context.Staged, ct);
}
