using Dapper;
using Npgsql;
using Survey.Ingest.Uploads;
using Survey.Reports.Goals;

namespace Survey.Reports.Privacy;

/// <summary>
/// The wave's one protection decision over its linked tables, made from the kept goal tally and the n of every sheet
/// row (<see cref="SheetCounts"/>): which background groups are hidden on respondents, which rows and units of every
/// question sheet are hidden, which goals and goal groups are shown, and which sheets are not published at all.
/// <list type="bullet">
/// <item>Questions linked by the goals that read them form a family (D_DAGAR, D_AVTAL with G_DISTANS and G_AVTAL; the
/// ten A_ questions with the index and G_ATERHAMTNING; D_HUBB with G_HUBB_INTRESSE); a question no goal reads is a
/// family of its own. Every table of a family, its sheets and its goals over their narrower populations, hides one
/// set of groups of each breakdown (administrations, gender, age band, manager, home and work municipality), and
/// its sheets one set of units: grown from the groups hidden on respondents until the rule (<see cref="Suppression"/>,
/// and <see cref="UnitSuppression"/> for administrations with their units) holds in every table at once. So no table
/// of a family shows a group another hides, and none bounds another's hidden groups.</item>
/// <item>A goal counted over a narrower population than its question's sheet (managers among those who answered
/// L_LEDARSKAP, the seven municipalities among those who answered D_HUBB, those who gave a municipality among all
/// respondents) is linked to that sheet: where the totals differ by 1–4 the sheet is not published (or the goal,
/// when the difference is against all respondents); where they differ by 1–4 in a group both show, the family hides
/// that group; where the goal's population is a set of groups of one field, its total splits that field's row of the
/// sheet in two, and the rule holds in each part.</item>
/// </list>
/// Every output selects from this decision; it depends only on the wave's counts, so it changes exactly when the
/// tally does.
/// </summary>
internal sealed class WaveProtection
{
    /// <summary>
    /// One stored row of the decision (db/0600): a hidden group, or a part, of a table: the wave's background groups
    /// themselves (Kind "group", Code ""), a goal's breakdown ("goal", goal code) or a question sheet's row ("sheet",
    /// question code); Dimension "" with no group is the whole table (a goal or sheet not published).
    /// </summary>
    internal sealed record Cell(string Kind, string Code, string Dimension, short? Group, bool Hidden, int Part);

    /// <summary>
    /// A unit hidden in a question's sheet (db/0601): its code, null for the respondents without a unit; or, with
    /// the question "filter" or "filter-hidden", a unit of 5 or more respondents whose workbook may or may not be made.
    /// </summary>
    internal sealed record UnitCell(string Question, string? Unit);

    private const string Groups = "group", Goal = "goal", Sheet = "sheet", Filter = "filter", Whole = "";

    /// <summary>The question code of a unit's filter verdict in wave_protection_unit (no question has these codes).</summary>
    private const string FilterShown = "filter", FilterHidden = "filter-hidden";

    /// <summary>Whether a filtered workbook may be made for a group (<see cref="FilterOf(short)"/>).</summary>
    public enum FilterVerdict { Shown, Hidden, TooSmall }

    /// <summary>A sheet's row with this dimension and no group: the sheet has no units' rows.</summary>
    private const string UnitRows = "unit";

    private readonly HashSet<(string Kind, string Code, string Dimension, int Group)> _hidden = [];
    private readonly HashSet<(string Kind, string Code)> _withheld = [];
    private readonly HashSet<(string Kind, string Code, string Dimension)> _decided = [];
    private readonly Dictionary<(string Code, string Dimension, int Group), int> _parts = [];
    private readonly HashSet<(string Question, string Unit)> _units;
    private readonly Dictionary<short, bool> _filters = [];

    public IReadOnlyList<Cell> Cells { get; }

    /// <summary>The hidden units of every sheet (null when not loaded: the goal outputs have no units).</summary>
    public IReadOnlyList<UnitCell>? Units { get; }

