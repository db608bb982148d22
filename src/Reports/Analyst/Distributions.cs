using Survey.Reports.Goals;
using Survey.Reports.Privacy;
using Survey.Reports.Workbooks;

namespace Survey.Reports.Analyst;

/// <summary>
/// Every question's answer distribution (counts and shares) and mean, in total and by each background field, one
/// sheet per question, counted in one read of the respondents (<see cref="AnswerCounts"/>) and written row by row. n is the number of real answers ("Vet ej" left out); which rows and units are
/// hidden is the wave's stored decision (<see cref="WaveProtection"/>), which this class only selects from.
/// </summary>
internal static class Distributions
{
    private sealed record Field(string Heading, string Column, string? QuestionCode, Func<short?, string> Label);

    /// <summary>Number questions with more values than this get n and mean only (travel time has 301).</summary>
    private const int MaxValueColumns = 12;

    public static async Task WriteAsync(ReportSnapshot snapshot, Instrument instrument, short waveId, WaveFilter filter,
        WaveProtection protection, Action<string, IReadOnlyList<(string, double)>, Action<StreamingSheet>> sheet, UnitTable units,
        CancellationToken ct)
    {
        var connection = snapshot.Connection;
        var fields = Fields(instrument);
        var layouts = instrument.Positioned.ToDictionary(q => q.Position!.Value, q => QuestionLayout.For(instrument, q, MaxValueColumns));
        AnswerCounts counts;
        using (Timings.Phase("analyst: answers counted"))
            counts = await AnswerCounts.ReadAsync(connection, instrument,
                [.. fields.Select(f => f.QuestionCode is null ? null : instrument.Question(f.QuestionCode))], waveId, filter, ct);
        List<(int Field, string? Key)> listed = [.. counts.Listed];
        foreach (var question in instrument.Positioned)
        {
            var layout = layouts[question.Position!.Value];
            if (!Published(instrument, question, protection) || (filter.UnitCode is not null && !protection.PublishesUnits(question.Code)))
                continue;
            // This question's groups in order: (field index, -1 for the total; key; value -> count).
            var groups = counts.Of(question.Position!.Value);
            if (!protection.PublishesUnits(question.Code)) // see WaveProtection: no units' rows
                groups.RemoveAll(g => g.Field >= 0 && fields[g.Field].Column == "unit");
            // A filtered workbook is a view of the region's rows: its own group hidden where the region hides it.
            var agreement = filter == WaveFilter.All ? null : new Agreement(filter.UnitCode is { } code
                ? protection.HidesUnit(question.Code, code)
                : protection.HidesSheetRow(question.Code, Dimension.Administration, filter.AdministrationId));
            // A question answered in the region lists every group of the scope (a view's too, hidden, where its own
            // respondents did not answer); one nobody answered has no rows.
            if (groups.Count > 0 || (agreement is not null && protection.HasRows(question.Code)))
                groups = Listing(groups, protection.PublishesUnits(question.Code) ? listed : [.. listed.Where(l => fields[l.Field].Column != "unit")]);
            if (agreement is not null) // a view: its own rows only, no breakdown by background
                groups.RemoveAll(g => g.Field >= 0 && fields[g.Field].Column is not ("unit" or "b_forv"));
            sheet(question.Code, layout.Columns, s => WriteQuestion(s, units, layout, fields, groups, counts.AdministrationOfUnits, agreement, protection));
        }
    }

    /// <summary>
    /// A question's rows with every listed group (and the total) that gave it no answer added, empty (so hidden),
    /// in the counting SQL's order: which groups a sheet lists then says nothing about the ones it hides.
    /// </summary>
    private static List<(int Field, object? Key, AnswerTally Counts)> Listing(
        List<(int Field, object? Key, AnswerTally Counts)> groups, List<(int Field, string? Key)> listed)
    {
        var present = groups.Select(g => (g.Field, g.Key as string)).ToHashSet();
        List<(int Field, string? Key)> missing = [.. listed.Prepend((-1, null)).Where(l => !present.Contains(l))];
        if (missing.Count == 0)
            return groups;
        foreach (var (field, key) in missing)
            groups.Add((field, key, AnswerTally.Empty));
        return [.. groups.OrderBy(g => g.Field).ThenBy(g => g.Key is null).ThenBy(g => (g.Key as string)?.Length)
            .ThenBy(g => g.Key as string, StringComparer.Ordinal)];
    }

