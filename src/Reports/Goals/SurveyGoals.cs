using Survey.Reports.Goals.Definitions;

namespace Survey.Reports.Goals;

/// <summary>
/// The counting SQL of every survey goal, compiled from the definitions in the goal table (see GoalDefinition).
/// Each measure is SQL over one respondent's answers, named by lower-case question code (see WaveAggregate):
/// Answered says whether the respondent is in the denominator, Value what it adds to the numerator (1/0 for a
/// share, the answer for a mean, the respondent's mean for an index). Numbers are already unscaled (d_dagar 2.5 is
/// 2.5 days); answers that do not count ("Vet ej / Ej aktuellt" on the A_ questions) are already null.
/// A goal whose definition no longer checks against the instrument has no measure (and no outcome).
/// </summary>
internal static class SurveyGoals
{
    public static IReadOnlyList<SurveyMeasure> Measures(Instrument instrument, IReadOnlyList<GoalDefinition> definitions) =>
        definitions.Where(g => g.FromSurvey)
            .Select(g => GoalDefinitions.TryCompile(g, instrument).Compiled?.Measure)
            .OfType<SurveyMeasure>()
            .SelectMany(m => m.References.Prepend(m))
            .ToList();
}

/// <summary>
/// One survey goal's counting SQL. Squares is what it adds to the sum of squares (for the Welch interval of a mean
/// or index); for a share, whose values are 0 or 1, it is the value itself, which PostgreSQL computes once.
/// </summary>
internal sealed record SurveyMeasure(string GoalCode, string Answered, string Value, bool IsShare)
{
    public string Squares => IsShare ? Value : $"({Value}) * ({Value})";

    /// <summary>
    /// What <see cref="Value"/> (and <see cref="Adds"/>) is multiplied by: for a mean of a number stored in halves,
    /// its scale; for an index, a multiple of every count of answers it may be divided by. The value is then a whole
    /// number, and so is every sum and sum of squares, exact whatever the order rows are added and taken away in
    /// (the SQL's, the ingest's in C#, an upload's change); <see cref="WaveAggregate.ReadAsync"/> divides again.
    /// </summary>
    public long Unit { get; init; } = 1;

    /// <summary><see cref="Answered"/> in C#, over a respondent's answers as <see cref="Answers"/> reads them.</summary>
    public required Func<double?[], bool> Counts { get; init; }

    /// <summary><see cref="Value"/> in C# (read only where <see cref="Counts"/> holds).</summary>
    public required Func<double?[], double> Adds { get; init; }

    /// <summary>
    /// The published counts this goal's population is drawn from, counted beside it in the tally so that the wave's
    /// protection (<see cref="Privacy.WaveProtection"/>) decides both as linked cells: the sheet of each question the
    /// goal reads (its answers, and the goal's condition among them), when the goal counts fewer than that sheet.
    /// </summary>
    public IReadOnlyList<SurveyMeasure> References { get; init; } = [];

    /// <summary>For a reference: the goal it belongs to and the question whose sheet publishes it.</summary>
    public (string Goal, string Question)? ReferenceOf { get; init; }

    /// <summary>The background questions (B_KON, B_CHEF, B_HEMKOMMUN, …) the goal's condition and population read.</summary>
    public IReadOnlyList<string> Background { get; init; } = [];

    /// <summary>The questions with a sheet of their own (not background questions) the goal's condition and population read.</summary>
    public IReadOnlyList<string> Reads { get; init; } = [];

    /// <summary>Whether the goal's condition itself reads a background question (its n is then a group of respondents).</summary>
    public bool CountsBackground { get; init; }
}
