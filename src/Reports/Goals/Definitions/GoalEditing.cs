using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace Survey.Reports.Goals.Definitions;

/// <summary>
/// What `survey goals add|edit` and the goals page change. Null leaves a field as it is; an empty text clears it
/// (population, baseline through ClearBaseline, comment, description).
/// </summary>
public sealed record GoalChange
{
    public string? Title { get; init; }
    public string? Perspective { get; init; }
    public string? Kind { get; init; }
    public string? Condition { get; init; }
    public string? Population { get; init; }
    public IReadOnlyList<string>? Questions { get; init; }
    public int? MinAnswered { get; init; }
    public decimal? Target { get; init; }
    public decimal? Baseline { get; init; }
    public bool ClearBaseline { get; init; }
    public string? Direction { get; init; }
    public string? Comment { get; init; }
    public string? Description { get; init; }
}

/// <summary>
/// Adding, changing and retiring goals. Every change is checked whole (the definition against the instrument, the
/// target against the kind) before anything is written, in one transaction: a refused change leaves the goal
/// table as it was. The goal tally notices a changed definition by itself (its hash of the counting SQL).
/// </summary>
public static partial class GoalEditing
{
    private const string Columns = """
        code, title, perspective, kind, measure, condition, population, questions, min_answered AS MinAnswered, target,
        baseline, direction, comment, definition, retired_at AS RetiredAt
        """;

    /// <summary>Every goal as stored, in the board's order (retired ones included).</summary>
    public static async Task<IReadOnlyList<GoalRow>> ListAsync(NpgsqlConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<GoalRow>(new CommandDefinition($"SELECT {Columns} FROM goal ORDER BY sort",
            cancellationToken: ct))).ToList();