    private static void WriteQuestion(StreamingSheet sheet, UnitTable units, QuestionLayout layout, IReadOnlyList<Field> fields,
        List<(int Field, object? Key, AnswerTally Counts)> groups, IReadOnlyDictionary<string, short> administrationOf,
        Agreement? agreement, WaveProtection protection)
    {
        var byFields = groups.GroupBy(g => g.Field).OrderBy(g => g.Key).Select(g => (g.Key, List: g.ToList())).ToList();
        var question = layout.Question.Code;
        // Every row as the wave's protection decided it (the total only when it is itself under 5).
        bool Decided(int field, object? key) => field >= 0 && (fields[field].Column == "unit"
            ? protection.HidesUnit(question, key as string)
            : Dimension.Background.FirstOrDefault(d => d.Column == fields[field].Column) is { } d
              && protection.HidesSheetRow(question, d, key is string k ? short.Parse(k, System.Globalization.CultureInfo.InvariantCulture) : null));
        var hiddenByField = byFields.ToDictionary(f => f.Key, f => f.List
            .Select(g => Suppression.TooSmall(layout.N(g.Counts)) || Decided(f.Key, g.Key) || agreement?.GroupHidden == true).ToArray());
        if (agreement is not null)
            foreach (var (field, list) in byFields) // a view of the region's rows, and the rule among those that answered
            {
                var answered = list.Select((g, i) => (g, i)).Where(x => x.g.Counts.Count > 0).ToList();
                var rule = Suppression.Suppressed([.. answered.Select(x => layout.N(x.g.Counts))], [.. answered.Select(x => hiddenByField[field][x.i])]);
                for (var j = 0; j < answered.Count; j++)
                    hiddenByField[field][answered[j].i] = rule[j];
            }
        var unit = fields.ToList().FindIndex(f => f.Column == "unit");
        var administration = fields[fields.ToList().FindIndex(f => f.Column == Dimension.Administration.Column)];
        foreach (var (field, list) in byFields)
        {
            var hidden = hiddenByField[field];
            if (field == unit)
            {
                // The units' rows go to their own sheet (UnitTable), named with their administration, as decided here.
                units.Add(layout, list.Select((g, i) => (Unit: g.Key as string ?? Dimension.NotGiven,
                        Administration: g.Key is string k && administrationOf.TryGetValue(k, out var a) ? administration.Label(a) : Dimension.NotGiven,
                        Counts: (IReadOnlyDictionary<short, long>)g.Counts, Hidden: hidden[i]))
                    .OrderBy(u => u.Administration, StringComparer.Ordinal).ThenBy(u => u.Unit.Length).ThenBy(u => u.Unit, StringComparer.Ordinal));
                continue;
            }
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

    /// <summary>A filtered sheet is a view of the region's: whether the region hides the filter's own group.</summary>
    private sealed record Agreement(bool GroupHidden);

    /// <summary>
    /// The questions with a sheet of their own. A background question's distribution is not published: a count per
    /// answer of a background question is the size of a group (an administration's women, a municipality's managers)
    /// that the breakdowns may hide, and its breakdown by the other background fields is a two-way table of group
    /// sizes. A group's size shows as n where its row is shown.
    /// </summary>
    public static bool Published(Instrument instrument, Question question, WaveProtection protection) =>
        !Fields(instrument).Any(f => f.QuestionCode == question.Code) && protection.PublishesSheet(question.Code);

    private static IReadOnlyList<Field> Fields(Instrument instrument) =>
    [
        .. new[] { Dimension.Administration }.Select(d => Of(instrument, d)),
        new("Enhet", "unit", null, _ => ""),
        .. new[] { Dimension.Gender, Dimension.AgeBand, Dimension.Manager, Dimension.Municipality, Dimension.WorkMunicipality }.Select(d => Of(instrument, d)),
    ];

    private static Field Of(Instrument instrument, Dimension d) => new(d.Heading, d.Column, d.QuestionCode, key => d.Label(instrument, key));
}
