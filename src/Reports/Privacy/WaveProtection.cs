using Dapper;
using Npgsql;
using Survey.Reports.Goals;

namespace Survey.Reports.Privacy;

/// <summary>
/// The wave's one protection decision over its linked tables, made from the kept goal tally: which background
/// groups are hidden on respondents (<see cref="HiddenGroups"/>), which rows of the goals' question sheets are
/// hidden, which goals and goal groups are shown, and which sheets are not published at all. A goal counted over a
/// narrower population than its question's sheet (managers among those who answered L_LEDARSKAP, the seven
/// municipalities among those who answered D_HUBB, those who gave a municipality among all respondents) is a set
/// of linked cells of that sheet, so the two are decided together:
/// <list type="bullet">
/// <item>the difference of the totals (non-managers who answered the managers' question, respondents without a
/// municipality) is a group: when it is 1–4, the sheet is not published (a difference from the sheet), or the goal
/// is not (a difference from all respondents, which the response rate publishes);</item>
/// <item>the difference in a group that both show (an administration's non-managers who answered) is a group too:
/// when it is 1–4, that group is hidden;</item>
/// <item>the sheets of questions linked by a goal that reads several (G_AVTAL reads D_AVTAL among those with D_DAGAR
/// ≥ 1) hide the same groups of a breakdown, the union of what the rule needs in each, and a goal hides what the
/// sheets it reads hide, so that no table bounds another's hidden groups;</item>
/// <item>where the goal's population is a set of groups of one background field (the seven municipalities, the
/// managers), its total splits that field's row of the sheet in two, and the suppression rule holds in each part,
/// so that neither part's hidden groups follow from the goal's total.</item>
/// </list>
/// Every output selects from this decision; it depends only on the tally, so it changes exactly when the tally does.
/// </summary>
internal sealed class WaveProtection
{
    /// <summary>
    /// One stored row of the decision (db/0600): a hidden group, or a part, of a table: the wave's background groups
    /// themselves (Kind "group", Code ""), a goal's breakdown ("goal", goal code) or a question sheet's row ("sheet",
    /// question code); Dimension "" with no group is the whole table (a goal or sheet not published).
    /// </summary>
    internal sealed record Cell(string Kind, string Code, string Dimension, short? Group, bool Hidden, int Part);

    private const string Groups = "group", Goal = "goal", Sheet = "sheet", Whole = "";

    private readonly HashSet<(string Kind, string Code, string Dimension, int Group)> _hidden = [];
    private readonly HashSet<(string Kind, string Code)> _withheld = [];
    private readonly HashSet<(string Kind, string Code, string Dimension)> _decided = [];
    private readonly Dictionary<(string Code, string Dimension, int Group), int> _parts = [];

    public IReadOnlyList<Cell> Cells { get; }

