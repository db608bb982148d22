namespace Survey.Tests.Reports;

/// <summary>
/// Fifteen respondents in V16-2021 whose goal outcomes are worked out by hand in the comments of GoalOutcomesTests.
/// Administrations: 1 Regionstab, 2 Hälso- och sjukvårdsförvaltningen, 3 Regional utveckling, 4 Folktandvården.
/// Days are given in days (stored in half days); Likert 9 is "Vet ej / Ej aktuellt"; null is no answer.
/// </summary>
internal static class HandComputedWave
{
    private static readonly string[] IndexQuestions =
    [
        "A_UTRUSTNING", "A_MOTEN", "A_IT_STOD", "A_ERGONOMI", "A_DELAKTIG", "A_CHEFSTOD", "A_ATERHAMTNING",
        "A_SAKERHET", "A_BELASTNING", "A_KOMPETENS",
    ];

    private static readonly short?[] None = new short?[10];

    public static readonly Respondent[] Respondents =
    [
        R("R1", 1, 2, 2, 2, 2380, 2, 1, 2, null, null, [5, 5, 5, 5, 5, 5, 6, 5, 5, 5]),
        R("R2", 1, 2, 2, 2, 2321, 0, null, 0, 1, null, [4, 4, 4, 4, 4, 4, 4, 4, 4, 4]),
        R("R3", 2, 2, 3, 1, 2309, 0.5, 2, 1, 3, 1, [6, 6, 6, 6, 6, 6, 5, 6, 6, 6]),
        R("R4", 2, 1, 1, 1, 9999, 3, 3, 0.5, 1, 2, [3, 3, 3, 3, 3, 3, 9, 9, 9, 4]),
        R("R5", 1, 3, 3, 2, 2326, null, 1, null, 2, null, [2, 2, 2, 2, 2, 2, null, null, null, null]),
        R("R6", null, 3, 2, 1, null, 1, 1, 3, 1, 3, [1, 2, 3, 4, 5, 6, 1, 2, 3, 4]),
        R("R7", 1, 2, 2, 2, 2380, 5, 1, 5, null, null, [5, 5, 5, 5, 5, 5, 5, 5, 5, 5]),
        R("R8", 2, 4, 2, 2, 2313, 1.5, 2, 2, 2, null, [9, 9, 9, 9, 9, 9, 9, 9, 9, 9]),
        R("R9", 1, 1, 1, 2, 2305, 2.5, 1, 2.5, 1, null, [4, 4, 4, 4, 4, 4, 5, 4, 4, 4]),
        R("R10", 2, 2, 3, 1, 2361, 0, null, 0, 1, 1, [6, 6, 6, 6, 6, 6, 6, 6, 6, null]),
        R("R11", 1, 2, 2, 2, 2380, 1, null, 1, null, null, [3, 3, 3, 3, 3, 3, 3, 3, null, null]),
        R("R12", 4, 2, 2, 2, 2303, 4, 1, 4, 3, null, [5, 5, 5, 5, 5, 5, 4, 5, 5, 5]),
        R("R13", 2, 1, 3, 1, 2380, null, null, null, null, 1, None),
        R("R14", 1, 4, 1, 2, null, null, null, null, null, 1, None),
        R("R15", 2, 4, 2, 1, 2380, null, null, null, null, null, None),
    ];

    /// <summary>Units per administration and headcount: 10 + 12 + 3 + 5 = 30 employees, 16 women and 14 men.</summary>
    public static readonly (string Unit, short Administration, int Employees, int Women, int Men)[] Headcount =
    [
        ("U1", 1, 10, 6, 4), ("U2", 2, 12, 7, 5), ("U3", 3, 3, 1, 2), ("U4", 4, 5, 2, 3),
    ];

    /// <summary>Seeds the wave once per database (xunit makes a test class instance per test).</summary>
    public static async Task<short> SeedAsync(SurveyData data)
    {
        var wave = await data.WaveIdAsync("V16-2021");
        if (await data.RespondentsAsync(wave) > 0)
            return wave;
        var upload = await data.UploadAsync("survey", wave, "v16-2021.csv", "aaaa1111");
        await data.AddAsync(wave, upload, Respondents);
        var headcount = await data.UploadAsync("headcount", wave, "personal.xlsx", "bbbb2222");
        foreach (var h in Headcount)
            await data.HeadcountAsync(wave, headcount, h.Unit, h.Administration, h.Employees, h.Women, h.Men);
        return wave;
    }

    private static Respondent R(string key, short? gender, short administration, short age, short manager, short? home,
        double? days, short? agreement, double? wished, short? hub, short? leadership, short?[] index)
    {
        var answers = new List<(string, short?)>
        {
            ("B_KON", gender), ("B_FORV", administration), ("B_ALDER", age), ("B_CHEF", manager), ("B_HEMKOMMUN", home),
            ("B_ARBKOMMUN", home), ("D_DAGAR", Half(days)), ("D_AVTAL", agreement), ("D_ONSKAT", Half(wished)),
            ("D_HUBB", hub), ("L_LEDARSKAP", leadership),
        };
        answers.AddRange(IndexQuestions.Select((q, i) => (q, index[i])));
        return new Respondent(key, $"U{administration}", answers,
            new() { ["F_BRA"] = $"Bra enligt {key}", ["F_BATTRE"] = "=HYPERLINK(\"x\")" });
    }

    private static short? Half(double? days) => days is { } d ? (short)(d * 2) : null;
}
