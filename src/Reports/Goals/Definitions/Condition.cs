using System.Globalization;
using System.Text;

namespace Survey.Reports.Goals.Definitions;

/// <summary>
/// A condition over one respondent's answers, as a goal's definition writes it: question codes compared with a
/// number or an option (label, alias or code), <c>in (…)</c>, <c>answered</c>, <c>and</c>/<c>or</c>/<c>not</c>
/// and parentheses, e.g. <c>B_HEMKOMMUN not in (Östersund, "Annan kommun") and D_HUBB answered</c>. Parsed and
/// checked against the instrument into a tree that holds only resolved codes and numbers, so the SQL it compiles to
/// never contains the user's text. A comparison with an unanswered question is unknown, as in SQL: a respondent
/// counts only where the whole condition is true.
/// </summary>
internal abstract record Condition
{
    /// <summary>Parses and checks <paramref name="text"/>; a mistake is a UserError naming the token and what was expected.</summary>
    public static Condition Parse(string text, Instrument instrument) => new ConditionParser(text, instrument).ParseAll();

    /// <summary>SQL over the report queries' answer columns (see WaveAggregate).</summary>
    public abstract string Sql();

    /// <summary>
    /// The condition over one respondent's answers as the SQL reads them (<see cref="Answers"/>), with SQL's logic of
    /// three values: null is unknown (a comparison with an unanswered question), and a respondent counts only where
    /// the whole condition is true. The ingest counts a first load with it (see RespondentCounter).
    /// </summary>
    public abstract bool? Holds(double?[] answers);

    /// <summary>The condition in Swedish words for the Definitioner sheet.</summary>
    public abstract string Words();

    /// <summary>The questions the condition reads, in order of appearance.</summary>
    public abstract IEnumerable<Question> Questions();

    internal sealed record And(Condition Left, Condition Right) : Condition
    {
        public override string Sql() => $"({Left.Sql()} AND {Right.Sql()})";
        public override bool? Holds(double?[] answers) => Left.Holds(answers) is var l && l == false ? false
            : Right.Holds(answers) is var r && r == false ? false : l == true && r == true ? true : null;
        public override string Words() => $"{Nested(Left)} och {Nested(Right)}";
        public override IEnumerable<Question> Questions() => Left.Questions().Concat(Right.Questions());
        private static string Nested(Condition c) => c is Or ? $"({c.Words()})" : c.Words();
    }

    internal sealed record Or(Condition Left, Condition Right) : Condition
    {
        public override string Sql() => $"({Left.Sql()} OR {Right.Sql()})";
        public override bool? Holds(double?[] answers) => Left.Holds(answers) is var l && l == true ? true
            : Right.Holds(answers) is var r && r == true ? true : l == false && r == false ? false : null;
        public override string Words() => $"{Left.Words()} eller {Right.Words()}";
        public override IEnumerable<Question> Questions() => Left.Questions().Concat(Right.Questions());
    }

    internal sealed record Not(Condition Inner) : Condition
    {
        public override string Sql() => $"(NOT {Inner.Sql()})";
        public override bool? Holds(double?[] answers) => !Inner.Holds(answers);
        public override string Words() => $"inte ({Inner.Words()})";
        public override IEnumerable<Question> Questions() => Inner.Questions();
    }

    internal sealed record Answered(Question Question, bool Negated) : Condition
    {
        public override string Sql() => $"({Question.Column} IS {(Negated ? "" : "NOT ")}NULL)";
        public override bool? Holds(double?[] answers) => Answers.Of(answers, Question) is not null != Negated;
        public override string Words() => $"{Question.Code} {(Negated ? "är obesvarad" : "är besvarad")}";
        public override IEnumerable<Question> Questions() => [Question];
    }

    /// <summary>A value the answer is compared with: the stored number (option code, or the unscaled number) and how to say it.</summary>
    internal sealed record Value(decimal Number, string Shown)
    {
        public string Sql => Number.ToString(CultureInfo.InvariantCulture);

        /// <summary>The number as the answers are compared with it (once, not per respondent).</summary>
        public double Double { get; } = (double)Number;
    }

    internal sealed record Comparison(Question Question, string Operator, Value Right) : Condition
    {
        public override string Sql() => $"({Question.Column} {Operator} {Right.Sql})";

        public override bool? Holds(double?[] answers) => Answers.Of(answers, Question) is not { } x ? null : Operator switch
        {
            "=" => x == Right.Double,
            "<>" => x != Right.Double,
            "<" => x < Right.Double,
            "<=" => x <= Right.Double,
            ">" => x > Right.Double,
            ">=" => x >= Right.Double,
            _ => throw new InvalidOperationException($"Unknown operator {Operator}."),
        };

        public override string Words() => $"{Question.Code} {Operator switch
        {
            "=" => "=",
            "<>" => "≠",
            ">=" => "≥",
            "<=" => "≤",
            _ => Operator,
        }} {Right.Shown}";

        public override IEnumerable<Question> Questions() => [Question];
    }

    internal sealed record Among(Question Question, IReadOnlyList<Value> Values, bool Negated) : Condition
    {
        public override string Sql() =>
            $"({Question.Column} {(Negated ? "NOT IN" : "IN")} ({string.Join(", ", Values.Select(v => v.Sql))}))";

        // The list holds no null, so IN is unknown only for an unanswered question.
        public override bool? Holds(double?[] answers)
        {
            if (Answers.Of(answers, Question) is not { } x)
                return null;
            foreach (var v in Values)
                if (v.Double == x)
                    return !Negated;
            return Negated;
        }

        public override string Words()
        {
            var shown = Values.Select(v => v.Shown).ToList();
            if (shown.Count == 1)
                return $"{Question.Code} {(Negated ? "≠" : "=")} {shown[0]}";
            var list = $"{string.Join(", ", shown[..^1])} eller {shown[^1]}";
            return $"{Question.Code} är {(Negated ? "varken " : "")}{list}";
        }

        public override IEnumerable<Question> Questions() => [Question];
    }

    /// <summary>A readable quoting of a label for the words: «Annan kommun».</summary>
    internal static string Quote(string label) => label.Any(c => char.IsWhiteSpace(c) || c is ',' or '(' or ')')
        ? $"«{label}»" : label;

    internal static string Join(IEnumerable<string> parts)
    {
        var list = parts.ToList();
        var builder = new StringBuilder();
        for (var i = 0; i < list.Count; i++)
            builder.Append(i == 0 ? "" : i == list.Count - 1 ? " och " : ", ").Append(list[i]);
        return builder.ToString();
    }
}
