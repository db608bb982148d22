using Npgsql;
using Survey.Reports.Goals;
using Survey.Reports.Privacy;
using Survey.Reports.Workbooks;

namespace Survey.Reports.Analyst;

/// <summary>
/// Every question's answer distribution (counts and shares) and mean, in total and by each background field, one
/// sheet per question, counted in PostgreSQL (see Sql) and written row by row while the sorted result streams in. n is the number of real answers ("Vet ej" left out); groups are suppressed per
/// question and field by the one Suppression rule.
/// </summary>
internal static class Distributions
{
    private sealed record Field(string Heading, string Column, string? QuestionCode, Func<short?, string> Label);

    /// <summary>Number questions with more values than this get n and mean only (travel time has 301).</summary>
    private const int MaxValueColumns = 12;

    public static async Task WriteAsync(ReportSnapshot snapshot, Instrument instrument, short waveId, WaveFilter filter,
        WaveProtection protection, Action<string, IReadOnlyList<(string, double)>, Action<StreamingSheet>> sheet, CancellationToken ct)
    {
        var connection = snapshot.Connection;
        var fields = Fields(instrument);
        // The region's sheets hide what the wave's protection hides; a filtered one follows the region's rows.
        var decided = filter == WaveFilter.All ? protection : null;
        // For the rest of the snapshot's transaction (the free text comes after).
        await using (var memory = new NpgsqlCommand("SET LOCAL work_mem = '256MB'", connection))
            await memory.ExecuteNonQueryAsync(ct);
        var administrationOf = await RegionRows.AdministrationsOfUnitsAsync(connection, instrument, waveId, filter, ct);
        var layouts = instrument.Questions.ToDictionary(q => q.Position, q => QuestionLayout.For(instrument, q, MaxValueColumns));
        // A filtered workbook is a view of the region's administration and unit rows (RegionRows), counted on answers.
        var answer = NotVetEj(layouts.Values);
        var region = filter == WaveFilter.All ? null : await RegionRows.OfQuestionsAsync(connection, instrument, waveId, answer,
            unit => unit is null || administrationOf.ContainsKey(unit), ct); // the units this workbook shows
        await using var command = new NpgsqlCommand(Sql(instrument, fields, filter), connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("wave", waveId);
        WaveAggregate.AddFilterParameters(command, filter);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var pending = await reader.ReadAsync(ct);
        foreach (var question in instrument.Questions)
        {
            var layout = layouts[question.Position];
            // This question's groups in order: (field index, -1 for the total; key; value -> count).
            var groups = new List<(int Field, object? Key, Dictionary<short, long> Counts)>();
            while (pending && reader.GetInt32(0) <= question.Position)
            {
                if (reader.GetInt32(0) == question.Position)
                {
                    var field = reader.GetInt32(1);
                    var key = reader.IsDBNull(2) ? null : reader.GetValue(2);
                    if (groups.Count == 0 || groups[^1].Field != field || !Equals(groups[^1].Key, key))
                        groups.Add((field, key, []));
                    groups[^1].Counts[reader.GetInt16(3)] = reader.GetInt64(4);
                }
                pending = await reader.ReadAsync(ct);
            }
            if (!Published(instrument, question, protection))
                continue;
            var decisions = region is null ? null : region.GetValueOrDefault(question.Position) ?? RegionDecisions.None;
            var agreement = decisions is null ? null : new Agreement(decisions, decisions.Hides(filter));
            if (agreement is not null) // a view: its own rows only, no breakdown by background
                groups.RemoveAll(g => g.Field >= 0 && fields[g.Field].Column is not ("unit" or "b_forv"));
            sheet(question.Code, layout.Columns, s => WriteQuestion(s, layout, fields, groups, administrationOf, agreement, decided));
        }
    }

    /// <summary>
    /// Rows (position, field, key, value, count). Counting every answer per field in one GROUPING SETS pass sorts
    /// tens of millions of rows; first counting per combination of the background answers, then rolling up, is
    /// several times faster. Units have too many values for that combination and are counted in their own pass.
    /// </summary>
    private static string Sql(Instrument instrument, IReadOnlyList<Field> fields, WaveFilter filter)
    {
        var keyed = fields.Where(f => f.Column != "unit").ToList();
        var keys = string.Join(", ", keyed.Select(f => f.Column));
        var all = (1 << keyed.Count) - 1;
        var fieldOf = string.Join(" ", keyed.Select((f, j) => $"WHEN {all - (1 << (keyed.Count - 1 - j))} THEN {fields.ToList().IndexOf(f)}"));
        var unit = fields.ToList().FindIndex(f => f.Column == "unit");
        var scope = $"wave_id = @wave{WaveAggregate.FilterSql(instrument, filter)}";
        return $"""
            WITH combination AS (
                SELECT {string.Join(", ", keyed.Select(f => $"{instrument.AnswerSql(instrument.Question(f.QuestionCode!))} AS {f.Column}"))},
                       a.position::int AS position, {instrument.UnnestedValueSql()} AS value, count(*) AS n
                FROM respondent CROSS JOIN LATERAL unnest(answers) WITH ORDINALITY AS a(value, position)
                WHERE {scope} AND a.value IS NOT NULL
                GROUP BY {keys}, a.position, {instrument.UnnestedValueSql()}
            )
            SELECT position, field, key, value, n FROM (
                SELECT position, CASE grouping({keys}) WHEN {all} THEN -1 {fieldOf} END AS field,
                       coalesce({keys})::text AS key, value, sum(n)::bigint AS n
                FROM combination
                GROUP BY GROUPING SETS ({string.Join(", ", new[] { "(position, value)" }.Concat(keyed.Select(f => $"(position, value, {f.Column})")))})
                UNION ALL
                SELECT a.position::int, {unit}, unit_code, {instrument.UnnestedValueSql()}, count(*)
                FROM respondent CROSS JOIN LATERAL unnest(answers) WITH ORDINALITY AS a(value, position)
                WHERE {scope} AND a.value IS NOT NULL
                GROUP BY 1, 3, 4
            ) counted
            ORDER BY position, field, length(key), key, value
            """;
    }

    private static void WriteQuestion(StreamingSheet sheet, QuestionLayout layout, IReadOnlyList<Field> fields,
        List<(int Field, object? Key, Dictionary<short, long> Counts)> groups, IReadOnlyDictionary<string, string> administrationOf,
        Agreement? agreement, WaveProtection? protection)
    {
        var byFields = groups.GroupBy(g => g.Field).OrderBy(g => g.Key).Select(g => (g.Key, List: g.ToList())).ToList();
        var question = layout.Question.Code;
        static short? Key(object? key) => key is string k ? short.Parse(k, System.Globalization.CultureInfo.InvariantCulture) : null;
        Dimension? DimensionOf(int field) => field < 0 ? null : Dimension.OfGoals.FirstOrDefault(d => d.Column == fields[field].Column);
        List<bool>? Everywhere(int field, List<(int Field, object? Key, Dictionary<short, long> Counts)> list) =>
            protection is null || DimensionOf(field) is not { } d ? null
                : list.Select(g => protection.HidesSheetRow(question, d, Key(g.Key))).ToList();
        List<int>? Parts(int field, List<(int Field, object? Key, Dictionary<short, long> Counts)> list) =>
            protection is null || DimensionOf(field) is not { } d ? null
                : list.Select(g => protection.SheetPart(question, d, Key(g.Key))).ToList();
        var hiddenByField = byFields.ToDictionary(f => f.Key,
            f => Suppression.Suppressed(f.List.Select(g => layout.N(g.Counts)).ToList(), Everywhere(f.Key, f.List), Parts(f.Key, f.List)));
        var administration = fields.ToList().FindIndex(f => f.Column == Dimension.Administration.Column);
        var unit = fields.ToList().FindIndex(f => f.Column == "unit");
        if (hiddenByField.ContainsKey(administration) && hiddenByField.ContainsKey(unit))
        {
            var administrations = byFields.Single(f => f.Key == administration).List;
            (hiddenByField[administration], hiddenByField[unit]) = UnitSuppression.Suppressed(
                administrations.Select(g => (g.Key as string, layout.N(g.Counts))).ToList(),
                byFields.Single(f => f.Key == unit).List.Select(g => (g.Key is string k ? administrationOf.GetValueOrDefault(k) : null, layout.N(g.Counts))).ToList(),
                Everywhere(administration, administrations));
        }
        if (agreement is not null)
            Agree(hiddenByField, byFields, layout, agreement, administration, unit);
        foreach (var (field, list) in byFields)
        {
            var hidden = hiddenByField[field];
            for (var i = 0; i < list.Count; i++)
            {
                var heading = field < 0 ? "Totalt" : fields[field].Heading;
                var label = field < 0 ? "Alla svarande"
                    : fields[field].QuestionCode is null ? list[i].Key as string ?? Dimension.NotGiven
                    : fields[field].Label(list[i].Key is string k ? short.Parse(k, System.Globalization.CultureInfo.InvariantCulture) : null);
                sheet.Row(layout.Cells(heading, label, list[i].Counts, hidden[i]));
            }
        }
    }

    /// <summary>What a filtered sheet must agree with: the region's rows of this question, and whether they hide the
    /// filter's own group.</summary>
    private sealed record Agreement(RegionDecisions Region, bool GroupHidden);

    /// <summary>
    /// The questions with a sheet of their own. A background question's distribution is not published: a count per
    /// answer of a background question is the size of a group (an administration's women, a municipality's managers)
    /// that the breakdowns may hide, and its breakdown by the other background fields is a two-way table of group
    /// sizes. A group's size shows as n where its row is shown.
    /// </summary>
    public static bool Published(Instrument instrument, InstrumentQuestion question, WaveProtection protection) =>
        !Fields(instrument).Any(f => f.QuestionCode == question.Code) && protection.PublishesSheet(question.Code);

    /// <summary>
    /// A filtered sheet hides what the region's sheet hides: its own group when the region hides that row (then every
    /// row, as any breakdown adds up to it), and the administrations and units the region hides; then as many more as
    /// the one rule needs.
    /// </summary>
    private static void Agree(Dictionary<int, bool[]> hiddenByField, List<(int Key, List<(int Field, object? Key, Dictionary<short, long> Counts)> List)> byFields,
        QuestionLayout layout, Agreement agreement, int administration, int unit)
    {
        foreach (var (field, list) in byFields)
        {
            var alsoHidden = list.Select(g => agreement.GroupHidden
                || (field == administration && agreement.Region.AdministrationHidden(g.Key as string))
                || (field == unit && agreement.Region.UnitHidden(g.Key as string))).ToList();
            hiddenByField[field] = Suppression.Suppressed(list.Select(g => layout.N(g.Counts)).ToList(),
                hiddenByField[field].Zip(alsoHidden, (a, b) => a || b).ToList());
        }
    }

    /// <summary>The SQL condition on a.position and a.value that an answer counts toward n (not "Vet ej").</summary>
    private static string NotVetEj(IEnumerable<QuestionLayout> layouts)
    {
        var pairs = layouts.SelectMany(l => l.NotAnswers.Select(v => $"({l.Question.Position}, {v})")).ToList();
        return pairs.Count == 0 ? "true" : $"(a.position, a.value) NOT IN ({string.Join(", ", pairs)})";
    }

    private static IReadOnlyList<Field> Fields(Instrument instrument) =>
    [
        .. new[] { Dimension.Administration }.Select(d => Of(instrument, d)),
        new("Enhet", "unit", null, _ => ""),
        .. new[] { Dimension.Gender, Dimension.AgeBand, Dimension.Manager, Dimension.Municipality, Dimension.WorkMunicipality }.Select(d => Of(instrument, d)),
    ];

    private static Field Of(Instrument instrument, Dimension d) => new(d.Heading, d.Column, d.QuestionCode, key => d.Label(instrument, key));
}
