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

    private static Dictionary<string, string> Column(IEnumerable<Dictionary<string, string>> rows, string heading, string column) =>
        rows.Where(r => r["A"] == heading).ToDictionary(r => r["B"], r => r[column]);

    [Fact]
    public async Task A_small_unit_is_hidden_with_a_sibling_of_its_own_administration()
    {
        using var book = await WriteAsync();
        var rows = book.Rows("D_DAGAR");
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
        var rows = book.Rows("A_ATERHAMTNING");
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
