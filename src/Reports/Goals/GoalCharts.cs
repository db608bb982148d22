using Dapper;
using Npgsql;

namespace Survey.Reports.Goals;

/// <summary>
/// A chart a goal gets besides those every goal gets (bars per administration and the trend in the board report),
/// as the goal_chart table holds it (db/0102): on the start page by administration or home municipality, or in the
/// board report by home municipality or as the distribution of the one question the goal reads.
/// </summary>
public sealed record GoalChart(string Place, string Breakdown, string? Title, short Sort)
{
    public const string Start = "start", Board = "board";
    public const string Administration = "administration", Municipality = "municipality", Distribution = "distribution";

    /// <summary>The breakdowns each place can draw.</summary>
    public static IReadOnlyList<string> BreakdownsOf(string place) =>
        place == Start ? [Administration, Municipality] : [Municipality, Distribution];

    /// <summary>The groups of a bar chart by administration or home municipality.</summary>
    public IReadOnlyList<BreakdownGroup> Groups(GoalOutcome goal) =>
        Breakdown == Municipality ? goal.Breakdowns.Municipality : goal.Breakdowns.Administration;

    /// <summary>The heading of the groups, as the text beside a chart names them.</summary>
    public string GroupHeading => Breakdown == Municipality ? Dimension.Municipality.Heading : Dimension.Administration.Heading;

    /// <summary>The title as stored, else made of the goal's.</summary>
    public string TitleOf(GoalOutcome goal) => Title ?? Breakdown switch
    {
        Municipality => $"{goal.Title} per hemkommun",
        Administration => $"{goal.Title} per förvaltning",
        _ => goal.Title,
    };
}

/// <summary>Reading and changing the goals' charts (survey goals chart, survey goals charts).</summary>
public static class GoalCharts
{
    public sealed record Row(string GoalCode, string Place, string Breakdown, string? Title, short Sort);

    /// <summary>Every chart, by goal.</summary>
    internal static async Task<ILookup<string, GoalChart>> LoadAsync(NpgsqlConnection connection, CancellationToken ct) =>
        (await ListAsync(connection, ct)).ToLookup(r => r.GoalCode, r => new GoalChart(r.Place, r.Breakdown, r.Title, r.Sort));

    public static async Task<IReadOnlyList<Row>> ListAsync(NpgsqlConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<Row>(new CommandDefinition("""
            SELECT goal_code AS GoalCode, place, breakdown, title, sort FROM goal_chart ORDER BY place DESC, sort, goal_code
            """, cancellationToken: ct))).ToList();

    /// <summary>Adds or changes a goal's chart at a place; without a sort it goes last. A title of blanks clears it.
    /// Returns where it is, in Swedish.</summary>
    public static async Task<string> SetAsync(NpgsqlDataSource db, string goal, string place, string breakdown, string? title, short? sort,
        CancellationToken ct)
    {
        (goal, place, breakdown) = (goal.Trim().ToUpperInvariant(), Place(place), breakdown.Trim().ToLowerInvariant());
        if (!GoalChart.BreakdownsOf(place).Contains(breakdown))
            throw new UserError($"Okänd diagramtyp '{breakdown}' för {Where(place)}: förväntade {string.Join(" eller ", GoalChart.BreakdownsOf(place))}.");
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var definition = (await Definitions.GoalDefinitions.LoadAsync(connection, ct)).FirstOrDefault(d => d.Code == goal)
                         ?? throw new UserError($"Okänt mål '{goal}'.");
        if (!definition.FromSurvey)
            throw new UserError($"{goal} räknas inte ur enkäten och har inga grupper att visa i ett diagram.");
        if (breakdown == GoalChart.Distribution
            && Definitions.GoalDefinitions.TryCompile(definition, await Instrument.LoadAsync(connection, ct)).Compiled?.Measure is not { Reads.Count: 1 })
            throw new UserError($"{goal} läser inte exakt en fråga (utöver bakgrundsfrågor), så det finns ingen fördelning att visa.");
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO goal_chart (goal_code, place, breakdown, title, sort)
            VALUES (@goal, @place, @breakdown, @title,
                    coalesce(@sort, (SELECT coalesce(max(sort), 0) + 1 FROM goal_chart WHERE place = @place)))
            ON CONFLICT (goal_code, place, breakdown) DO UPDATE
                SET title = coalesce(excluded.title, CASE WHEN @clear THEN NULL ELSE goal_chart.title END),
                    sort = coalesce(@sort, goal_chart.sort)
            """, new
        {
            goal, place, breakdown, title = string.IsNullOrWhiteSpace(title) ? null : title.Trim(), sort,
            clear = title is not null && string.IsNullOrWhiteSpace(title),
        }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return Where(place);
    }

    /// <summary>Removes a goal's chart at a place; false when there was none.</summary>
    public static async Task<bool> RemoveAsync(NpgsqlDataSource db, string goal, string place, string breakdown, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM goal_chart WHERE goal_code = @goal AND place = @place AND breakdown = @breakdown",
            new { goal = goal.Trim().ToUpperInvariant(), place = Place(place), breakdown = breakdown.Trim().ToLowerInvariant() },
            cancellationToken: ct)) == 1;
    }

    /// <summary>Where a place is, in Swedish.</summary>
    public static string Where(string place) => place == GoalChart.Start ? "startsidan" : "styrelserapporten";

    private static string Place(string text) => text.Trim().ToLowerInvariant() switch
    {
        "start" or "startsidan" => GoalChart.Start,
        "board" or "styrelserapporten" => GoalChart.Board,
        _ => throw new UserError($"Okänd plats '{text}': förväntade start (startsidan) eller board (styrelserapporten)."),
    };
}
