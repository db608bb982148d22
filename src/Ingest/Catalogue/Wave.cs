using Dapper;
using Npgsql;

namespace Survey;

/// <summary>
/// A wave as the jobs, SQL and sheets take it, resolved once from what a user gave (a code, a month) at the edge:
/// its id, code, name, dates, whether it is a pulse (db/0202) and the questions it asks. Nothing further down looks
/// a wave up again by its code.
/// </summary>
internal sealed record Wave(short Id, string Code, string Name, DateOnly StartsOn, DateOnly EndsOn, DateOnly ReferenceDate, bool Pulse)
{
    /// <summary>The codes of the questions the wave asks (wave_question).</summary>
    public IReadOnlySet<string> Questions { get; init; } = new HashSet<string>();

    /// <summary>Every wave with its questions, in one query, the earliest first (by end, start, id).</summary>
    public static async Task<IReadOnlyList<Wave>> AllAsync(NpgsqlConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<Row>(new CommandDefinition("""
            SELECT w.id, w.code, w.name, w.starts_on AS StartsOn, w.ends_on AS EndsOn, w.reference_date AS ReferenceDate, w.pulse,
                   coalesce((SELECT array_agg(q.question_code ORDER BY q.question_code) FROM wave_question q WHERE q.wave_id = w.id), '{}') AS Questions
            FROM wave w ORDER BY w.ends_on, w.starts_on, w.id
            """, cancellationToken: ct)))
        .Select(r => new Wave(r.Id, r.Code, r.Name, r.StartsOn, r.EndsOn, r.ReferenceDate, r.Pulse) { Questions = r.Questions.ToHashSet() })
        .ToList();

    /// <summary>Whether this wave ended before <paramref name="other"/> (by end, start, id, as waves are ordered).</summary>
    public bool Before(Wave other) => (EndsOn, StartsOn, Id).CompareTo((other.EndsOn, other.StartsOn, other.Id)) < 0;

    // Properties, not a constructor: Dapper matches constructors on the reader's types, and text[] reads as Array.
    private sealed class Row
    {
        public short Id { get; init; }
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
        public DateOnly StartsOn { get; init; }
        public DateOnly EndsOn { get; init; }
        public DateOnly ReferenceDate { get; init; }
        public bool Pulse { get; init; }
        public string[] Questions { get; init; } = [];
    }
}
