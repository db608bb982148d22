using Survey.Ingest.Uploads;

namespace Survey.Tests.Ingest.Uploads;

public sealed class UploadResultTests
{
    private static readonly UploadResult Rejected = new("export;1.csv", "V16-2021", "rejected", 2, 0, 0, 0, ["E-post"],
    [
        new UploadProblem(3, "3. Kön", "X<", "Ogiltigt svar för B_KON: ska vara ett av 1 Kvinna, 2 Man, 3 Annat, 4 Vill ej uppge."),
        new UploadProblem(null, null, null, "Ytterligare 5 problem visas inte."),
    ])
    {
        HeaderRows = 1,
        Warnings = ["Filen saknar 1 av mätningens 28 frågor: F_BATTRE."],
    };

    [Fact]
    public void The_json_has_exactly_the_documented_fields()
    {
        Assert.Equal(
            """{"file":"export;1.csv","wave":"V16-2021","status":"rejected","rows":2,"inserted":0,"updated":0,"unchanged":0,"ignoredColumns":["E-post"],"problems":[{"line":3,"column":"3. Kön","value":"X<","message":"Ogiltigt svar för B_KON: ska vara ett av 1 Kvinna, 2 Man, 3 Annat, 4 Vill ej uppge."},{"line":null,"column":null,"value":null,"message":"Ytterligare 5 problem visas inte."}],"headerRows":1,"stored":0,"leftOut":[],"warnings":["Filen saknar 1 av mätningens 28 frågor: F_BATTRE."],"newAdministrations":[],"newUnits":[]}""",
            Rejected.ToJson());
    }

    [Fact]
    public void The_swedish_summary_says_what_happened_and_lists_each_problem()
    {
        Assert.Equal("""
            Fil: export;1.csv
            Mätning: V16-2021
            Status: avvisad, ingenting sparades. Rätta filen och ladda upp den igen.
            Rader: 3 lästa, varav 1 rubrikrader och 2 datarader
            Sparade: 0 (nya: 0, ändrade: 0, oförändrade: 0)
            VARNING: Filen saknar 1 av mätningens 28 frågor: F_BATTRE.
            Ignorerade kolumner: E-post
            Problem (6):
              Rad 3, kolumn "3. Kön", värde "X<": Ogiltigt svar för B_KON: ska vara ett av 1 Kvinna, 2 Man, 3 Annat, 4 Vill ej uppge.
              Ytterligare 5 problem visas inte.

            """.ReplaceLineEndings(), UploadReport.ToSwedishText(Rejected));
    }

    [Fact]
    public void An_accepted_summary_gives_the_counts_with_swedish_digit_grouping()
    {
        var accepted = new UploadResult("a.xlsx", "V16-2021", "accepted", 12_000, 10_000, 1_500, 499, [], [new UploadProblem(7, "B_KON", "9", "x")]);
        var text = UploadReport.ToSwedishText(accepted);
        Assert.Contains("Status: godkänd, men 1 rader med fel hoppades över", text);
        Assert.Contains("Sparade: 11\u00A0999 (nya: 10\u00A0000, ändrade: 1\u00A0500, oförändrade: 499)", text);
    }

    [Fact]
    public void A_first_load_of_a_big_organisation_names_20_new_units_and_counts_the_rest_while_the_json_lists_all()
    {
        var units = Enumerable.Range(1, 48_664).Select(i => new NewOrganisation($"HSF-{i:0000}", 21)).ToList();
        var accepted = new UploadResult("a.csv", "V16-2021", "accepted", 1_000_000, 1_000_000, 0, 0, [], []) { NewUnits = units };
        var line = UploadReport.ToSwedishText(accepted).Split(Environment.NewLine).Single(l => l.StartsWith("Nya enheter:"));
        Assert.Equal("Nya enheter: " + string.Join(", ", Enumerable.Range(1, 20).Select(i => $"HSF-{i:0000} (21 svar)")) +
                     " och 48\u00A0644 till (48\u00A0664 nya enheter i allt)", line);
        Assert.Equal(48_664, System.Text.Json.JsonDocument.Parse(accepted.ToJson()).RootElement.GetProperty("newUnits").GetArrayLength());
    }

    [Fact]
    public void A_problem_with_the_whole_file_is_counted()
    {
        var rejected = new UploadResult("a.csv", "V16-2021", "rejected", 0, 0, 0, 0, [], [new UploadProblem(null, null, null, "Filen är tom.")]);
        Assert.Contains("Problem (1):", UploadReport.ToSwedishText(rejected));
    }
}
