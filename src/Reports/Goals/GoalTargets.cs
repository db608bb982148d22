using System.Globalization;
using Dapper;
using Npgsql;

namespace Survey.Reports.Goals;

/// <summary>Targets, baselines and comments are data the board changes without a release (survey goals set).</summary>
public static class GoalTargets
{
    public static async Task SetAsync(NpgsqlDataSource db, string code, decimal target, decimal? baseline, string? comment,
        CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var measure = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                          "SELECT measure FROM goal WHERE code = @code", new { code }, cancellationToken: ct))
                      ?? throw new UserError($"Okänt mål '{code}'.");
        if (measure == "share" && (target is < 0 or > 1 || baseline is < 0 or > 1))
            throw new UserError($"{code} är en andel: ange målvärde och utgångsvärde som bråk mellan 0 och 1 (t.ex. 0.4 för 40 %).");
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE goal SET target = @target,
                            baseline = CASE WHEN @setBaseline THEN @baseline ELSE baseline END,
                            comment = CASE WHEN @setComment THEN @comment ELSE comment END
            WHERE code = @code
            """, new { code, target, baseline, setBaseline = baseline is not null, comment, setComment = comment is not null },
            cancellationToken: ct));
    }

    /// <summary>A number as users write it: 0.4, 0,4 or 40 %.</summary>
    public static decimal ParseNumber(string text)
    {
        var t = text.Trim().Replace(',', '.').Replace(" ", "", StringComparison.Ordinal);
        var percent = t.EndsWith('%');
        if (!decimal.TryParse(percent ? t[..^1] : t, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
            throw new UserError($"'{text}' är inget tal.");
        return percent ? value / 100 : value;
    }
}