    private WaveProtection(IReadOnlyList<Cell> cells, IReadOnlyList<UnitCell>? units)
    {
        Cells = cells;
        Units = units;
        _units = units is null ? [] : [.. units.Select(u => (u.Question, u.Unit ?? NoUnit))];
        foreach (var c in cells)
        {
            if (c.Kind == Filter)
            {
                _filters[c.Group!.Value] = c.Hidden;
                continue;
            }
            if (c.Dimension == Whole)
            {
                _withheld.Add((c.Kind, c.Code));
                continue;
            }
            _decided.Add((c.Kind, c.Code, c.Dimension));
            if (c.Hidden)
                _hidden.Add((c.Kind, c.Code, c.Dimension, Id(c.Group)));
            if (c.Part != 0)
                _parts[(c.Code, c.Dimension, Id(c.Group))] = c.Part;
        }
    }

    /// <summary>
    /// Decides the wave's protection from its counts: the goal tally (with each goal's references) and the n of every
    /// sheet row (<see cref="SheetCounts"/>).
    /// </summary>
    public static WaveProtection From(WaveCounts counts, IReadOnlyList<SurveyMeasure> measures, SheetCounts sheets)
    {
        var cells = new List<Cell>();
        var units = new List<UnitCell>();
        // The groups hidden on respondents, in every table whatever its own n.
        var respondents = Dimension.Background.ToDictionary(d => d, d => Hidden(sheets.Groups[d].Select(r => (r.Key, r.Respondents)).ToList(), []));
        var at = measures.Select((m, i) => (m, i)).ToDictionary(x => x.m.GoalCode, x => x.i);
        var goals = measures.Where(m => m.ReferenceOf is null).ToList();
        long Total(SurveyMeasure m) => counts.Total.Answered[at[m.GoalCode]];

        // The totals: a goal whose population differs from a published total by 1–4 respondents.
        var unpublished = new HashSet<string>();
        var withheld = new HashSet<string>();
        foreach (var goal in goals.Where(g => !Suppression.TooSmall(Total(g))))
        {
            if (goal.CountsBackground && Revealing(counts.Total.Respondents - Total(goal)))
                unpublished.Add(goal.GoalCode);
            if (goal.Background.Count > 0)
                foreach (var reference in goal.References.Where(r => Revealing(Total(r) - Total(goal))))
                    withheld.Add(reference.ReferenceOf!.Value.Question);
        }
        // A question that a shown goal counts over a population defined by background (L_LEDARSKAP for the
        // managers, D_HUBB for the seven municipalities) has no units' rows: the region's part outside the population
        // is known from the goal's total, so a unit's row would bound the population within the unit (its managers),
        // a group no output shows.
        var withoutUnits = goals.Where(g => g.Background.Count > 0 && !unpublished.Contains(g.GoalCode) && !Suppression.TooSmall(Total(g)))
            .SelectMany(g => g.Reads).Where(sheets.Questions.Contains).ToHashSet();
        cells.AddRange(withoutUnits.Select(q => new Cell(Sheet, q, UnitRows, null, true, 0)));
        cells.AddRange(unpublished.Select(g => new Cell(Goal, g, Whole, null, true, 0)));
        cells.AddRange(withheld.Select(q => new Cell(Sheet, q, Whole, null, true, 0)));
        bool Shown(SurveyMeasure goal) => !unpublished.Contains(goal.GoalCode) && !Suppression.TooSmall(Total(goal));

        // Families: the questions linked by the goals that read them (G_AVTAL reads D_AVTAL and D_DAGAR, G_DISTANS
        // D_DAGAR, the index all ten A_ questions); a question no goal reads is a family of its own.
        var root = sheets.Questions.ToDictionary(q => q, q => q);
        string Find(string q) => root.TryGetValue(q, out var p) && p != q ? root[q] = Find(p) : q;
        foreach (var goal in goals.Where(g => g.Reads.Count > 0))
            foreach (var q in goal.Reads)
                root[Find(q)] = Find(goal.Reads[0]);
        var column = sheets.Questions.Select((q, i) => (q, i)).ToDictionary(x => x.q, x => x.i);
        long Respondents(Dimension d, short? key) => sheets.Groups[d].FirstOrDefault(r => r.Key == key)?.Respondents ?? 0;
        long SheetN(string q, Dimension d, short? key) => sheets.Groups[d].FirstOrDefault(r => r.Key == key)?.Answered[column[q]] ?? 0;
        List<(short? Key, long N)> SheetRows(string q, Dimension d) =>
            [.. sheets.Groups[d].Where(r => r.Answered[column[q]] > 0).Select(r => (r.Key, r.Answered[column[q]]))];

        // Every table of a family (its sheets, and its goals over their narrower populations) hides one set of groups
        // of each breakdown, and each sheet one set of units: grown from the groups hidden on respondents until the
        // rule holds in every table at once, so that no table shows a group another hides and none bounds another's
        // hidden groups. The administrations are decided with their units (UnitSuppression) in the same loop.
        var families = sheets.Questions.Concat(goals.SelectMany(g => g.Reads)).Distinct().GroupBy(Find).ToList();
        var decided = new Dictionary<(string Goal, Dimension Dimension), HashSet<short?>>();
        var unitCodes = new UnitCodes(sheets.Units);
        var linked = new List<Cell>();
        foreach (var family in families)
        {
            var questions = family.Where(q => column.ContainsKey(q) && !withheld.Contains(q)).ToList();
            var members = goals.Where(g => g.Reads.Count > 0 && Find(g.Reads[0]) == family.Key).ToList();
            var shown = members.Where(Shown).ToList();
            foreach (var d in Dimension.Background)
            {
                var hidden = new HashSet<short?>(respondents[d]);
                var hiddenUnits = new bool[unitCodes.Count]; // flags by the codes' numbers
                var goalDimension = Dimension.OfGoals.Contains(d);
                // A difference of 1–4 between a goal over background and its sheet (or all respondents) in a group both show.
                if (goalDimension)
                    foreach (var g in shown)
                        hidden.UnionWith(Rows(counts, d, at[g.GoalCode])
                            .Where(r => (g.CountsBackground && Revealing(Respondents(d, r.Key) - r.N))
                                || (g.Background.Count > 0 && g.Reads.Any(q => questions.Contains(q) && Revealing(SheetN(q, d, r.Key) - r.N))))
                            .Select(r => r.Key));
                var parts = goalDimension ? questions.ToDictionary(q => q, q => Parts(q, d)) : [];
                // Each sheet's units with answers, once: the loop below decides them again until nothing grows.
                var unitRowsOf = d != Dimension.Administration ? []
                    : questions.ToDictionary(q => q, q => SheetUnits.Of(sheets.Units, column[q], unitCodes));
                for (var grown = true; grown;)
                {
                    grown = false;
                    foreach (var q in questions)
                    {
                        var rows = SheetRows(q, d);
                        if (d == Dimension.Administration)
                        {
                            var sheetUnits = withoutUnits.Contains(q) ? SheetUnits.None : unitRowsOf[q];
                            var (a, u) = UnitSuppression.Suppressed(rows, sheetUnits.Counts,
                                [.. rows.Select(r => hidden.Contains(r.Key))], sheetUnits.HiddenIn(hiddenUnits));
                            grown |= Grow(hidden, rows.Where((_, i) => a[i]).Select(r => r.Key));
                            grown |= sheetUnits.Hide(u, hiddenUnits);
                            continue;
                        }
                        var part = parts.GetValueOrDefault(q);
                        var suppressed = Suppression.Suppressed([.. rows.Select(r => r.N)], [.. rows.Select(r => hidden.Contains(r.Key))],
                            part is null ? null : [.. rows.Select(r => part.GetValueOrDefault(Id(r.Key)))]);
                        grown |= Grow(hidden, rows.Where((_, i) => suppressed[i]).Select(r => r.Key));
                    }
                    if (goalDimension)
                        foreach (var g in shown)
                        {
                            var rows = Rows(counts, d, at[g.GoalCode]);
                            var rule = Suppression.Suppressed([.. rows.Select(r => r.N)], [.. rows.Select(r => hidden.Contains(r.Key))]);
                            grown |= Grow(hidden, rows.Where((_, i) => rule[i]).Select(r => r.Key));
                        }
                }
                foreach (var q in questions)
                {
                    linked.AddRange(SheetRows(q, d).Select(r => new Cell(Sheet, q, d.Key, r.Key, hidden.Contains(r.Key),
                        parts.GetValueOrDefault(q)?.GetValueOrDefault(Id(r.Key)) ?? 0)));
                    if (d == Dimension.Administration)
                        units.AddRange(unitRowsOf[q].Hidden(hiddenUnits).Select(code => new UnitCell(q, code)));
                }
                if (goalDimension)
                    foreach (var g in members)
                        decided[(g.GoalCode, d)] = hidden;
            }
        }
        foreach (var d in Dimension.Background)
            cells.AddRange(respondents[d].Select(g => new Cell(Groups, "", d.Key, g, true, 0)));
        cells.AddRange(linked);

        // The filters: an administration's or a unit's workbook is a view of the region's row for it, counted on
        // respondents, so it may be made only where the region's tables show that row (the administrations with
        // their units, UnitSuppression): otherwise the region's total minus its shown rows, minus the filtered
        // workbook's figure, would give a group the region hides. Kept for every group of 5 or more respondents.
        var administrationRows = sheets.Groups[Dimension.Administration];
        var (administrationRefused, unitRefused) = UnitSuppression.Suppressed(
            [.. administrationRows.Select(r => (r.Key, r.Respondents))], [.. sheets.Units.Select(u => (u.Administration, u.Respondents))]);
        for (var i = 0; i < administrationRows.Count; i++)
            if (administrationRows[i].Key is { } id && !Suppression.TooSmall(administrationRows[i].Respondents))
                cells.Add(new Cell(Filter, "", Dimension.Administration.Key, id, administrationRefused[i], 0));
        for (var i = 0; i < sheets.Units.Count; i++)
            if (sheets.Units[i].Code is { } code && !Suppression.TooSmall(sheets.Units[i].Respondents))
                units.Add(new UnitCell(unitRefused[i] ? FilterHidden : FilterShown, code));

        // Where a shown goal's population is a set of groups of one background field (the seven municipalities,
        // the managers), its total splits that field's row of each sheet it is drawn from in two.
        Dictionary<int, int> Parts(string question, Dimension d)
        {
            var rows = SheetRows(question, d);
            var parts = rows.ToDictionary(r => Id(r.Key), _ => 0);
            var bit = 1;
            foreach (var goal in goals.Where(g => Shown(g) && g.Background.SequenceEqual([d.QuestionCode]) && g.Reads.Contains(question)))
            {
                var part = counts.Groups[d].ToDictionary(g => Id(g.Key), g => g.Counts.Answered[at[goal.GoalCode]]);
                if (rows.All(r => part.GetValueOrDefault(Id(r.Key)) == 0 || part[Id(r.Key)] == r.N))
                    foreach (var r in rows.Where(r => part.GetValueOrDefault(Id(r.Key)) > 0))
                        parts[Id(r.Key)] |= bit;
                bit <<= 1;
            }
            return parts;
        }

        // The goals' rows: their family's groups, or (a goal over background alone) its own rule.
        foreach (var goal in goals)
            foreach (var d in Dimension.OfGoals)
            {
                var rows = Rows(counts, d, at[goal.GoalCode]);
                // A goal that counts respondents by background (G_SPRIDNING) bounds every sheet's row from above, so
                // it hides every group a sheet hides too.
                var sheetsHide = goal.CountsBackground
                    ? cells.Where(c => c.Kind == Sheet && c.Dimension == d.Key && c.Hidden).Select(c => c.Group).ToHashSet()
                    : [];
                var forced = rows.Select(r => unpublished.Contains(goal.GoalCode) || respondents[d].Contains(r.Key)
                    || (decided.TryGetValue((goal.GoalCode, d), out var family) && family.Contains(r.Key))
                    || sheetsHide.Contains(r.Key)
                    || (goal.CountsBackground && Revealing(Respondents(d, r.Key) - r.N))).ToList();
                var hidden = Suppression.Suppressed([.. rows.Select(r => r.N)], forced);
                cells.AddRange(rows.Select((r, i) => new Cell(Goal, goal.GoalCode, d.Key, r.Key, hidden[i], 0)));
            }
        return new WaveProtection(cells, units);
    }

