using Dapper;
using Npgsql;

namespace Survey.Reports.Goals.Definitions;

/// <summary>Reading the goals' definitions from the goal table.</summary>
internal static class GoalDefinitions
{
    // Properties, not a constructor: Dapper matches constructors on the reader's types, and text[] reads as Array.
    private sealed class Row
    {
        public string Code { get; init; } = "";
        public string Kind { get; init; } = "";
        public string? Condition { get; init; }
        public string? Population { get; init; }
        public string[] Questions { get; init; } = [];
        public short? MinAnswered { get; init; }
        public string? Definition { get; init; }
    }

    public static async Task<IReadOnlyList<GoalDefinition>> LoadAsync(NpgsqlConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<Row>(new CommandDefinition("""
            SELECT code, kind, condition, population, questions, min_answered AS MinAnswered, definition
            FROM goal ORDER BY sort
            """, cancellationToken: ct)))
        .Select(r => new GoalDefinition(r.Code, r.Kind, r.Condition, r.Population, r.Questions, r.MinAnswered, r.Definition))
        .ToList();

    /// <summary>
    /// The definition checked against the instrument, or the reason it no longer checks (e.g. an option renamed in
    /// a revised instrument): such a goal gets no outcome and says why, instead of failing every report.
    /// </summary>
    public static (GoalDefinition.Compiled? Compiled, string? Problem) TryCompile(GoalDefinition definition, Instrument instrument)
    {
        try
        {
            return (definition.Compile(instrument), null);
        }
        catch (UserError e)
        {
            return (null, e.Message);
        }
    }
}
