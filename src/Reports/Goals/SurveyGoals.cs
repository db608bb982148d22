namespace Survey.Reports.Goals;

/// <summary>
/// How each survey goal is counted, next to its definition (domain brief, "The plan's measurable goals"). Each
/// measure is SQL over one respondent's answers, named by lower-case question code (see WaveAggregate): Answered
/// says whether the respondent is in the denominator, Value what it adds to the numerator (1/0 for a share, the
/// respondent's mean for the index). Numbers are already unscaled (d_dagar 2.5 is 2.5 days); A_ answers that do
/// not count ("Vet ej / Ej aktuellt") are already null; for D_ and L_ questions "Vet ej" is an answer.
/// </summary>
internal static class SurveyGoals
{
    /// <summary>A respondent counts in the digital index when at least this many A_ questions are answered.</summary>
    public const int IndexMinimumAnswered = 7;

    // Answer option codes (stable codes of the instrument, domain brief).
    private const string Ja = "1";
    private const string Ostersund = "2380";
    private const string Krokom = "2309";
    private const string OtherMunicipality = "9999";

    public static IReadOnlyList<SurveyMeasure> Measures(Instrument instrument)
    {
        var indexQuestions = instrument.Questions.Where(q => q.Kind == "likert" && q.Code.StartsWith("A_", StringComparison.Ordinal))
            .Select(q => q.Column).ToList();
        var answered = $"num_nonnulls({string.Join(", ", indexQuestions)})";
        var sum = string.Join(" + ", indexQuestions.Select(c => $"coalesce({c}, 0)"));
        return
        [
            // Share with at least one remote day a week, among those who answered D_DAGAR.
            Share("G_DISTANS", "d_dagar IS NOT NULL", "d_dagar >= 1"),
            // Share with a written agreement among those working remotely at least one day (Vet ej is an answer).
            Share("G_AVTAL", "d_dagar >= 1 AND d_avtal IS NOT NULL", $"d_avtal = {Ja}"),
            // Mean of each respondent's mean over the A_ questions answered, when at least 7 of 10 are answered.
            new("G_DIGITAL_INDEX", $"{answered} >= {IndexMinimumAnswered}", $"({sum})::float8 / {answered}"),
            // Share answering 5 or 6 among those who answered (Vet ej / Ej aktuellt is no answer).
            Share("G_ATERHAMTNING", "a_aterhamtning IS NOT NULL", "a_aterhamtning >= 5"),
            // Share wishing at least one remote day a week, among those who answered D_ONSKAT.
            Share("G_HYBRID_VILJA", "d_onskat IS NOT NULL", "d_onskat >= 1"),
            // Share interested in a hub, among those living in the county outside Östersund who answered D_HUBB.
            Share("G_HUBB_INTRESSE", $"b_hemkommun NOT IN ({Ostersund}, {OtherMunicipality}) AND d_hubb IS NOT NULL", $"d_hubb = {Ja}"),
            // Share of managers trained in leading at a distance, among managers who answered L_LEDARSKAP.
            Share("G_CHEF_UTBILDNING", $"b_chef = {Ja} AND l_ledarskap IS NOT NULL", $"l_ledarskap = {Ja}"),
            // Share living outside Östersund and Krokom (Annan kommun included), among those who gave one.
            Share("G_SPRIDNING", "b_hemkommun IS NOT NULL", $"b_hemkommun NOT IN ({Ostersund}, {Krokom})"),
        ];
    }

    private static SurveyMeasure Share(string goal, string answered, string counts) =>
        new(goal, answered, $"CASE WHEN {counts} THEN 1 ELSE 0 END");
}

internal sealed record SurveyMeasure(string GoalCode, string Answered, string Value);