    /// <summary>The groups the rule hides among these rows (keys and n), with <paramref name="also"/> hidden whatever their n.</summary>
    private static HashSet<short?> Hidden(List<(short? Key, long N)> rows, HashSet<short?> also)
    {
        var hidden = Suppression.Suppressed([.. rows.Select(r => r.N)], [.. rows.Select(r => also.Contains(r.Key))]);
        return [.. rows.Where((_, i) => hidden[i]).Select(r => r.Key)];
    }

    private static bool Grow<T>(HashSet<T> set, IEnumerable<T> more)
    {
        var grown = false;
        foreach (var x in more)
            grown |= set.Add(x);
        return grown;
    }

    /// <summary>Part of the tally's definition hash: a change to how the decision is made decides every wave again.</summary>
    public const string Version = "linked-tables-5";

    /// <summary>The key of the respondents without a unit (a unit code is never empty).</summary>
    private const string NoUnit = "";

    /// <summary>A group's key as a dictionary key (null, "not given", is not a short).</summary>
    private static int Id(short? key) => key ?? int.MinValue;

    /// <summary>A difference of 1–4 respondents is a group too small to show.</summary>
    private static bool Revealing(long difference) => difference is > 0 and < Suppression.MinimumGroupSize;

    /// <summary>A breakdown's groups with answers for measure <paramref name="m"/>, in the tally's order.</summary>
    private static List<(short? Key, long N)> Rows(WaveCounts counts, Dimension d, int m) =>
        [.. counts.Groups[d].Where(g => g.Counts.Answered[m] > 0).Select(g => (g.Key, g.Counts.Answered[m]))];

