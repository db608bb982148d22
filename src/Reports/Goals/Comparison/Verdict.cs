namespace Survey.Reports.Goals.Comparison;

/// <summary>What a change means for the board, in the words of the goal table's legend.</summary>
public static class Verdict
{
    public const string Better = "säker förbättring", Worse = "säker försämring", WithinMargin = "inom felmarginalen",
        Unchanged = "oförändrad";

    /// <summary>The legend under every table that shows changes.</summary>
    public const string Legend =
        "Förändring: skillnaden mot föregående jämförbara mätning (procentenheter för andelar, poäng för medelvärden och " +
        "index) med 95 % felmarginal inom parentes. Säker förändring (säker förbättring eller säker försämring) = " +
        "felmarginalen utesluter noll, så förändringen är med stor sannolikhet verklig och inte slumpen; inom " +
        "felmarginalen = förändringen kan vara slump. " +
        "Svarsfrekvens och indikatorer är helräkningar utan felmarginal. En årlig mätning jämförs med föregående årliga " +
        "mätning, en pulsmätning med senaste mätningen. Ej mätt = målet mättes inte i denna mätning eller i någon tidigare " +
        "jämförbar mätning.";

    internal static string Of(string direction, Difference.Interval change)
    {
        if (!change.Significant)
            return change.Low == change.High ? Unchanged : WithinMargin;
        return (change.Value > 0) == (direction != "lower") ? Better : Worse;
    }
}
