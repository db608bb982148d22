using System.Text.RegularExpressions;

namespace Survey.Reports.Goals;

/// <summary>
/// Whether a wave measures a survey goal: only when it asks every question the goal's measure reads. A pulse of five
/// questions leaves the other goals "ej mätt" (not measured), which is neither 0 nor a small group.
/// </summary>
public static class GoalCoverage
{
    /// <summary>What the CLI, pages and workbooks show for a goal the wave does not measure.</summary>
    public const string NotMeasured = "ej mätt";

    /// <summary>The instrument questions a measure's SQL reads (its columns are the questions' lower-case codes).</summary>
    internal static IEnumerable<string> QuestionsOf(SurveyMeasure measure, Instrument instrument) =>
        instrument.Positioned
            .Where(q => Regex.IsMatch(measure.Answered + " " + measure.Value, $@"\b{Regex.Escape(q.Column)}\b"))
            .Select(q => q.Code);

    internal static bool Measured(SurveyMeasure measure, Instrument instrument, IReadOnlySet<string> waveQuestions) =>
        QuestionsOf(measure, instrument).All(waveQuestions.Contains);
}