    /// <summary>Whether this background group is hidden on respondents, in every table.</summary>
    public bool HidesGroup(Dimension d, short? key) => _hidden.Contains((Groups, "", d.Key, Id(key)));

    /// <summary>Whether the goal is shown at all (its total, and so any breakdown).</summary>
    public bool Publishes(string goal) => !_withheld.Contains((Goal, goal));

    /// <summary>Whether the goal's breakdown by <paramref name="d"/> hides this group.</summary>
    public bool HidesGoalGroup(string goal, Dimension d, short? key) =>
        !Publishes(goal) || (_decided.Contains((Goal, goal, d.Key)) ? _hidden.Contains((Goal, goal, d.Key, Id(key))) : HidesGroup(d, key));

    /// <summary>Whether the question's sheet is published (see the class summary: not when a goal's n is 1–4 from its own).</summary>
    public bool PublishesSheet(string question) => !_withheld.Contains((Sheet, question));

    /// <summary>Whether the question's sheet hides this group of <paramref name="d"/> whatever its own figures (at least the wave's hidden groups).</summary>
    public bool HidesSheetRow(string question, Dimension d, short? key) =>
        _decided.Contains((Sheet, question, d.Key)) ? _hidden.Contains((Sheet, question, d.Key, Id(key))) : HidesGroup(d, key);

