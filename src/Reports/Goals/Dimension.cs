namespace Survey.Reports.Goals;

/// <summary>A background question that outcomes are broken down by, with its Swedish heading.</summary>
internal sealed record Dimension(string Key, string QuestionCode, string Heading)
{
    public const string NotGiven = "Ej angivet";

    public static readonly Dimension Gender = new("gender", "B_KON", "Kön");
    public static readonly Dimension Administration = new("administration", "B_FORV", "Förvaltning");
    public static readonly Dimension Municipality = new("municipality", "B_HEMKOMMUN", "Hemkommun");
    public static readonly Dimension AgeBand = new("ageBand", "B_ALDER", "Åldersgrupp");
    public static readonly Dimension Manager = new("manager", "B_CHEF", "Chef/medarbetare");
    public static readonly Dimension WorkMunicipality = new("workMunicipality", "B_ARBKOMMUN", "Arbetskommun");

    /// <summary>The breakdowns of every goal, in the order of the JSON.</summary>
    public static readonly IReadOnlyList<Dimension> OfGoals = [Gender, Administration, Municipality, AgeBand, Manager];

    /// <summary>Every background question the reports group by; their own distributions are never published.</summary>
    public static readonly IReadOnlyList<Dimension> Background = [.. OfGoals, WorkMunicipality];

    public static bool IsBackground(string questionCode) => Background.Any(d => d.QuestionCode == questionCode);

    public string Column => QuestionCode.ToLowerInvariant();

    /// <summary>The Swedish name of a group: the administration's name, the option's label, or "Ej angivet".</summary>
    public string Label(Instrument instrument, short? value)
    {
        if (value is not { } v)
            return NotGiven;
        if (this == Administration)
            return instrument.CountedAdministrations.FirstOrDefault(a => a.Id == v)?.Name ?? v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var label = instrument.OptionsOf(QuestionCode).FirstOrDefault(o => o.Code == v)?.Label;
        if (this == Manager)
            return label == "Ja" ? "Chef" : label == "Nej" ? "Medarbetare" : label ?? v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return label ?? v.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
