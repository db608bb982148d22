using Google.OrTools.LinearSolver;

namespace Survey.Tests.Privacy.Audit;

/// <summary>
/// The attack of privacy.md, written without the product's protection code: every published figure is a linear
/// equation over unknown cell counts, and for each hidden cell whose true count is 1–4 the attacker minimises and
/// maximises it (GLOP). One LP per question and background field: the unknowns are the respondents per
/// (administration/unit, group of the field, answer to the question), the equations every shown row of that
/// question's sheets in every workbook, the background sheets' sizes, and every goal figure over that question
/// (a goal's population, seven municipalities, managers, all respondents). That splits the joint problem into
/// relaxations, so it finds less than an attacker with every equation at once: a floor, never a false alarm.
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
        var models = Vocabulary.Questions.SelectMany(q => Field.All.Where(f => f.Question != q).Select(f => (q, f))).ToList();
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

    /// <summary>One LP: unknowns x[org, group of the field, answer to the question].</summary>
    private sealed class Model(LinearAudit audit, string question, Field background)
    {
        internal sealed record Target(int[] Vars, long Truth, string Kind, string Cell);

        private readonly string[] _values = [.. (question == "B_FORV"
            ? audit._adminCodes.Select(audit.AdminName)
            : Vocabulary.Answers(question).Select(a => a.Label)), Vocabulary.Unticked];
        private readonly List<(int[] Vars, double Low, double High, string Why)> _constraints = [];
        public readonly Dictionary<string, Target> Targets = [];
        private long[] _truth = [];

        private int G => background.Groups.Length + 1;
        private int V => _values.Length;
        private int Unticked => V - 1;
        private int Index(int o, int g, int v) => (o * G + g) * V + v;

        public void Build()
        {
            _truth = new long[audit._orgs.Count * G * V];
            foreach (var p in audit._wave.People)
                _truth[Index(audit._orgs.IndexOf((p.Administration, p.Unit)), background.IndexOf(p.Answers[background.Question]), ValueOf(p))]++;
            if (question == "B_FORV") // the answer is the administration itself
                for (var o = 0; o < audit._orgs.Count; o++)
                    for (var v = 0; v < V; v++)
                        if (v != (audit._orgs[o].Admin is { } a ? Array.IndexOf(audit._adminCodes, a) : Unticked))
                            for (var g = 0; g < G; g++)
                                Add([Index(o, g, v)], 0, 0, "no such answer");
            foreach (var f in audit._figures)
            {
                if (f.Table == question)
                    Row(f);
                else if (f.Table == background.Question && f.Counts is not null && f.Heading is "Totalt" or "Förvaltning" or "Enhet")
                    foreach (var (option, count) in f.Counts)
                        Add(Vars(f, (o, g, v) => g == background.IndexOfOption(option)), count, count, $"{f}: {option}");
                else if (f.Table == "B_FORV" && question != "B_FORV" && f.Counts is not null && Expressible(f.Heading))
                    foreach (var (name, count) in f.Counts)
                        Add(Vars(f, (o, g, v) => audit.AdminName(audit._orgs[o].Admin) == name), count, count, $"{f}: {name}");
                else if (f.Table.StartsWith("G_", StringComparison.Ordinal))
                    Goal(f);
            }
            NotListed();
        }

        private int ValueOf(AdversarialWave.Person p)
        {
            if (question == "B_FORV")
                return p.Administration is { } a ? Array.IndexOf(audit._adminCodes, a) : Unticked;
            var code = p.Answers.GetValueOrDefault(question);
            return code is { } c ? Vocabulary.Answers(question).ToList().FindIndex(a => a.Code == c) : Unticked;
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

        private bool Answered(int v) => v != Unticked && Vocabulary.CountsAsAnswer(question, _values[v]);

        private void Row(Figure f)
        {
            if (!Expressible(f.Heading))
                return;
            if (f.Counts is { } counts)
            {
                foreach (var (label, count) in counts)
                {
                    var v = Array.IndexOf(_values, label);
                    if (v < 0)
                        throw new InvalidOperationException($"{f}: unknown answer column {label}");
                    Add(Vars(f, (o, g, w) => w == v), count, count, $"{f}: {label}");
                }
                return;
            }
            Add(Vars(f, (o, g, v) => v != Unticked), 1, double.PositiveInfinity, $"{f} is listed");
            Hide(f, "cell", "n", Vars(f, (o, g, v) => Answered(v)));
            for (var value = 0; value < Unticked; value++)
                Hide(f, "answer count", _values[value], Vars(f, (o, g, v) => v == value));
        }

        private void Hide(Figure f, string kind, string what, int[] vars)
        {
            var truth = vars.Sum(i => _truth[i]);
            if (truth is < 1 or > 4)
                return;
            var key = $"{question}|{string.Join(",", vars)}";
            Targets.TryAdd(key, new Target(vars, truth, kind, $"{f} {what}"));
        }

        /// <summary>What a goal figure says, where the goal is counted over this question and background.</summary>
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
                Add(n, 1, double.PositiveInfinity, $"{f} is listed");
            Hide(f, "cell", "n", n);
            if (numerator is not null)
                Hide(f, "answer count", "numerator", Vars(f, (o, g, v) => population(g, v) && numerator(g, v)));
        }

        private (Func<int, int, bool> Population, Func<int, int, bool>? Numerator)? GoalRule(string goal)
        {
            var home = background == Field.Home;
            int Town(string name) => Array.IndexOf(Field.Home.Groups, name);
            string Value(int v) => _values[v];
            return goal switch
            {
                "G_SVARSFREKVENS" => ((g, v) => true, null),
                "G_DISTANS" when question == "D_DAGAR" => ((g, v) => v != Unticked,
                    (g, v) => double.Parse(Value(v), System.Globalization.CultureInfo.GetCultureInfo("sv-SE")) >= 1),
                "G_ATERHAMTNING" when question == "A_ATERHAMTNING" => ((g, v) => Answered(v),
                    (g, v) => Value(v) is "Instämmer i mycket stor grad" or "Instämmer helt"),
                "G_HUBB_INTRESSE" when question == "D_HUBB" && home => (
                    (g, v) => v != Unticked && g != Town("Östersund") && g != Town("Annan kommun") && g != background.NotGivenIndex,
                    (g, v) => Value(v) == "Ja"),
                "G_CHEF_UTBILDNING" when question == "L_LEDARSKAP" && background == Field.Manager => (
                    (g, v) => v != Unticked && g == 0, (g, v) => Value(v) == "Ja"),
                "G_SPRIDNING" when question == "B_HEMKOMMUN" => ((g, v) => v != Unticked,
                    (g, v) => Value(v) is not ("Östersund" or "Krokom")),
                "G_SPRIDNING" when home => ((g, v) => g != background.NotGivenIndex,
                    (g, v) => g != Town("Östersund") && g != Town("Krokom")),
                _ => null,
            };
        }

        /// <summary>A breakdown that lists some groups says the others answered nothing.</summary>
        private void NotListed()
        {
            foreach (var sheet in audit._figures.Where(f => f.Table == question).GroupBy(f => (f.Source, f.Scope, f.Heading)))
            {
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
                    if (Vars(first with { Group = group }, (o, g, v) => v != Unticked) is { Length: > 0 } vars)
                        Add(vars, 0, 0, $"{first with { Group = group }} is not listed");
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
            var low = Optimise(target, maximise: false);
            return low >= 1 - 1e-6 ? new Finding(target.Kind, $"{target.Cell} ({question} × {background.Heading})", target.Truth, low, high) : null;
        }

        private double Optimise(Target target, bool maximise)
        {
            var objective = _solver!.Objective();
            objective.Clear();
            foreach (var i in target.Vars)
                objective.SetCoefficient(_x[i], 1);
            if (maximise)
                objective.SetMaximization();
            else
                objective.SetMinimization();
            return _solver.Solve() switch
            {
                Solver.ResultStatus.OPTIMAL => objective.Value(),
                Solver.ResultStatus.UNBOUNDED => maximise ? double.PositiveInfinity : 0,
                var status => throw new InvalidOperationException($"LP {question} × {background.Heading}: {status}"),
            };
        }
    }
}
