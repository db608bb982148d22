using System.Globalization;

namespace Survey.Tests.Privacy.Audit;

/// <summary>A background field the outputs break figures down by: its heading, question, and group labels.</summary>
/// <param name="Groups">Labels of the groups in breakdown rows ("Chef" for B_CHEF's "Ja").</param>
/// <param name="Options">The same groups as the question's sheet names its answer columns.</param>
/// <param name="Codes">The stored answer codes, in the same order.</param>
internal sealed record Field(string Heading, string Question, string[] Groups, string[] Options, short[] Codes)
{
    public const string NotGiven = "Ej angivet";

    public int NotGivenIndex => Groups.Length;

    public int IndexOf(short? code) => code is { } c ? Array.IndexOf(Codes, c) : NotGivenIndex;

    public int? IndexOfLabel(string label) =>
        label == NotGiven ? NotGivenIndex : Array.IndexOf(Groups, label) is >= 0 and var i ? i : null;

    public int? IndexOfOption(string option) => Array.IndexOf(Options, option) is >= 0 and var i ? i : null;

    private static readonly string[] Towns = ["Berg", "Bräcke", "Härjedalen", "Krokom", "Ragunda", "Strömsund", "Åre", "Östersund", "Annan kommun"];
    private static readonly short[] TownCodes = [2326, 2305, 2361, 2309, 2303, 2313, 2321, 2380, 9999];

    public static readonly Field Gender = new("Kön", "B_KON", ["Kvinna", "Man", "Annat", "Vill ej uppge"], ["Kvinna", "Man", "Annat", "Vill ej uppge"], [1, 2, 3, 4]);
    public static readonly Field AgeBand = new("Åldersgrupp", "B_ALDER", ["-29", "30-49", "50-"], ["-29", "30-49", "50-"], [1, 2, 3]);
    public static readonly Field Manager = new("Chef/medarbetare", "B_CHEF", ["Chef", "Medarbetare"], ["Ja", "Nej"], [1, 2]);
    public static readonly Field Home = new("Hemkommun", "B_HEMKOMMUN", Towns, Towns, TownCodes);
    public static readonly Field Work = new("Arbetskommun", "B_ARBKOMMUN", Towns, Towns, TownCodes);

    public static readonly IReadOnlyList<Field> All = [Gender, AgeBand, Manager, Home, Work];
}

/// <summary>The answer labels the sheets print for the questions the adversarial waves answer (domain brief).</summary>
internal static class Vocabulary
{
    public const string Unticked = "(inget svar)";

    private static readonly string[] Likert =
        ["Instämmer inte alls", "Instämmer i liten grad", "Instämmer delvis", "Instämmer till stor del", "Instämmer i mycket stor grad", "Instämmer helt"];

    /// <summary>Question code to (stored code, label) of every answer its sheet has a column for.</summary>
    public static IReadOnlyList<(short Code, string Label)> Answers(string question) => question switch
    {
        "D_DAGAR" => Enumerable.Range(0, 11).Select(k => ((short)k, (k / 2.0).ToString("0.#", CultureInfo.GetCultureInfo("sv-SE")))).ToList(),
        "D_HUBB" or "D_AVTAL" => [(1, "Ja"), (2, "Nej"), (3, "Vet ej")],
        "L_LEDARSKAP" => [(1, "Ja"), (2, "Nej"), (3, "Anmäld")],
        "A_ATERHAMTNING" => [.. Likert.Select((l, i) => ((short)(i + 1), l)), (9, "Vet ej / Ej aktuellt")],
        _ => Field.All.Single(f => f.Question == question) is var f ? f.Codes.Zip(f.Options).ToList() : [],
    };

    /// <summary>Answers that the sheets leave out of n ("Vet ej / Ej aktuellt" on the Likert questions).</summary>
    public static bool CountsAsAnswer(string question, string label) => label != "Vet ej / Ej aktuellt" && label != Unticked;

    /// <summary>
    /// The questions the audit models, one LP per entry and background field: D_AVTAL with D_DAGAR in two classes
    /// (G_AVTAL counts one among the other's answers), the others alone, background ones included (their cells are
    /// group sizes).
    /// </summary>
    public static readonly IReadOnlyList<string[]> Models =
        [["D_DAGAR"], [DaysClasses, "D_AVTAL"], ["D_HUBB"], ["A_ATERHAMTNING"], ["L_LEDARSKAP"], ["B_FORV"], ["B_KON"], ["B_ALDER"], ["B_CHEF"], ["B_HEMKOMMUN"], ["B_ARBKOMMUN"]];

    /// <summary>D_DAGAR in two classes, under 1 day and 1 or more, as G_AVTAL's population reads it.</summary>
    public const string DaysClasses = "D_DAGAR≥1";

    /// <summary>The sheet a model's question reads (D_DAGAR for its classes).</summary>
    public static string Sheet(string question) => question == DaysClasses ? "D_DAGAR" : question;

    /// <summary>A coarse question's classes, or null.</summary>
    public static string[]? Coarse(string question) => question == DaysClasses ? ["under 1 dag", "1 dag eller fler"] : null;

    /// <summary>The class of one of the sheet's answer columns.</summary>
    public static int ClassOf(string question, string label) =>
        double.Parse(label, CultureInfo.GetCultureInfo("sv-SE")) >= 1 ? 1 : 0;
}