    /// <summary>Whether the question's sheet shows its units' rows (not where a goal counts a population of it defined by background).</summary>
    public bool PublishesUnits(string question) => !_hidden.Contains((Sheet, question, UnitRows, Id(null)));

    /// <summary>The questions whose sheets have no units' rows, for the Definitioner sheet.</summary>
    public IEnumerable<string> WithoutUnits => _hidden.Where(h => h.Kind == Sheet && h.Dimension == UnitRows).Select(h => h.Code).Order();

    /// <summary>Whether the question's sheet has rows in the region (someone in the wave answered it).</summary>
    public bool HasRows(string question) => _decided.Contains((Sheet, question, Dimension.Administration.Key));

    /// <summary>The part of the question's row for <paramref name="d"/> this group is in (0 when the row is one part).</summary>
    public int SheetPart(string question, Dimension d, short? key) => _parts.GetValueOrDefault((question, d.Key, Id(key)));

    /// <summary>Whether the question's sheet hides this unit (null: the respondents without a unit); only when loaded with units.</summary>
    public bool HidesUnit(string question, string? unit) =>
        Units is null ? throw new InvalidOperationException("The protection was loaded without its units.") : _units.Contains((question, unit ?? NoUnit));

    /// <summary>Whether an administration's workbook may be made: shown in the region's tables, hidden there, or under 5 respondents.</summary>
    public FilterVerdict FilterOf(short administration) =>
        _filters.TryGetValue(administration, out var hidden) ? hidden ? FilterVerdict.Hidden : FilterVerdict.Shown : FilterVerdict.TooSmall;