    private WaveProtection(IReadOnlyList<Cell> cells)
    {
        Cells = cells;
        foreach (var c in cells)
        {
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

    /// <summary>Decides the wave's protection from its counts (the goal tally, with each goal's references).</summary>
    public static WaveProtection From(WaveCounts counts, IReadOnlyList<SurveyMeasure> measures)
    {
        var cells = new List<Cell>();
        var respondents = HiddenGroups.From(counts);
        foreach (var d in Dimension.OfGoals)
            cells.AddRange(counts.Groups[d].Where(g => respondents.Hides(d, g.Key)).Select(g => new Cell(Groups, "", d.Key, g.Key, true, 0)));
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
        cells.AddRange(unpublished.Select(g => new Cell(Goal, g, Whole, null, true, 0)));
        cells.AddRange(withheld.Select(q => new Cell(Sheet, q, Whole, null, true, 0)));
        bool Shown(SurveyMeasure goal) => !unpublished.Contains(goal.GoalCode) && !Suppression.TooSmall(Total(goal));

        // Families: questions linked by the goals that read them (G_AVTAL reads D_AVTAL and D_DAGAR, G_DISTANS
        // D_DAGAR). The sheets of a family hide the same groups of a
        // breakdown, so that no two of them hide different partners of a small group.
        var root = new Dictionary<string, string>();
        string Find(string q) => root.TryGetValue(q, out var p) && p != q ? root[q] = Find(p) : q;
        foreach (var goal in goals.Where(g => g.Reads.Count > 0))
            foreach (var q in goal.Reads)
                root[Find(q)] = Find(goal.Reads[0]);
        // A sheet's n per group: a goal's reference to it, or a goal that counts exactly its answers.
        var sheetOf = new Dictionary<string, SurveyMeasure>();
        foreach (var goal in goals)
        {
            foreach (var reference in goal.References)
                sheetOf.TryAdd(reference.ReferenceOf!.Value.Question, reference);
        }
        foreach (var goal in goals.Where(g => g is { References.Count: 0, Reads.Count: 1, Background.Count: 0 }))
            sheetOf.TryAdd(goal.Reads[0], goal);

        var decided = new Dictionary<(string Goal, Dimension Dimension), HashSet<short?>>();
        foreach (var d in Dimension.OfGoals)
        {
            var all = counts.Groups[d].ToDictionary(g => Id(g.Key), g => g.Counts.Respondents);
            foreach (var members in goals.Where(g => g.Reads.Count > 0).GroupBy(g => Find(g.Reads[0])))
            {
                var questions = members.SelectMany(g => g.Reads).Distinct().Where(q => !withheld.Contains(q) && sheetOf.ContainsKey(q)).ToList();
                var shown = members.Where(Shown).ToList();
                var hidden = counts.Groups[d].Where(g => respondents.Hides(d, g.Key)).Select(g => g.Key).ToHashSet();
                // A difference of 1–4 between a goal over background and its sheet in a group both show.
                var differences = shown.ToDictionary(g => g.GoalCode, g => Rows(counts, d, at[g.GoalCode])
                    .Where(r => (g.CountsBackground && Revealing(all[Id(r.Key)] - r.N))
                        || (g.Background.Count > 0 && g.References.Any(reference => questions.Contains(reference.ReferenceOf!.Value.Question)
                            && Revealing(Rows(counts, d, at[reference.GoalCode]).Single(x => x.Key == r.Key).N - r.N))))
                    .Select(r => r.Key).ToHashSet());
                var parts = questions.ToDictionary(q => q, q => Parts(q, d));
                // A sheet's administration rows are also decided with its units (Analyst/UnitSuppression), which
                // protects an administration the sheet's own rule hides; one hidden only for another table's sake
                // would be left to its shown units. So the sheets keep their own rule there, and the goals hide
                // those administrations and the family's.
                var own = questions.ToDictionary(q => q, q => Rows(counts, d, at[sheetOf[q].GoalCode]) is var rows && d == Dimension.Administration
                    ? rows.Where((_, i) => Suppression.Suppressed([.. rows.Select(r => r.N)], [.. rows.Select(r => respondents.Hides(d, r.Key))])[i])
                        .Select(r => r.Key).ToHashSet()
                    : null);
                foreach (var set in own.Values.OfType<HashSet<short?>>())
                    hidden.UnionWith(set);
                for (var grown = true; grown;)
                {
                    grown = false;
                    foreach (var (rows, part) in questions.Select(q => (Rows(counts, d, at[sheetOf[q].GoalCode]), parts[q])))
                    {
                        var rule = Suppression.Suppressed([.. rows.Select(r => r.N)], [.. rows.Select(r => hidden.Contains(r.Key))],
                            [.. rows.Select(r => part[Id(r.Key)])]);
                        foreach (var r in rows.Where((_, i) => rule[i]))
                            grown |= hidden.Add(r.Key);
                    }
                }
                foreach (var q in questions)
                {
                    var rows = Rows(counts, d, at[sheetOf[q].GoalCode]);
                    cells.AddRange(rows.Select(r => new Cell(Sheet, q, d.Key, r.Key, (own[q] ?? hidden).Contains(r.Key), parts[q][Id(r.Key)])));
                }
                // A goal hides what the sheets it reads hide (it never bounds their hidden rows), and its differences.
                foreach (var goal in members)
                    decided[(goal.GoalCode, d)] = goal.Reads.Where(questions.Contains).SelectMany(q => own[q] ?? hidden)
                        .Concat(differences.GetValueOrDefault(goal.GoalCode) ?? []).ToHashSet();
            }
        }

        // Where a shown goal's population is a set of groups of one background field (the seven municipalities,
        // the managers), its total splits that field's row of each sheet it is drawn from in two.
        Dictionary<int, int> Parts(string question, Dimension d)
        {
            var rows = Rows(counts, d, at[sheetOf[question].GoalCode]);
            var parts = rows.ToDictionary(r => Id(r.Key), _ => 0);
            var bit = 1;
            foreach (var goal in goals.Where(g => Shown(g) && g.Background.SequenceEqual([d.QuestionCode])
                         && g.References.Any(r => r.ReferenceOf!.Value.Question == question)))
            {
                var part = counts.Groups[d].ToDictionary(g => Id(g.Key), g => g.Counts.Answered[at[goal.GoalCode]]);
                if (rows.All(r => part[Id(r.Key)] == 0 || part[Id(r.Key)] == r.N))
                    foreach (var r in rows.Where(r => part[Id(r.Key)] > 0))
                        parts[Id(r.Key)] |= bit;
                bit <<= 1;
            }
            return parts;
        }

        // The goals' rows: their family's groups, or (a goal over background alone, an index) their own rule.
        foreach (var goal in goals)
            foreach (var d in Dimension.OfGoals)
            {
                var rows = Rows(counts, d, at[goal.GoalCode]);
                var all = counts.Groups[d].ToDictionary(g => Id(g.Key), g => g.Counts.Respondents);
                // A goal that counts respondents by background (G_SPRIDNING) bounds every sheet's row from above, so
                // it hides every group a sheet hides too.
                var sheetsHide = goal.CountsBackground
                    ? cells.Where(c => c.Kind == Sheet && c.Dimension == d.Key && c.Hidden).Select(c => c.Group).ToHashSet()
                    : [];
                var forced = rows.Select(r => unpublished.Contains(goal.GoalCode) || respondents.Hides(d, r.Key)
                    || (decided.TryGetValue((goal.GoalCode, d), out var family) && family.Contains(r.Key))
                    || sheetsHide.Contains(r.Key)
                    || (goal.CountsBackground && Revealing(all[Id(r.Key)] - r.N))).ToList();
                var hidden = Suppression.Suppressed([.. rows.Select(r => r.N)], forced);
                cells.AddRange(rows.Select((r, i) => new Cell(Goal, goal.GoalCode, d.Key, r.Key, hidden[i], 0)));
            }
        return new WaveProtection(cells);
    }

    /// <summary>Part of the tally's definition hash: a change to how the decision is made decides every wave again.</summary>
    public const string Version = "linked-populations-1";

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

    /// <summary>The part of the question's row for <paramref name="d"/> this group is in (0 when the row is one part).</summary>
    public int SheetPart(string question, Dimension d, short? key) => _parts.GetValueOrDefault((question, d.Key, Id(key)));

    /// <summary>The goals and sheets not published for the wave, for the Definitioner sheet.</summary>
    public IEnumerable<(bool IsGoal, string Code)> Withheld => _withheld.Select(w => (w.Kind == Goal, w.Code)).Order();

    /// <summary>
    /// The wave's decision as the report's snapshot sees it: the stored one (db/0600), made with the goal tally and
    /// kept with it in the same transaction, so it changes exactly when the wave's respondents or the goal
    /// definitions do and a report on an unchanged wave decides nothing. When the snapshot's respondents are not
    /// those of a kept tally (an upload committed meanwhile), the same decision is made from the snapshot's counts.
    /// </summary>
    public static async Task<WaveProtection> LoadAsync(ReportSnapshot snapshot, Instrument instrument, short waveId, CancellationToken ct)
    {
        var measures = SurveyGoals.Measures(instrument);
        var counts = await GoalTally.CountsAsync(snapshot, instrument, measures, waveId, WaveFilter.All, ct);
        if (!await GoalTally.KeptAsync(snapshot, instrument, measures, waveId, ct))
            return From(counts, measures);
        var cells = await snapshot.Connection.QueryAsync<Cell>(new CommandDefinition("""
            SELECT kind, code, dimension, group_key AS "group", hidden, part FROM wave_protection WHERE wave_id = @waveId
            """, new { waveId }, cancellationToken: ct));
        return new WaveProtection([.. cells]);
    }

    /// <summary>Replaces the wave's stored decision (inside the tally's transaction).</summary>
    public async Task StoreAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, short waveId, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM wave_protection WHERE wave_id = @waveId",
            new { waveId }, transaction, cancellationToken: ct));
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY wave_protection (wave_id, kind, code, dimension, group_key, hidden, part) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var c in Cells)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(waveId, NpgsqlTypes.NpgsqlDbType.Smallint, ct);
            await copy.WriteAsync(c.Kind, NpgsqlTypes.NpgsqlDbType.Text, ct);
            await copy.WriteAsync(c.Code, NpgsqlTypes.NpgsqlDbType.Text, ct);
            await copy.WriteAsync(c.Dimension, NpgsqlTypes.NpgsqlDbType.Text, ct);
            if (c.Group is { } g)
                await copy.WriteAsync(g, NpgsqlTypes.NpgsqlDbType.Smallint, ct);
            else
                await copy.WriteNullAsync(ct);
            await copy.WriteAsync(c.Hidden, NpgsqlTypes.NpgsqlDbType.Boolean, ct);
            await copy.WriteAsync(c.Part, NpgsqlTypes.NpgsqlDbType.Integer, ct);
        }
        await copy.CompleteAsync(ct);
    }
}
