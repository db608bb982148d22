using Google.OrTools.LinearSolver;

namespace Survey.Tests.Privacy.Audit;

/// <summary>
/// The attack of privacy.md, written without the product's protection code: every published figure is a linear
/// equation over unknown cell counts, and for each hidden cell whose true count is 1–4 the attacker minimises and
/// maximises it (GLOP). One LP per model (a question, or D_AVTAL with D_DAGAR's classes, see Vocabulary.Models) and
/// background field: the unknowns are the respondents per (administration/unit, group of the field, answers), the
/// equations every shown row of those questions' sheets in every workbook, the background sheets' sizes, and every
/// goal figure over those questions (n and share × n over the goal's population: all respondents, those with
/// D_DAGAR ≥ 1, seven municipalities, managers). That splits the joint problem into relaxations, so it finds less
/// than an attacker with every equation at once: a floor, never a false alarm.
/// </summary>
internal sealed class LinearAudit
{
    internal sealed record Finding(string Kind, string Cell, long Truth, double Low, double High)
    {
        public override string ToString() => $"{Kind} {Cell}: true {Truth}, attacker knows [{Low:0.##}, {High:0.##}]";
    }

    internal sealed record Result(int HiddenSmall, IReadOnlyList<Finding> Disclosed, IReadOnlyList<string> Printed, IReadOnlyList<string> Misread)
    {
        public int Exact => Disclosed.Count(d => Math.Abs(d.High - d.Low) < 1e-6);
        public override string ToString() =>
            $"{HiddenSmall} hidden cells and answer counts under 5 bounded; {Disclosed.Count} narrowed into 1..4 " +
            $"({Exact} exactly: {Disclosed.Count(d => d.Kind == "cell")} group cells, {Disclosed.Count(d => d.Kind == "answer count")} answer counts); " +
            $"{Printed.Count} printed figures are group sizes of 1-4";
    }

    private readonly AdversarialWave _wave;
    private readonly IReadOnlyList<Figure> _figures;
    private readonly List<(string? Admin, string? Unit)> _orgs;
    private readonly string[] _adminCodes;

    public LinearAudit(AdversarialWave wave, IReadOnlyList<Figure> figures)
    {
        _wave = wave;
        _figures = figures;
        _adminCodes = [.. wave.Administrations.Keys];
        _orgs = [.. wave.Units.Select(u => ((string?)u.Value, (string?)u.Key)), .. _adminCodes.Select(a => ((string?)a, (string?)null)), (null, null)];
    }

