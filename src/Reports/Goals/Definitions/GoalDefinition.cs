using System.Globalization;

namespace Survey.Reports.Goals.Definitions;

/// <summary>
/// What a goal counts, as stored in the goal table (db/0200): its kind and, per kind, the condition and population
/// (share), the question (mean), the questions and how many must be answered (index). Response rate and indicator
/// need nothing more. <see cref="Compile"/> checks it against the instrument and gives the counting SQL and the
/// words of the Definitioner sheet from the same tree, so what is counted and what is said cannot drift apart.
/// </summary>
internal sealed record GoalDefinition(string Code, string Kind, string? Condition, string? Population,
    IReadOnlyList<string> Questions, int? MinAnswered, string? Note)
{
    public const string Share = "share", Mean = "mean", Index = "index", ResponseRate = "response_rate", Indicator = "indicator";

    public static readonly IReadOnlyList<string> Kinds = [Share, Mean, Index, ResponseRate, Indicator];

    public bool FromSurvey => Kind is Share or Mean or Index;

    /// <summary>The measure column (share, mean, index, count) and source column (survey, headcount, indicator) it implies.</summary>
    public (string Measure, string Source) Columns => Kind switch
    {
        Share => ("share", "survey"),
        Mean => ("mean", "survey"),
        Index => ("index", "survey"),
        ResponseRate => ("share", "headcount"),
        _ => ("count", "indicator"),
    };

    /// <summary>Checks the definition against the instrument; a mistake is a Swedish UserError naming what is wrong.</summary>
    public Compiled Compile(Instrument instrument)
    {
        switch (Kind)
        {
            case Share:
            {
                var condition = Parse(Condition, "--condition", instrument)
                                ?? throw new UserError($"{Code}: en andel behöver ett villkor (--condition), t.ex. \"A_ERGONOMI >= 5\".");
                var population = Parse(Population, "--population", instrument);
                var asked = condition.Questions().DistinctBy(q => q.Code).ToList();
                var answered = string.Join(" AND ", asked.Select(q => $"{q.Column} IS NOT NULL"));
                var denominator = population is null ? answered : $"{population.Sql()} AND {answered}";
                var among = population is null ? "" : $"där {population.Words()} och ";
                var value = $"CASE WHEN {condition.Sql()} THEN 1 ELSE 0 END";
                Func<double?[], double> adds = a => condition.Holds(a) == true ? 1 : 0;
                var measure = new SurveyMeasure(Code, denominator, value, IsShare: true)
                {
                    Counts = a => (population is null || population.Holds(a) == true) && AnsweredCount(a, asked) == asked.Count,
                    Adds = adds,
                };
                return new Compiled(
                    Linked(measure, asked, population?.Questions(), value, adds, asked.Any(q => Dimension.IsBackground(q.Code))),
                    $"Andel svarande där {condition.Words()}, bland dem {among}som besvarat {Definitions.Condition.Join(asked.Select(q => q.Code))}." +
                    Explain(instrument, asked.Concat(population?.Questions() ?? [])));
            }
            case Mean:
            {
                var question = Single(instrument);
                var population = Parse(Population, "--population", instrument);
                var denominator = $"{question.Column} IS NOT NULL" + (population is null ? "" : $" AND {population.Sql()}");
                // A number stored in halves is counted in halves, so that its sums are whole numbers (SurveyMeasure.Unit).
                var unit = instrument.Divisor(question);
                var value = unit == 1 ? $"{question.Column}::float8" : $"round({question.Column} * {unit})";
                Func<double?[], double> adds = unit == 1 ? a => Answers.Of(a, question)!.Value : a => Math.Round(Answers.Of(a, question)!.Value * unit);
                var measure = new SurveyMeasure(Code, denominator, value, IsShare: false)
                {
                    Counts = a => Answers.Of(a, question) is not null && (population is null || population.Holds(a) == true),
                    Adds = adds,
                    Unit = unit,
                };
                return new Compiled(Linked(measure, [question], population?.Questions(), value, adds, false),
                    $"Medelvärde av svaren på {question.Code} bland dem {(population is null ? "" : $"där {population.Words()} och ")}som besvarat frågan." +
                    Explain(instrument, [question, .. population?.Questions() ?? []]));
            }
            case Index:
            {
                var questions = Questions.Select(code => Question(instrument, code)).ToList();
                if (questions.Count < 2)
                    throw new UserError($"{Code}: ett index behöver minst två frågor (--questions A_UTRUSTNING,A_MOTEN,…).");
                if (questions.FirstOrDefault(q => q.Kind is not ("likert" or "number")) is { } bad)
                    throw new UserError($"{Code}: {bad.Code} har svarsalternativ utan ordning och kan inte ingå i ett index; förväntade frågor med skala (t.ex. A_-frågorna).");
                var k = MinAnswered ?? questions.Count;
                if (k < 1 || k > questions.Count)
                    throw new UserError($"{Code}: --min-answered {k} passar inte {questions.Count} frågor; förväntade ett tal från 1 till {questions.Count}.");
                var population = Parse(Population, "--population", instrument);
                var count = $"num_nonnulls({string.Join(", ", questions.Select(q => q.Column))})";
                var sum = string.Join(" + ", questions.Select(q => $"coalesce({q.Column}, 0)"));
                var denominator = $"{count} >= {k.ToString(CultureInfo.InvariantCulture)}" + (population is null ? "" : $" AND {population.Sql()}");
                // A respondent's mean of 7 to 10 answers times 2520 (and a number's halves) is a whole number (SurveyMeasure.Unit).
                var unit = IndexUnit(k, questions.Count, questions.Select(instrument.Divisor));
                return new Compiled(new SurveyMeasure(Code, denominator,
                        unit == 1 ? $"({sum})::float8 / {count}" : $"round(({sum})::float8 * {unit} / {count})", IsShare: false)
                    {
                        Counts = a => AnsweredCount(a, questions) >= k && (population is null || population.Holds(a) == true),
                        Adds = unit == 1
                            ? a => AnswerSum(a, questions) / AnsweredCount(a, questions)
                            : a => Math.Round(AnswerSum(a, questions) * unit / AnsweredCount(a, questions)),
                        Unit = unit,
                    },
                    $"Medelvärde över svarande av varje svarandes medelvärde av {questions.Count} frågor " +
                    $"({Definitions.Condition.Join(questions.Select(q => q.Code))}); en svarande räknas när minst {k} av {questions.Count} är besvarade" +
                    (population is null ? "." : $", bland dem där {population.Words()}.") +
                    Explain(instrument, questions.Concat(population?.Questions() ?? [])));
            }
            case ResponseRate:
                return new Compiled(null,
                    "Antal svarande i mätningen delat med mätningens totala antal anställda enligt personalunderlaget (n = antal svarande).");
            case Indicator:
                return new Compiled(null, "Manuell indikator: värdet för perioden laddas upp (mål, period, värde, kommentar).");
            default:
                throw new UserError($"Okänd måltyp '{Kind}': förväntade {string.Join(", ", Kinds)}.");
        }
    }

    /// <summary>
    /// The goal's measure with the published counts it is part of (<see cref="SurveyMeasure.References"/>): where a
    /// population narrows it, each non-background question it reads has a sheet whose n (and count of the
    /// condition) includes the goal's, so the difference is a set of respondents that the protection must see.
    /// </summary>
    private SurveyMeasure Linked(SurveyMeasure measure, IReadOnlyList<Question> asked,
        IEnumerable<Question>? population, string value, Func<double?[], double> adds, bool countsBackground)
    {
        var read = asked.Concat(population ?? []).DistinctBy(q => q.Code).ToList();
        var references = population is null && asked.Count == 1 ? [] : read.Where(q => !Dimension.IsBackground(q.Code))
            .Select(q =>
            {
                var same = asked.Count == 1 && asked[0].Code == q.Code;
                return new SurveyMeasure($"{Code}/{q.Code}", $"{q.Column} IS NOT NULL", same ? value : "0", measure.IsShare)
                {
                    ReferenceOf = (Code, q.Code),
                    Counts = a => Answers.Of(a, q) is not null,
                    Adds = same ? adds : _ => 0,
                    Unit = same ? measure.Unit : 1,
                };
            })
            .ToList();
        return measure with
        {
            References = references,
            Background = [.. read.Where(q => Dimension.IsBackground(q.Code)).Select(q => q.Code)],
            Reads = [.. read.Where(q => !Dimension.IsBackground(q.Code)).Select(q => q.Code)],
            CountsBackground = countsBackground,
        };
    }

    /// <summary>
    /// The least multiple of every count of answers from <paramref name="k"/> to <paramref name="n"/> and of every
    /// divisor; 1 (sums in floating point, exact only up to the order they are added in) where that multiple is so
    /// large that a million respondents' sums of squares would pass 2^53.
    /// </summary>
    private static long IndexUnit(int k, int n, IEnumerable<int> divisors)
    {
        static long Lcm(long a, long b) => a / long.Max(1, (long)System.Numerics.BigInteger.GreatestCommonDivisor(a, b)) * b;
        var unit = Enumerable.Range(k, n - k + 1).Select(c => (long)c).Concat(divisors.Select(d => (long)d)).Aggregate(1L, Lcm);
        return unit <= 10_000 ? unit : 1;
    }

    /// <summary>The counting SQL (none for response rate and indicators) and the definition in words.</summary>
    internal sealed record Compiled(SurveyMeasure? Measure, string Words);

    // What a measure's Counts and Adds read for every respondent counted in C# (a million per first load): plain loops
    // without a closure per call, summing in the questions' order.
    private static int AnsweredCount(double?[] answers, List<Question> questions)
    {
        var n = 0;
        foreach (var q in questions)
            n += Answers.Of(answers, q) is null ? 0 : 1;
        return n;
    }

    private static double AnswerSum(double?[] answers, List<Question> questions)
    {
        var sum = 0.0;
        foreach (var q in questions)
            sum += Answers.Of(answers, q) ?? 0;
        return sum;
    }

    private Question Single(Instrument instrument)
    {
        if (Questions.Count != 1)
            throw new UserError($"{Code}: ett medelvärde gäller en fråga (--question D_RESTID), inte {Questions.Count}.");
        var question = Question(instrument, Questions[0]);
        if (question.Kind is not ("likert" or "number"))
            throw new UserError($"{Code}: {question.Code} har svarsalternativ utan ordning; ett medelvärde behöver en fråga med tal eller skala.");
        return question;
    }

    private Question Question(Instrument instrument, string code) =>
        instrument.Positioned.FirstOrDefault(q => string.Equals(q.Code, code.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new UserError($"{Code}: okänd fråga '{code}': förväntade en frågekod ur instrumentet (fritextfrågor och enhet kan inte räknas).");

    private static Condition? Parse(string? text, string option, Instrument instrument)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        try
        {
            return Definitions.Condition.Parse(text, instrument);
        }
        catch (UserError e)
        {
            throw new UserError($"{option}: {e.Message}");
        }
    }

    /// <summary>The questions' texts and which answers count as none, from the instrument.</summary>
    private static string Explain(Instrument instrument, IEnumerable<Question> questions)
    {
        var parts = new List<string>();
        foreach (var q in questions.DistinctBy(q => q.Code))
        {
            var none = instrument.OptionsOf(q.Code).Where(o => !o.CountsAsAnswer).Select(o => $"«{o.Label}»").ToList();
            parts.Add($"{q.Code}: {q.Text}" + (none.Count == 0 ? "" : $" ({string.Join(", ", none)} räknas som ej besvarad)"));
        }
        return parts.Count == 0 ? "" : " " + string.Join("; ", parts) + ".";
    }
}
