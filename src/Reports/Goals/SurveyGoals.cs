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
    public static IReadOnlyList<SurveyMeasure> Measures(Instrument instrument) =>
        instrument.DefinedGoals.Where(g => g.FromSurvey)
            .Select(g => GoalDefinitions.TryCompile(g, instrument).Compiled?.Measure)
            .OfType<SurveyMeasure>()
            .ToList();
}

/// <summary>
/// One survey goal's counting SQL. Squares is what it adds to the sum of squares (for the Welch interval of a mean
/// or index); for a share, whose values are 0 or 1, it is the value itself, which PostgreSQL computes once.
/// </summary>
internal sealed record SurveyMeasure(string GoalCode, string Answered, string Value, bool IsShare)
{
    public string Squares => IsShare ? Value : $"({Value}) * ({Value})";
}