    /// <summary>Whether a unit's workbook may be made (only when loaded with units).</summary>
    public FilterVerdict FilterOf(string unit) =>
        HidesUnit(FilterHidden, unit) ? FilterVerdict.Hidden : HidesUnit(FilterShown, unit) ? FilterVerdict.Shown : FilterVerdict.TooSmall;

    /// <summary>The goals and sheets not published for the wave, for the Definitioner sheet.</summary>
    public IEnumerable<(bool IsGoal, string Code)> Withheld => _withheld.Select(w => (w.Kind == Goal, w.Code)).Order();

    /// <summary>
    /// The wave's decision as the report's snapshot sees it: the stored one (db/0600, db/0601), made with the goal
    /// tally and kept with it in the same transaction, so it changes exactly when the wave's respondents or the goal
    /// definitions do and a report on an unchanged wave decides nothing. When the snapshot's respondents are not
    /// those of a kept tally (an upload committed meanwhile), the same decision is made from the snapshot's counts.
    /// <paramref name="units"/>: also the hidden units of every sheet (the analyst workbooks).
    /// </summary>
    public static async Task<WaveProtection> LoadAsync(ReportSnapshot snapshot, Instrument instrument, short waveId, CancellationToken ct,
        bool units = false)
    {
        var measures = await snapshot.MeasuresAsync(ct);
        if (!await GoalTally.KeptAsync(snapshot, instrument, measures, waveId, ct))
            return From(await GoalTally.CountsAsync(snapshot, instrument, measures, waveId, WaveFilter.All, ct), measures,
                await SheetCounts.CountAsync(snapshot.Connection, null, instrument, waveId, ct));
        var cells = await snapshot.Connection.QueryAsync<Cell>(new CommandDefinition("""
            SELECT kind, code, dimension, group_key AS "group", hidden, part FROM wave_protection WHERE wave_id = @waveId
            """, new { waveId }, cancellationToken: ct));
        return new WaveProtection([.. cells], units ? await HiddenUnitsAsync(snapshot.Connection, waveId, ct) : null);
    }

