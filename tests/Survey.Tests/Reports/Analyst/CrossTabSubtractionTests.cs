using Survey.Reports.Analyst;
using Survey.Tests.Reports.Workbooks;

namespace Survey.Tests.Reports.Analyst;

/// <summary>
/// A breakdown inside a filtered workbook against the same breakdown elsewhere. Regionstab (unit RA): 17 women and
/// 3 men; Hälso- och sjukvårdsförvaltningen (HA): 10 and 10; Regional utveckling: UA 6 and 6, UB 4 and 4. The
/// region shows 37 women and 23 men, so showing the men of HSF and RU would give Regionstab's 3 men. Folktandvården
/// (no gender given): FA 10 who all answered D_DAGAR, FB 6 of whom 3 did.
/// </summary>
public sealed class CrossTabSubtractionTests(TestDatabase db) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly Dictionary<string, string> Administrations = new()
    {
        ["RS"] = "Regionstab", ["HSF"] = "Hälso- och sjukvårdsförvaltningen", ["RU"] = "Regional utveckling",
        ["FTV"] = "Folktandvården",
    };

    private static readonly Dictionary<string, string> Units = new()
    {
        ["RA"] = "RS", ["HA"] = "HSF", ["UA"] = "RU", ["UB"] = "RU", ["FA"] = "FTV", ["FB"] = "FTV",
    };

    public async Task InitializeAsync()
    {
        var data = new SurveyData(db.DataSource);
        var wave = await data.WaveIdAsync("V16-2021");
        if (await data.RespondentsAsync(wave) > 0)
            return;
        var upload = await data.UploadAsync("survey", wave, "x.csv");
        var list = new List<Respondent>();
        void Add(string unit, short administration, int women, int men)
        {
            for (var i = 0; i < women + men; i++)
                list.Add(new Respondent($"{unit}-{i}", unit,
                    [("B_KON", i < women ? (short)1 : (short)2), ("B_FORV", administration), ("D_DAGAR", (short)(i % 5))]));
        }
        Add("RA", 1, 17, 3);
        Add("HA", 2, 10, 10);
        Add("UA", 3, 6, 6);
        Add("UB", 3, 4, 4);
        for (var i = 0; i < 16; i++)
            list.Add(new Respondent($"F-{i}", i < 10 ? "FA" : "FB",
                [("B_FORV", 4), ("D_DAGAR", i < 13 ? (short)2 : null)]));
        await data.AddAsync(wave, upload, [.. list]);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<WorkbookReader> WriteAsync(params (string, string)[] filters)
    {
        using var output = new MemoryStream();
        await AnalystWorkbooks.WriteAsync(db.DataSource, "V16-2021", filters, output, default);
        return new WorkbookReader(output.ToArray());
    }

    private static Dictionary<string, string> GoalGender(WorkbookReader book) =>
        book.Rows("Målnedbrytning").Where(r => r["A"] == "Fler medarbetare arbetar på distans" && r.GetValueOrDefault("B") == "Kön")
            .ToDictionary(r => r["C"], r => r.GetValueOrDefault("D") ?? "");

    private static Dictionary<string, string> Gender(WorkbookReader book) =>
        book.Rows("D_DAGAR").Where(r => r["A"] == "Kön").ToDictionary(r => r["B"], r => r["C"]);

    [Fact]
    public async Task The_men_of_one_administration_cannot_be_had_from_the_others()
    {
        using var region = await WriteAsync();
        Assert.Equal(new Dictionary<string, string> { ["Kvinna"] = "37", ["Man"] = "23", ["Ej angivet"] = "13" }, Gender(region));
        using var rs = await WriteAsync(("administration", "RS"));
        using var hsf = await WriteAsync(("administration", "HSF"));
        using var ru = await WriteAsync(("administration", "RU"));
        Assert.Equal(new Dictionary<string, string> { ["Kvinna"] = "–", ["Man"] = "–" }, Gender(rs));
        // HSF's men go with Regionstab's 3 (HSF before RU at equal size), and then its women with its men.
        Assert.Equal(new Dictionary<string, string> { ["Kvinna"] = "–", ["Man"] = "–" }, Gender(hsf));
        Assert.Equal(new Dictionary<string, string> { ["Kvinna"] = "10", ["Man"] = "10" }, Gender(ru));
        // The goals' breakdowns follow the same table (everyone answered D_DAGAR, so the same figures).
        Assert.Equal(new Dictionary<string, string> { ["Kvinna"] = "10", ["Man"] = "10" }, GoalGender(ru));
        Assert.Equal(new Dictionary<string, string> { ["Kvinna"] = "–", ["Man"] = "–" }, GoalGender(hsf));
        Assert.Contains(ru.Cells("Definitioner").Select(ru.Text), t => t == FilteredGoals.Note);
    }

    [Fact]
    public async Task The_women_of_a_small_unit_cannot_be_had_from_its_administration()
    {
        // RU shows 10 women; UA's 6 beside them would give UB's 4.
        using var ua = await WriteAsync(("unit", "UA"));
        Assert.Equal("12", ua.Rows("D_DAGAR").Single(r => r["A"] == "Totalt")["C"]);
        Assert.Equal(new Dictionary<string, string> { ["Kvinna"] = "–", ["Man"] = "–" }, Gender(ua));
    }

    [Fact]
    public async Task A_units_goal_is_hidden_when_its_administration_minus_it_leaves_a_small_group()
    {
        const string remote = "Fler medarbetare arbetar på distans";
        using var ftv = await WriteAsync(("administration", "FTV"));
        Assert.Equal("13", ftv.Rows("Måltabell").Single(r => r.GetValueOrDefault("B") == remote)["G"]);
        // FA's 10 beside FTV's 13 would give FB's 3.
        using var fa = await WriteAsync(("unit", "FA"));
        Assert.Equal("–", fa.Rows("Måltabell").Single(r => r.GetValueOrDefault("B") == remote)["E"]);
        Assert.Equal("10", fa.Rows("Måltabell").Single(r => r.GetValueOrDefault("B") == "Enkäten besvaras")["G"]);
    }

    [Fact]
    public async Task No_set_of_workbooks_adds_up_to_a_group_under_five()
    {
        using var region = await WriteAsync();
        var filtered = new Dictionary<string, WorkbookReader>();
        foreach (var code in Administrations.Keys)
            filtered[code] = await WriteAsync(("administration", code));
        foreach (var code in Units.Keys)
            filtered[code] = await WriteAsync(("unit", code));
        WorkbookAttack.AssertNoSmallRest(region, filtered, Administrations, Units);
        WorkbookAttack.AssertNoSmallRestInGoals(region, filtered, Administrations, Units);
        Assert.Contains(filtered["RU"].Rows("Målnedbrytning"), r => r.GetValueOrDefault("B") == "Kön");
        foreach (var book in filtered.Values)
            book.Dispose();
    }
}