    public static async Task AddAsync(NpgsqlDataSource db, string code, GoalChange change, CancellationToken ct)
    {
        code = code.Trim().ToUpperInvariant();
        if (!CodePattern().IsMatch(code))
            throw new UserError($"Ogiltig målkod '{code}': förväntade versaler, siffror och _, t.ex. G_ERGONOMI.");
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await LoadAsync(connection, code, ct) is { } existing)
            throw new UserError(existing.RetiredAt is null
                ? $"Målet {code} finns redan: ändra det med survey goals edit {code}."
                : $"Målet {code} finns redan som avslutat mål; välj en ny kod.");
        if (change.Kind is null)
            throw new UserError($"{code}: ange en måltyp (--kind): share, mean, index, response_rate eller indicator.");
        var row = Merge(new GoalRow { Code = code }, change);
        if (change.Target is null)
            throw new UserError($"{code}: ange ett målvärde (--target).");
        await CheckAsync(connection, row, ct);
        var (measure, source) = Definition(row).Columns;
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO goal (code, title, perspective, definition, measure, source, target, baseline, direction, comment, sort,
                              kind, condition, population, questions, min_answered)
            VALUES (@Code, @Title, @Perspective, @Definition, @measure, @source, @Target, @Baseline, @Direction, @Comment,
                    (SELECT coalesce(max(sort), 0) + 1 FROM goal), @Kind, @Condition, @Population, @Questions, @MinAnswered)
            """, Parameters(row, measure, source), transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    public static async Task EditAsync(NpgsqlDataSource db, string code, GoalChange change, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var current = await LoadAsync(connection, code.Trim().ToUpperInvariant(), ct, forUpdate: true)
                      ?? throw new UserError($"Okänt mål '{code}'.");
        var row = Merge(current, change);
        await CheckAsync(connection, row, ct);
        var (measure, source) = Definition(row).Columns;
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE goal SET title = @Title, perspective = @Perspective, definition = @Definition, measure = @measure,
                            source = @source, target = @Target, baseline = @Baseline, direction = @Direction,
                            comment = @Comment, kind = @Kind, condition = @Condition, population = @Population,
                            questions = @Questions, min_answered = @MinAnswered
            WHERE code = @Code
            """, Parameters(row, measure, source), transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    /// <summary>Takes the goal out of the reports; its row, definition and indicator values stay. False when it already was.</summary>
    public static async Task<bool> RetireAsync(NpgsqlDataSource db, string code, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var current = await LoadAsync(connection, code.Trim().ToUpperInvariant(), ct) ?? throw new UserError($"Okänt mål '{code}'.");
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE goal SET retired_at = now() WHERE code = @Code AND retired_at IS NULL", new { current.Code },
            cancellationToken: ct)) == 1;
    }

    private static object Parameters(GoalRow row, string measure, string source) => new
    {
        row.Code, row.Title, row.Perspective, row.Definition, measure, source, row.Target, row.Baseline, row.Direction,
        row.Comment, row.Kind, row.Condition, row.Population, row.Questions, row.MinAnswered,
    };

    private static Task<GoalRow?> LoadAsync(NpgsqlConnection connection, string code, CancellationToken ct, bool forUpdate = false) =>
        connection.QuerySingleOrDefaultAsync<GoalRow>(new CommandDefinition(
            $"SELECT {Columns} FROM goal WHERE code = @code {(forUpdate ? "FOR UPDATE" : "")}", new { code }, cancellationToken: ct));

    private static GoalRow Merge(GoalRow row, GoalChange c)
    {
        var original = row;
        var kind = c.Kind is null ? row.Kind : Kind(c.Kind);
        row = row with
        {
            Title = c.Title?.Trim() ?? row.Title,
            Perspective = c.Perspective?.Trim() ?? row.Perspective,
            Kind = kind,
            Condition = Text(c.Condition, row.Condition),
            Population = Text(c.Population, row.Population),
            Questions = c.Questions is null ? row.Questions
                : [.. c.Questions.SelectMany(q => q.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    .Select(q => q.ToUpperInvariant())],
            MinAnswered = c.MinAnswered is { } k ? (short)Math.Clamp(k, short.MinValue, short.MaxValue) : row.MinAnswered,
            Target = c.Target ?? row.Target,
            Baseline = c.ClearBaseline ? null : c.Baseline ?? row.Baseline,
            Direction = c.Direction is null ? row.Direction : Direction(c.Direction),
            Comment = Text(c.Comment, row.Comment),
            Definition = Text(c.Description, row.Definition),
        };

        // What the kind does not use is not kept, so the stored definition is exactly what is counted.
        row = row with
        {
            Condition = kind == GoalDefinition.Share ? row.Condition : null,
            Population = kind is GoalDefinition.Share or GoalDefinition.Mean or GoalDefinition.Index ? row.Population : null,
            Questions = kind is GoalDefinition.Mean or GoalDefinition.Index ? row.Questions : [],
            MinAnswered = kind == GoalDefinition.Index ? row.MinAnswered : null,
        };
        // A description written for another definition would say what is no longer counted.
        return c.Description is null && kind != GoalDefinition.Indicator && Counts(row) != Counts(original)
            ? row with { Definition = null } : row;
    }

    private static string Counts(GoalRow row) =>
        $"{row.Kind}|{row.Condition}|{row.Population}|{string.Join(',', row.Questions)}|{row.MinAnswered}";

    private static string? Text(string? change, string? current) =>
        change is null ? current : string.IsNullOrWhiteSpace(change) ? null : change.Trim();

    private static GoalDefinition Definition(GoalRow row) =>
        new(row.Code, row.Kind, row.Condition, row.Population, row.Questions, row.MinAnswered, row.Definition);

    private static async Task CheckAsync(NpgsqlConnection connection, GoalRow row, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(row.Title))
            throw new UserError($"{row.Code}: ange en titel (--title).");
        if (string.IsNullOrWhiteSpace(row.Perspective))
            throw new UserError($"{row.Code}: ange ett perspektiv (--perspective), t.ex. Medarbetare.");
        if (row.Kind == GoalDefinition.Indicator && string.IsNullOrWhiteSpace(row.Definition))
            throw new UserError($"{row.Code}: en indikator behöver en beskrivning av vad som laddas upp (--description).");
        Definition(row).Compile(await Instrument.LoadAsync(connection, ct));
        if (Definition(row).Columns.Measure == "share" && (row.Target is < 0 or > 1 || row.Baseline is < 0 or > 1))
            throw new UserError($"{row.Code} är en andel: ange målvärde och utgångsvärde som bråk mellan 0 och 1 (t.ex. 0.4 för 40 %).");
    }

    private static string Kind(string text) => text.Trim().ToLowerInvariant() switch
    {
        "share" or "andel" => GoalDefinition.Share,
        "mean" or "medelvärde" => GoalDefinition.Mean,
        "index" => GoalDefinition.Index,
        "response_rate" or "response-rate" or "svarsfrekvens" => GoalDefinition.ResponseRate,
        "indicator" or "indikator" => GoalDefinition.Indicator,
        _ => throw new UserError($"Okänd måltyp '{text}': förväntade share, mean, index, response_rate eller indicator."),
    };

    private static string Direction(string text) => text.Trim().ToLowerInvariant() switch
    {
        "higher" or "högre" => "higher",
        "lower" or "lägre" => "lower",
        _ => throw new UserError($"Okänd riktning '{text}': förväntade higher (högre är bättre) eller lower (lägre är bättre)."),
    };

    [GeneratedRegex("^[A-Z][A-Z0-9_]{1,39}$")]
    private static partial Regex CodePattern();
}