    /// <summary>
    /// The stored hidden units, each question code and unit code one string however many sheets name it (180,000 units
    /// hidden in 25 questions' sheets name 48,000 units at a million respondents: 12 MB of repeated strings otherwise).
    /// </summary>
    private static async Task<List<UnitCell>> HiddenUnitsAsync(NpgsqlConnection connection, short waveId, CancellationToken ct)
    {
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        string One(string s) => strings.TryGetValue(s, out var kept) ? kept : strings[s] = s;
        await using var command = new NpgsqlCommand("SELECT code, unnest(unit_codes) FROM wave_protection_unit WHERE wave_id = @waveId", connection);
        command.Parameters.AddWithValue("waveId", waveId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<UnitCell>();
        while (await reader.ReadAsync(ct))
            result.Add(new UnitCell(One(reader.GetString(0)), reader.IsDBNull(1) ? null : One(reader.GetString(1))));
        return result;
    }

    /// <summary>
    /// Decides the wave's protection on the counts just stored in the tally and stores it, in the tally's
    /// transaction: the one entry point wherever the tally is brought up to date. Counts the sheets' rows first
    /// (<see cref="SheetCounts"/>, one pass over the wave's respondents) unless <paramref name="sheets"/> has them
    /// (a first load, counted as it was parsed, or the kept counts with an upload's change), and keeps them.
    /// <paramref name="alongside"/>: more work on the connection, run while the decision is made.
    /// </summary>
    public static async Task DecideAndStoreAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Instrument instrument,
        IReadOnlyList<SurveyMeasure> measures, WaveCounts counts, short waveId, CancellationToken ct, SheetCounts? sheets = null,
        Func<CancellationToken, Task>? alongside = null)
    {
        if (sheets is null)
            using (Timings.Phase("protection: sheet counts"))
                sheets = await SheetCounts.CountAsync(connection, transaction, instrument, waveId, ct);
        // Decided on another thread while the connection stores the sheets' counts (the next upload adds its change
        // to them) and does the caller's work: the decision reads the counts only.
        var deciding = Task.Run(() =>
        {
            using (Timings.Phase("protection: decision, on its own thread"))
                return From(counts, measures, sheets);
        }, ct);
        await sheets.StoreAsync(connection, transaction, waveId, ct);
        if (alongside is not null)
            using (Timings.Phase("protection: alongside the decision"))
                await alongside(ct);
        WaveProtection decided;
        using (Timings.Phase("protection: decision (after the connection's work)"))
            decided = await deciding;
        using (Timings.Phase("protection: store"))
            await decided.StoreAsync(connection, transaction, waveId, ct);
    }

    /// <summary>Replaces the wave's stored decision (inside the tally's transaction).</summary>
    private async Task StoreAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, short waveId, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM wave_protection WHERE wave_id = @waveId; DELETE FROM wave_protection_unit WHERE wave_id = @waveId",
            new { waveId }, transaction, cancellationToken: ct));
        await using (var copy = await CopyRows.BeginAsync(connection,
                         "COPY wave_protection (wave_id, kind, code, dimension, group_key, hidden, part) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var c in Cells)
            {
                copy.StartRow(7);
                copy.Smallint(waveId);
                copy.Text(c.Kind);
                copy.Text(c.Code);
                copy.Text(c.Dimension);
                if (c.Group is { } g) copy.Smallint(g); else copy.Null();
                copy.Boolean(c.Hidden);
                copy.Integer(c.Part);
            }
            await copy.CompleteAsync(ct);
        }
        await using var unitCopy = await CopyRows.BeginAsync(connection,
            "COPY wave_protection_unit (wave_id, code, unit_codes) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var question in (Units ?? []).GroupBy(u => u.Question))
        {
            unitCopy.StartRow(3);
            unitCopy.Smallint(waveId);
            unitCopy.Text(question.Key);
            unitCopy.Texts([.. question.Select(u => u.Unit)]);
        }
        await unitCopy.CompleteAsync(ct);
    }
}