    public Result Run()
    {
        var models = Vocabulary.Models.SelectMany(q => Field.All.Where(f => !q.Contains(f.Question)).Select(f => (q, f))).ToList();
        var outcomes = new (IReadOnlyList<string> Misread, Dictionary<string, Finding?> Bounds)[models.Count];
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Parallel.For(0, models.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var model = new Model(this, models[i].q, models[i].f);
            model.Build();
            var wrong = model.Misread().ToList();
            var bounds = new Dictionary<string, Finding?>();
            if (wrong.Count == 0)
                foreach (var (key, target) in model.Targets)
                    bounds[key] = model.Bound(target);
            outcomes[i] = (wrong, bounds);
        });
        Elapsed = watch.Elapsed;
        var all = outcomes.SelectMany(o => o.Bounds).GroupBy(b => b.Key).ToList();
        return new Result(all.Count, [.. all.Select(g => g.Select(b => b.Value).FirstOrDefault(v => v is not null)).OfType<Finding>()],
            Printed(), outcomes.SelectMany(o => o.Misread).Distinct().Take(20).ToList());
    }

    /// <summary>How long the LPs took (for the test's output).</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>Figures printed outright that are the size of a group of 1–4: any shown n, any count of a background answer.</summary>
    private List<string> Printed()
    {
        var printed = new List<string>();
        foreach (var f in _figures.Where(f => !f.Hidden))
        {
            if (f.N is > 0 and < 5)
                printed.Add($"{f}: n = {f.N}");
            if (f.Table.StartsWith("B_", StringComparison.Ordinal) && f.Counts is not null)
                printed.AddRange(f.Counts.Where(c => c.Value is > 0 and < 5).Select(c => $"{f}: {c.Key} = {c.Value}"));
        }
        return printed;
    }

    private string AdminName(string? code) => code is null ? Field.NotGiven : _wave.Administrations[code];

    /// <summary>
    /// One LP: unknowns x[org, group of the field, answers to the model's questions]. Most models have one question;
    /// D_AVTAL shares one with D_DAGAR in two classes, under 1 day and 1 or more (<see cref="Vocabulary.Coarse"/>), as
    /// G_AVTAL counts D_AVTAL among those with D_DAGAR ≥ 1: a relaxation of D_DAGAR's days, which D_DAGAR's own model
    /// holds in full.
    /// </summary>
    private sealed class Model(LinearAudit audit, IReadOnlyList<string> questions, Field background)
    {
        /// <summary>A hidden figure to bound; for an answer count, <paramref name="Group"/> is its group's n.</summary>
        internal sealed record Target(int[] Vars, long Truth, string Kind, string Cell, int[]? Group = null);

        private readonly string[][] _labels = [.. questions.Select(q => (string[])[.. (q == "B_FORV"
            ? audit._adminCodes.Select(audit.AdminName)
            : Vocabulary.Coarse(q) is { } classes ? classes
            : Vocabulary.Answers(q).Select(a => a.Label)), Vocabulary.Unticked])];
        private readonly List<(int[] Vars, double Low, double High, string Why)> _constraints = [];
        public readonly Dictionary<string, Target> Targets = [];
        private long[] _truth = [];

        private string Name => string.Join("+", questions);
        private int G => background.Groups.Length + 1;
        private int V => _labels.Aggregate(1, (product, labels) => product * labels.Length);
        private int Index(int o, int g, int v) => (o * G + g) * V + v;

        /// <summary>Component c of a combined answer v (the last question varies fastest).</summary>
        private int Part(int v, int c)
        {
            for (var k = _labels.Length - 1; k > c; k--)
                v /= _labels[k].Length;
            return v % _labels[c].Length;
        }

        private int Of(string question) => questions.ToList().FindIndex(q => Vocabulary.Sheet(q) == question);

        /// <summary>Where a sheet's answer column counts in component c (its class, for a coarse question).</summary>
        private int ClassOf(int c, string label) => Vocabulary.Coarse(questions[c]) is null
            ? Array.IndexOf(_labels[c], label)
            : Vocabulary.ClassOf(questions[c], label);
        private bool Unticked(int c, int v) => Part(v, c) == _labels[c].Length - 1;
        private string Label(int c, int v) => _labels[c][Part(v, c)];
        private bool Answered(int c, int v) => !Unticked(c, v) && Vocabulary.CountsAsAnswer(questions[c], Label(c, v));

        public void Build()
        {
            _truth = new long[audit._orgs.Count * G * V];
            foreach (var p in audit._wave.People)
                _truth[Index(audit._orgs.IndexOf((p.Administration, p.Unit)), background.IndexOf(p.Answers[background.Question]), ValueOf(p))]++;
            if (questions is ["B_FORV"]) // the answer is the administration itself
                for (var o = 0; o < audit._orgs.Count; o++)
                    for (var v = 0; v < V; v++)
                        if (v != (audit._orgs[o].Admin is { } a ? Array.IndexOf(audit._adminCodes, a) : V - 1))
                            for (var g = 0; g < G; g++)
                                Add([Index(o, g, v)], 0, 0, "no such answer");
            foreach (var f in audit._figures)
            {
                if (Of(f.Table) is >= 0 and var c)
                    Row(f, c);
                else if (f.Table == background.Question && f.Counts is not null && f.Heading is "Totalt" or "Förvaltning" or "Enhet")
                    foreach (var (option, count) in f.Counts)
                        Add(Vars(f, (o, g, v) => g == background.IndexOfOption(option)), count, count, $"{f}: {option}");
                else if (f.Table == "B_FORV" && f.Counts is not null && Expressible(f.Heading))
                    foreach (var (name, count) in f.Counts)
                        Add(Vars(f, (o, g, v) => audit.AdminName(audit._orgs[o].Admin) == name), count, count, $"{f}: {name}");
                else if (f.Table.StartsWith("G_", StringComparison.Ordinal))
                    Goal(f);
            }
            NotListed();
            // A cell hidden in one output (a filtered view that hides its whole group) but printed in another is
            // published, not disclosed: the printed-figure check judges it.
            var printed = _constraints.Where(c => c.Low == c.High).Select(c => string.Join(",", c.Vars)).ToHashSet();
            foreach (var key in Targets.Where(t => printed.Contains(string.Join(",", t.Value.Vars))).Select(t => t.Key).ToList())
                Targets.Remove(key);
        }

        private int ValueOf(AdversarialWave.Person p)
        {
            var v = 0;
            for (var c = 0; c < questions.Count; c++)
            {
                var none = _labels[c].Length - 1;
                var sheet = Vocabulary.Sheet(questions[c]);
                var part = questions[c] == "B_FORV"
                    ? p.Administration is { } a ? Array.IndexOf(audit._adminCodes, a) : none
                    : p.Answers.GetValueOrDefault(sheet) is { } code
                        ? ClassOf(c, Vocabulary.Answers(sheet).Single(x => x.Code == code).Label)
                        : none;
                v = v * _labels[c].Length + part;
            }
            return v;
        }

        private bool Expressible(string heading) => heading is "Totalt" or "Förvaltning" or "Enhet" || heading == background.Heading;

        private bool InRow(Figure f, int o, int g)
        {
            var (admin, unit) = audit._orgs[o];
            if (f.Scope.Unit is { } u ? unit != u : f.Scope.Administration is { } a && admin != a)
                return false;
            return f.Heading switch
            {
                "Totalt" => true,
                "Förvaltning" => audit.AdminName(admin) == f.Group,
                "Enhet" => (unit ?? Field.NotGiven) == f.Group,
                _ when f.Heading == background.Heading && f.Group == "Övriga/ej angivet" => g >= 2,
                _ when f.Heading == background.Heading => g == background.IndexOfLabel(f.Group),
                _ => throw new InvalidOperationException(f.Heading),
            };
        }

        private int[] Vars(Figure f, Func<int, int, int, bool> cell)
        {
            var vars = new List<int>();
            for (var o = 0; o < audit._orgs.Count; o++)
                for (var g = 0; g < G; g++)
                    if (InRow(f, o, g))
                        for (var v = 0; v < V; v++)
                            if (cell(o, g, v))
                                vars.Add(Index(o, g, v));
            return [.. vars];
        }

        private void Add(int[] vars, double low, double high, string why) => _constraints.Add((vars, low, high, why));

        /// <summary>A row of question c's sheet: its counts per answer, or, hidden, that it is listed.</summary>
        private void Row(Figure f, int c)
        {
            if (!Expressible(f.Heading))
                return;
            if (f.Counts is { } counts)
            {
                foreach (var group in counts.GroupBy(x => ClassOf(c, x.Key)))
                {
                    var at = group.Key;
                    if (at < 0)
                        throw new InvalidOperationException($"{f}: unknown answer column {group.First().Key}");
                    var count = group.Sum(x => x.Value);
                    Add(Vars(f, (o, g, w) => Part(w, c) == at), count, count, $"{f}: {string.Join("+", group.Select(x => x.Key))}");
                }
                return;
            }
            Add(Vars(f, (o, g, v) => true), 1, double.PositiveInfinity, $"{f} is listed: the group has respondents");
            Hide(f, "cell", "n", Vars(f, (o, g, v) => Answered(c, v)));
            for (var value = 0; value < _labels[c].Length - 1; value++)
                Hide(f, "answer count", _labels[c][value], Vars(f, (o, g, v) => Part(v, c) == value), Vars(f, (o, g, v) => Answered(c, v)));
        }

        private void Hide(Figure f, string kind, string what, int[] vars, int[]? group = null)
        {
            var truth = vars.Sum(i => _truth[i]);
            if (truth is < 1 or > 4)
                return;
            var key = $"{Name}|{string.Join(",", vars)}";
            Targets.TryAdd(key, new Target(vars, truth, kind, $"{f} {what}", group));
        }

        /// <summary>What a goal figure says, where the goal is counted over this model's questions and background.</summary>
        private void Goal(Figure f)
        {
            var rule = GoalRule(f.Table);
            if (rule is null || !Expressible(f.Heading) || f.Heading == "Enhet" || (f.Group == "Övriga/ej angivet" && background != Field.Gender))
                return;
            var (population, numerator) = rule.Value;
            var n = Vars(f, (o, g, v) => population(g, v));
            if (f.N is { } shown)
            {
                Add(n, shown, shown, $"{f}: n");
                if (numerator is not null && f.Outcome is { } outcome)
                {
                    var count = Math.Round(outcome * shown);
                    Add(Vars(f, (o, g, v) => population(g, v) && numerator(g, v)), count, count, $"{f}: outcome × n");
                }
                return;
            }
            if (f.Source.StartsWith("JSON", StringComparison.Ordinal) && f.Heading != "Totalt")
                Add(Vars(f, (o, g, v) => true), 1, double.PositiveInfinity, $"{f} is listed: the group has respondents");
            // A hidden goal figure is a group's when its population is the answerers of a group defined by background;
            // G_AVTAL's (those with D_DAGAR ≥ 1) is a combination of answers, whose groups' counts are the D_DAGAR and
            // D_AVTAL rows (targets of their own).
            if (f.Table == "G_AVTAL")
                return;
            Hide(f, "cell", "n", n);
            if (numerator is not null)
                Hide(f, "answer count", "numerator", Vars(f, (o, g, v) => population(g, v) && numerator(g, v)), n);
        }

        /// <summary>
        /// Each goal's population and numerator over the model's cells (db/0003 and db/0200: the goals' definitions,
        /// restated here from the domain brief), where the model holds every question the goal reads.
        /// </summary>
        private (Func<int, int, bool> Population, Func<int, int, bool>? Numerator)? GoalRule(string goal)
        {
            var home = background == Field.Home;
            int Town(string name) => Array.IndexOf(Field.Home.Groups, name);
            var (dagar, avtal, hubb, ledarskap, aterhamtning, hemkommun) =
                (Of("D_DAGAR"), Of("D_AVTAL"), Of("D_HUBB"), Of("L_LEDARSKAP"), Of("A_ATERHAMTNING"), Of("B_HEMKOMMUN"));
            bool Days(int v) => !Unticked(dagar, v) && (Vocabulary.Coarse(questions[dagar]) is null
                ? double.Parse(Label(dagar, v), System.Globalization.CultureInfo.GetCultureInfo("sv-SE")) >= 1
                : Part(v, dagar) == 1);
            return goal switch
            {
                "G_SVARSFREKVENS" => ((g, v) => true, null),
                "G_DISTANS" when dagar >= 0 => ((g, v) => !Unticked(dagar, v), (g, v) => Days(v)),
                "G_AVTAL" when dagar >= 0 && avtal >= 0 => ((g, v) => Days(v) && Answered(avtal, v), (g, v) => Label(avtal, v) == "Ja"),
                "G_ATERHAMTNING" when aterhamtning >= 0 => ((g, v) => Answered(aterhamtning, v),
                    (g, v) => Label(aterhamtning, v) is "Instämmer i mycket stor grad" or "Instämmer helt"),
                "G_HUBB_INTRESSE" when hubb >= 0 && home => (
                    (g, v) => !Unticked(hubb, v) && g != Town("Östersund") && g != Town("Annan kommun") && g != background.NotGivenIndex,
                    (g, v) => Label(hubb, v) == "Ja"),
                "G_CHEF_UTBILDNING" when ledarskap >= 0 && background == Field.Manager => (
                    (g, v) => !Unticked(ledarskap, v) && g == 0, (g, v) => Label(ledarskap, v) == "Ja"),
                "G_SPRIDNING" when hemkommun >= 0 => ((g, v) => !Unticked(hemkommun, v),
                    (g, v) => Label(hemkommun, v) is not ("Östersund" or "Krokom")),
                "G_SPRIDNING" when home => ((g, v) => g != background.NotGivenIndex,
                    (g, v) => g != Town("Östersund") && g != Town("Krokom")),
                _ => null,
            };
        }

        /// <summary>
        /// A breakdown lists every group with respondents in its scope, answered or not (README, Privacy), so a listed
        /// group has respondents and one not listed has none; neither says whether the group answered. Should an output
        /// list only the groups that answered, the respondents it leaves out break the equation: a misreading that fails
        /// the test.
        /// </summary>
        private void NotListed()
        {
            foreach (var sheet in audit._figures.Where(f => Of(f.Table) >= 0).GroupBy(f => (f.Source, f.Scope, f.Table, f.Heading)))
            {
                var c = Of(sheet.Key.Table);
                var heading = sheet.Key.Heading;
                if (!Expressible(heading) || heading == "Totalt")
                    continue;
                IEnumerable<string> domain = heading switch
                {
                    "Förvaltning" => [.. audit._adminCodes.Select(audit.AdminName), Field.NotGiven],
                    "Enhet" => [.. audit._wave.Units.Keys, Field.NotGiven],
                    _ => [.. background.Groups, Field.NotGiven],
                };
                var first = sheet.First();
                foreach (var group in domain.Except(sheet.Select(f => f.Group)))
                    if (Vars(first with { Group = group }, (o, g, v) => true) is { Length: > 0 } vars)
                        Add(vars, 0, 0, $"{first with { Group = group }} is not listed: the group has no respondents");
            }
        }

        /// <summary>Equations that the true counts break: a misreading of the outputs, not a finding.</summary>
        public IEnumerable<string> Misread() => _constraints
            .Where(c => c.Vars.Sum(i => _truth[i]) is var t && (t < c.Low - 1e-6 || t > c.High + 1e-6))
            .Select(c => $"{c.Why}: true {c.Vars.Sum(i => _truth[i])}, read [{c.Low}, {c.High}]");

        private Solver? _solver;
        private Variable[] _x = [];

        public Finding? Bound(Target target)
        {
            if (_solver is null)
            {
                _solver = Solver.CreateSolver("GLOP");
                // Cells that an equation says are empty are fixed at 0, so that GLOP's presolve drops them.
                var empty = _constraints.Where(c => c.High == 0).SelectMany(c => c.Vars).ToHashSet();
                _x = [.. Enumerable.Range(0, _truth.Length).Select(i => _solver.MakeNumVar(0, empty.Contains(i) ? 0 : double.PositiveInfinity, ""))];
                foreach (var (vars, min, max, _) in _constraints.Where(c => c.High > 0))
                {
                    var c = _solver.MakeConstraint(min, max);
                    foreach (var i in vars)
                        c.SetCoefficient(_x[i], 1);
                }
            }
            var high = Optimise(target, maximise: true);
            if (high > 4 + 1e-6)
                return null;
            var low = Optimise(target.Vars, maximise: false);
            if (low < 1 - 1e-6)
                return null;
            // An answer count of a group the attacker knows has at least 5 answers is what a shown row prints: the
            // promise protects groups under 5, and their answers.
            if (target.Group is { } group && Optimise(group, maximise: false) >= 5 - 1e-6)
                return null;
            var size = target.Group is { } members ? $", of a group of {members.Sum(i => _truth[i])}" : "";
            return new Finding(target.Kind, $"{target.Cell} ({Name} × {background.Heading}{size})", target.Truth, low, high);
        }

        private double Optimise(Target target, bool maximise) => Optimise(target.Vars, maximise);

        private double Optimise(int[] vars, bool maximise)
        {
            var objective = _solver!.Objective();
            objective.Clear();
            foreach (var i in vars)
                objective.SetCoefficient(_x[i], 1);
            if (maximise)
                objective.SetMaximization();
            else
                objective.SetMinimization();
            return _solver.Solve() switch
            {
                Solver.ResultStatus.OPTIMAL => objective.Value(),
                Solver.ResultStatus.UNBOUNDED => maximise ? double.PositiveInfinity : 0,
                var status => throw new InvalidOperationException($"LP {Name} × {background.Heading}: {status}"),
            };
        }
    }
}
