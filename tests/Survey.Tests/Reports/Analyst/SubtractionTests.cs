using Survey.Reports.Analyst;
using Survey.Tests.Reports.Workbooks;

namespace Survey.Tests.Reports.Analyst;

/// <summary>
/// Groups under five must not be recoverable by subtraction. Hälso- och sjukvårdsförvaltningen (2) has units HA
/// (10 respondents, all 2 remote days) and HB (3 respondents, all 0 days); Regionstab (1) unit RA: 6 respondents,
/// A_ATERHAMTNING 1, 2, 3, 4 and twice "Vet ej"; Regional utveckling (3) unit UA: 5 respondents.
/// </summary>
public sealed class SubtractionTests(TestDatabase db) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        var data = new SurveyData(db.DataSource);
        var wave = await data.WaveIdAsync("V16-2021");
        if (await data.RespondentsAsync(wave) > 0)
            return;
        var upload = await data.UploadAsync("survey", wave, "x.csv");
        var list = new List<Respondent>();
        void Add(string unit, short administration, int count, short days, Func<int, short?> recovery)
        {
            for (var i = 0; i < count; i++)
                list.Add(new Respondent($"{unit}-{i}", unit,
                    [("B_KON", 1), ("B_FORV", administration), ("D_DAGAR", days), ("A_ATERHAMTNING", recovery(i))]));
        }
        Add("HA", 2, 10, 4, _ => 5);
        Add("HB", 2, 3, 0, _ => 5);
        Add("RA", 1, 6, 2, i => i < 4 ? (short)(i + 1) : (short)9);
        Add("UA", 3, 5, 2, _ => 5);
        await data.AddAsync(wave, upload, [.. list]);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<WorkbookReader> WriteAsync(params (string, string)[] filters)
    {
        using var output = new MemoryStream();
        await AnalystWorkbooks.WriteAsync(db.DataSource, "V16-2021", filters, output, default);
        return new WorkbookReader(output.ToArray());
    }

    [Fact]
    public async Task Units_are_listed_in_long_format_on_a_sheet_of_their_own()
    {
        using var book = await WriteAsync();
        Assert.Equal(["D_DAGAR", "Enheter", "Fritext"], book.SheetNames.SkipWhile(n => n != "D_DAGAR").Where(n => n is "D_DAGAR" or "Enheter" or "Fritext"));
        Assert.DoesNotContain(book.Rows("D_DAGAR"), r => r["A"] == "Enhet");
        Assert.Empty(book.ValidationErrors());
        var rows = book.Rows("Enheter");
        Assert.Equal(["Enhet", "Förvaltning", "Fråga", "Svarsalternativ", "Antal", "Andel", "n", "Medel", "Anmärkning"], rows[0].Values);
        // D_DAGAR has 11 answers (0 to 5 days by halves), A_ATERHAMTNING 7 (1 to 6 and Vet ej): a row for each, per unit,
        // by administration (Hälso- och sjukvård, Regional utveckling, Regionstab) and unit.
        Assert.Equal(4 * 11 + 4 * 7, rows.Count - 1);
        Assert.Equal(["HA", "HB", "UA", "RA"], rows.Skip(1).Where(r => r["C"] == "D_DAGAR").Select(r => r["A"]).Distinct());
        var ra = rows.Where(r => r["A"] == "RA" && r["C"] == "D_DAGAR").ToList();
        Assert.Equal(["0", "0,5", "1", "1,5", "2", "2,5", "3", "3,5", "4", "4,5", "5"], ra.Select(r => r["D"]));
        // RA's 6 respondents all work 1 day (stored as 2 half days) remotely.
        Assert.Equal(new Dictionary<string, string>
        {
            ["A"] = "RA", ["B"] = "Regionstab", ["C"] = "D_DAGAR", ["D"] = "1", ["E"] = "6", ["F"] = "1", ["G"] = "6", ["H"] = "1",
        }, ra[2]);
        Assert.Equal(("0", "0", "6"), (ra[0]["E"], ra[0]["F"], ra[0]["G"]));
        // HA is hidden with HB (3) within their administration: every row a marker.
        Assert.All(rows.Where(r => r["A"] == "HA" && r["C"] == "D_DAGAR"), r =>
            Assert.Equal(("–", "–", "–", "–", "färre än 5 svar"), (r["E"], r["F"], r["G"], r["H"], r["I"])));
        // A_ATERHAMTNING hides every unit (see below), Vet ej's row included.
        Assert.Equal(["Instämmer inte alls", "Instämmer i liten grad", "Instämmer delvis", "Instämmer till stor del",
            "Instämmer i mycket stor grad", "Instämmer helt", "Vet ej / Ej aktuellt"],
            rows.Where(r => r["A"] == "RA" && r["C"] == "A_ATERHAMTNING").Select(r => r["D"]));
        Assert.All(rows.Where(r => r["C"] == "A_ATERHAMTNING"), r => Assert.Equal(("–", "färre än 5 svar"), (r["G"], r["I"])));
    }

    [Fact]
    public async Task A_long_units_table_continues_on_further_sheets_without_splitting_a_units_rows()
    {
        using var whole = await WriteAsync();
        using var output = new MemoryStream();
        await AnalystWorkbooks.WriteAsync(db.DataSource, "V16-2021", Survey.Reports.Goals.WaveFilter.All, output, 20, default);
        using var split = new WorkbookReader(output.ToArray());
        Assert.Empty(split.ValidationErrors());
        // 20 rows a sheet: one unit's 11 rows of D_DAGAR per sheet, the fourth with the first unit's 7 rows of
        // A_ATERHAMTNING, then two units' (14) and the last one's.
        string[] sheets = ["Enheter", "Enheter (2)", "Enheter (3)", "Enheter (4)", "Enheter (5)", "Enheter (6)"];
        Assert.Equal([.. sheets, "Fritext"], split.SheetNames.SkipWhile(n => n != "Enheter").Take(7));
        Assert.Equal([11, 11, 11, 18, 14, 7], sheets.Select(s => split.Rows(s).Count - 1));
        foreach (var question in new[] { "D_DAGAR", "A_ATERHAMTNING" })
            Assert.Equal(whole.QuestionRows(question), split.QuestionRows(question));
    }

    private static Dictionary<string, string> Column(IEnumerable<Dictionary<string, string>> rows, string heading, string column) =>
        rows.Where(r => r["A"] == heading).ToDictionary(r => r["B"], r => r[column]);

    [Fact]
    public async Task A_small_unit_is_hidden_with_a_sibling_of_its_own_administration()
    {
        using var book = await WriteAsync();
        var rows = book.QuestionRows("D_DAGAR");
        // Within HSF, HB (3) is the lone small unit, so HA (10) goes too; across the region UA (5) would have gone.
        Assert.Equal(new Dictionary<string, string> { ["HA"] = "–", ["HB"] = "–", ["RA"] = "6", ["UA"] = "5" }, Column(rows, "Enhet", "C"));
        Assert.Equal(new Dictionary<string, string> { ["HA"] = "–", ["HB"] = "–", ["RA"] = "0", ["UA"] = "0" }, Column(rows, "Enhet", "F"));
        Assert.Equal(new Dictionary<string, string>
        {
            ["Regionstab"] = "6", ["Hälso- och sjukvårdsförvaltningen"] = "13", ["Regional utveckling"] = "5",
        }, Column(rows, "Förvaltning", "C"));
        // HSF minus its shown units is 13, not a group under five.
        Assert.Equal("3", Column(rows, "Förvaltning", "F")["Hälso- och sjukvårdsförvaltningen"]);
    }

    [Fact]
    public async Task A_group_with_four_answers_and_two_vet_ej_is_hidden_and_n_counts_answers_only()
    {
        using var book = await WriteAsync();
        var rows = book.QuestionRows("A_ATERHAMTNING");
        Assert.Equal("22", rows.Single(r => r["A"] == "Totalt")["C"]); // 4 + 13 + 5 answers, the 2 Vet ej left out
        // Regionstab has 4 answers: hidden, and Regional utveckling (5) with it; 22 - 13 = 9 is no group under five.
        Assert.Equal(new Dictionary<string, string>
        {
            ["Regionstab"] = "–", ["Hälso- och sjukvårdsförvaltningen"] = "13", ["Regional utveckling"] = "–",
        }, Column(rows, "Förvaltning", "C"));
        Assert.Equal("–", Column(rows, "Förvaltning", "D")["Regionstab"]);
        // Regional utveckling's only unit goes too, or UA's 5 would rebuild it and 22 - 13 - 5 would give Regionstab.
        Assert.Equal(new Dictionary<string, string> { ["HA"] = "–", ["HB"] = "–", ["RA"] = "–", ["UA"] = "–" }, Column(rows, "Enhet", "C"));
        var goal = book.Rows("Målnedbrytning").Single(r => r.GetValueOrDefault("B") == "Förvaltning"
            && r.GetValueOrDefault("C") == "Regionstab" && r["A"].StartsWith("Medarbetare kan koppla bort", StringComparison.Ordinal));
        Assert.Equal("färre än 5 svar", goal["F"]);
    }

    [Theory]
    [InlineData("HA", "Urvalet kan inte visas: enheten döljs i regionens tabeller, så att en mindre grupp inte kan räknas fram.")] // HSF 13 - HA 10 = HB's 3
    [InlineData("HB", "Urvalet kan inte visas: enheten har färre än 5 svarande.")]
    public async Task A_unit_filter_is_refused_when_the_unit_is_under_five_or_hidden_in_the_region(string unit, string message)
    {
        var error = await Assert.ThrowsAsync<UserError>(() => WriteAsync(("unit", unit)));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task A_unit_filter_is_allowed_when_the_unit_and_the_rest_have_five_or_none()
    {
        using var ua = await WriteAsync(("unit", "UA"));              // UA 5, the rest of Regional utveckling 0
        Assert.Equal("5", ua.Rows("D_DAGAR").Single(r => r["A"] == "Totalt")["C"]);
        using var hsf = await WriteAsync(("administration", "HSF")); // HSF 13, the rest of the region 11
        Assert.Equal("13", hsf.Rows("D_DAGAR").Single(r => r["A"] == "Totalt")["C"]);
    }

    /// <summary>Every workbook the filters allow, and every subtraction of their figures (<see cref="WorkbookAttack"/>).</summary>
    [Fact]
    public async Task No_set_of_workbooks_adds_up_to_a_group_under_five()
    {
        var administrations = new Dictionary<string, string>
        {
            ["RS"] = "Regionstab", ["HSF"] = "Hälso- och sjukvårdsförvaltningen", ["RU"] = "Regional utveckling",
            ["FTV"] = "Folktandvården",
        };
        var units = new Dictionary<string, string> { ["HA"] = "HSF", ["HB"] = "HSF", ["RA"] = "RS", ["UA"] = "RU" };
        using var region = await WriteAsync();
        var filtered = new Dictionary<string, WorkbookReader>();
        foreach (var (field, value) in administrations.Keys.Select(a => ("administration", a)).Concat(units.Keys.Select(u => ("unit", u))))
            try
            {
                filtered[value] = await WriteAsync((field, value));
            }
            catch (UserError)
            {
            }
        Assert.Equal(["HSF", "RA", "RS", "RU", "UA"], filtered.Keys.Order()); // HA goes with HB (3), FTV has no one

        WorkbookAttack.AssertNoSmallRest(region, filtered, administrations, units);
    }
}
