using System.Text.Json;
using Dapper;
using Npgsql;

namespace Survey.Reports.Goals;

/// <summary>
/// How many of a wave's respondents gave each stored answer of the questions the board report draws a distribution
/// of (goal_chart 'board' / 'distribution' of a goal that reads one question), by question code. Kept with the goal
/// tally (goal_tally_state.answers) and brought up to date with it, in the same transaction: counted as a first
/// load is parsed (<see cref="RespondentCounter"/>), with an upload's change, or in full; so the board report does
/// not read every respondent for them (a pass over a million took 0.45 s of its 1.3). Which questions are kept is
/// settled when the tally is made: a chart added later is counted from the respondents until the tally is made
/// again.
/// </summary>
internal sealed class ChartedAnswers
{
    private readonly Dictionary<string, Dictionary<short, long>> _counts;

    private ChartedAnswers(Dictionary<string, Dictionary<short, long>> counts) => _counts = counts;

    /// <summary>No answers yet of these questions (a question read by two charted goals is kept once).</summary>
    public static ChartedAnswers Empty(IEnumerable<Question> questions) =>
        new(questions.DistinctBy(q => q.Code).ToDictionary(q => q.Code, _ => new Dictionary<short, long>()));

    /// <summary>Whether every one of these questions is kept.</summary>
    public bool Holds(IEnumerable<Question> questions) => questions.All(q => _counts.ContainsKey(q.Code));

    /// <summary>A question's stored answers and how many gave each, in answer order; null when it is not kept.</summary>
    public IReadOnlyList<(short Answer, long Respondents)>? Of(string question) =>
        _counts.TryGetValue(question, out var counts) ? [.. counts.Where(c => c.Value != 0).OrderBy(c => c.Key).Select(c => (c.Key, c.Value))] : null;

    /// <summary>A kept question's counts, to add a respondent's stored answer to with <see cref="Add"/>.</summary>
    public Dictionary<short, long> CountsOf(string question) => _counts[question];

    /// <summary>Counts one respondent's stored answer (null: none given) in a question's <see cref="CountsOf"/>.</summary>
    public static void Add(Dictionary<short, long> counts, short? answer)
    {
        if (answer is { } a)
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, a, out _)++;
    }

    /// <summary>Adds (<paramref name="sign"/> 1) or takes away (-1) other counts of these questions (of others: none).</summary>
    public ChartedAnswers Plus(ChartedAnswers other, int sign)
    {
        foreach (var (question, counts) in other._counts)
            if (_counts.TryGetValue(question, out var mine))
                foreach (var (answer, respondents) in counts)
                    mine[answer] = mine.GetValueOrDefault(answer) + sign * respondents;
        return this;
    }

    public string ToJson() => JsonSerializer.Serialize(_counts);

    public static ChartedAnswers? FromJson(string? json) =>
        json is null ? null : new(JsonSerializer.Deserialize<Dictionary<string, Dictionary<short, long>>>(json)!);

    /// <summary>
    /// The question each goal with a distribution chart on the board reads (retired goals' too, with
    /// <paramref name="retired"/>), by goal.
    /// </summary>
    public static async Task<IReadOnlyList<(string Goal, Question Question)>> QuestionsAsync(NpgsqlConnection connection,
        NpgsqlTransaction? transaction, Instrument instrument, IReadOnlyList<SurveyMeasure> measures, bool retired, CancellationToken ct)
    {
        var charted = (await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT DISTINCT c.goal_code FROM goal_chart c JOIN goal g ON g.code = c.goal_code
            WHERE c.place = @place AND c.breakdown = @breakdown AND (g.retired_at IS NULL OR @retired)
            """, new { place = GoalChart.Board, breakdown = GoalChart.Distribution, retired }, transaction, cancellationToken: ct))).ToHashSet();
        return [.. measures.Where(m => m.ReferenceOf is null && m.Reads is [_] && charted.Contains(m.GoalCode))
            .Select(m => (m.GoalCode, instrument.Question(m.Reads[0])))];
    }

    /// <summary>
    /// Counts the questions' stored answers in the rows <paramref name="from"/> gives (with respondent's answers
    /// column; @wave, and @upload when given), in one pass.
    /// </summary>
    public static async Task<ChartedAnswers> CountAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        IReadOnlyCollection<Question> questions, string from, short waveId, long? uploadId, CancellationToken ct)
    {
        var answers = Empty(questions);
        var kept = questions.DistinctBy(q => q.Code).ToList();
        if (kept.Count == 0)
            return answers;
        // Grouped by columns of a subquery, which have no statistics: PostgreSQL then expects a few hundred groups
        // and counts them in a hash table. Grouped by the array's elements themselves it took the array's distinct
        // values (about one per respondent) and sorted every row: 0.65 s at a million, where this takes 0.45.
        var sql = $"""
            SELECT a.position, a.answer, count(*) FROM (SELECT answers FROM {from} OFFSET 0) r,
                LATERAL unnest(ARRAY[{string.Join(", ", kept.Select(q => q.Position))}]::int[],
                               ARRAY[{string.Join(", ", kept.Select(q => $"r.answers[{q.Position}]"))}]::smallint[]) AS a(position, answer)
            WHERE a.answer IS NOT NULL GROUP BY a.position, a.answer
            """;
        var byPosition = kept.ToDictionary(q => (int)q.Position!.Value, q => q.Code);
        foreach (var (position, answer, respondents) in await connection.QueryAsync<(int, short, long)>(new CommandDefinition(sql,
                     new { wave = waveId, upload = uploadId }, transaction, cancellationToken: ct, commandTimeout: 0)))
            answers._counts[byPosition[position]][answer] = respondents;
        return answers;
    }
}
