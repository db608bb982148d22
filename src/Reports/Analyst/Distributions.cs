using Npgsql;
using Survey.Reports.Goals;
using Survey.Reports.Privacy;
using Survey.Reports.Workbooks;
using Cell = Survey.Reports.Workbooks.StreamingSheet.Cell;

namespace Survey.Reports.Analyst;

/// <summary>
/// Every question's answer distribution (counts and shares) and mean, in total and by each background field, one
/// sheet per question, counted in one pass over the wave (unnest of the answers, GROUPING SETS per field) and
/// written row by row while the sorted result streams in. n is the number who answered; groups are suppressed per
/// question and field by the one Suppression rule.
/// </summary>
internal static class Distributions
{
    private sealed record Field(string Heading, string Column, Func<object?, string> Label);

    /// <summary>Number questions with more values than this get n and mean only (travel time has 301).</summary>
    private const int MaxValueColumns = 12;

    public static async Task WriteAsync(NpgsqlConnection connection, Instrument instrument, short waveId, WaveFilter filter,
        Action<string, IReadOnlyList<(string, double)>, Action<StreamingSheet>> sheet, CancellationToken ct)
    {
        var fields = Fields(instrument);
        var keys = string.Join(", ", fields.Select(f => f.Column));
        var sql = $"""
            WITH r AS (
                SELECT unit_code AS unit, {string.Join(", ", Dimensions(instrument).Select(d => $"answers[{instrument.Question(d.QuestionCode).Position}] AS {d.Column}"))}, answers
                FROM respondent
                WHERE wave_id = @wave{WaveAggregate.FilterSql(instrument, filter)}
            )
            SELECT grouping({keys}), {keys}, a.position::int, a.value, count(*)
            FROM r CROSS JOIN LATERAL unnest(r.answers) WITH ORDINALITY AS a(value, position)
            WHERE a.value IS NOT NULL
            GROUP BY GROUPING SETS ((a.position, a.value), {string.Join(", ", fields.Select(f => $"(a.position, a.value, {f.Column})"))})
            ORDER BY a.position, grouping({keys}), {keys}, a.value
            """;
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("wave", waveId);
        WaveAggregate.AddFilterParameters(command, filter);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var pending = await reader.ReadAsync(ct);
        foreach (var question in instrument.Questions)
        {
            var layout = QuestionLayout.For(instrument, question, MaxValueColumns);
            // Group rows of this question: (field index or -1 for the total, key, value -> count).
            var groups = new List<(int Field, object? Key, Dictionary<short, long> Counts)>();
            while (pending && reader.GetInt32(fields.Count + 1) == question.Position)
            {
                var grouping = reader.GetInt32(0);
                var field = Enumerable.Range(0, fields.Count).FirstOrDefault(i => (grouping & (1 << (fields.Count - 1 - i))) == 0, -1);
                var key = field < 0 || reader.IsDBNull(1 + field) ? null : reader.GetValue(1 + field);
                if (groups.Count == 0 || groups[^1].Field != field || !Equals(groups[^1].Key, key))
                    groups.Add((field, key, []));
                groups[^1].Counts[reader.GetInt16(fields.Count + 2)] = reader.GetInt64(fields.Count + 3);
                pending = await reader.ReadAsync(ct);
            }
            // Rows of other positions (not in the instrument) are skipped.
            while (pending && reader.GetInt32(fields.Count + 1) < question.Position)
                pending = await reader.ReadAsync(ct);
            sheet(question.Code, layout.Columns, s => WriteQuestion(s, layout, fields, groups));
        }
    }

    private static void WriteQuestion(StreamingSheet sheet, QuestionLayout layout, IReadOnlyList<Field> fields,
        List<(int Field, object? Key, Dictionary<short, long> Counts)> groups)
    {
        foreach (var byField in groups.GroupBy(g => g.Field).OrderBy(g => g.Key))
        {
            var list = byField.ToList();
            var hidden = Suppression.Suppressed(list.Select(g => g.Counts.Values.Sum()).ToList());
            for (var i = 0; i < list.Count; i++)
            {
                var heading = byField.Key < 0 ? "Totalt" : fields[byField.Key].Heading;
                var label = byField.Key < 0 ? "Alla svarande" : fields[byField.Key].Label(list[i].Key);
                sheet.Row(layout.Cells(heading, label, list[i].Counts, hidden[i]));
            }
        }
    }

    private static IReadOnlyList<Dimension> Dimensions(Instrument instrument) =>
        [Dimension.Administration, Dimension.Gender, Dimension.AgeBand, Dimension.Manager, Dimension.Municipality, Dimension.WorkMunicipality];

    private static IReadOnlyList<Field> Fields(Instrument instrument) =>
    [
        new("Förvaltning", Dimension.Administration.Column, k => Dimension.Administration.Label(instrument, (short?)k)),
        new("Enhet", "unit", k => k as string ?? Dimension.NotGiven),
        new("Kön", Dimension.Gender.Column, k => Dimension.Gender.Label(instrument, (short?)k)),
        new("Åldersgrupp", Dimension.AgeBand.Column, k => Dimension.AgeBand.Label(instrument, (short?)k)),
        new("Chef/medarbetare", Dimension.Manager.Column, k => Dimension.Manager.Label(instrument, (short?)k)),
        new("Hemkommun", Dimension.Municipality.Column, k => Dimension.Municipality.Label(instrument, (short?)k)),
        new("Arbetskommun", Dimension.WorkMunicipality.Column, k => Dimension.WorkMunicipality.Label(instrument, (short?)k)),
    ];
}
