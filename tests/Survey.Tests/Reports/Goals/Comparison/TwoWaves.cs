using Survey.Tests.Cli;

namespace Survey.Tests.Reports.Goals.Comparison;

/// <summary>
/// Two yearly waves and a pulse between them, made by hand so that every change is worked out in the comments of
/// GoalChangesTests. Administrations: 1 Regionstab (unit U1), 2 Hälso- och sjukvårdsförvaltningen (U2), 3 Regional
/// utveckling (U3). Nobody gives a gender, so the gender breakdown is one group ("Ej angivet").
/// <list type="bullet">
/// <item>V16-2021: RS 10 (4 remote), HSF 10 (4 remote): G_DISTANS 8/20; every remote worker answers D_AVTAL, 4 Ja:
/// G_AVTAL 4/8. D_RESTID 40, 50, 45, 55, 60 (mean 50).</item>
/// <item>PULS-2021-10, a pulse asking D_DAGAR only: RS 10, 9 remote: G_DISTANS 9/10; G_AVTAL not asked.</item>
/// <item>V16-2022: RS 10 (8 remote), HSF 6 (5 remote), RU 4 (2 remote): G_DISTANS 15/20; 10 of the remote answer
/// D_AVTAL, 6 Ja: G_AVTAL 6/10. D_RESTID 20, 30, 25, 35, 40 (mean 30). RU has 4 respondents, so the wave hides RU
/// and, so that 20 − 10 does not give RU's 4 away, HSF too.</item>
/// <item>Headcount: 2021 U1 20 + U2 20 = 40 employees (response rate 20/40), 2022 U1 10 + U2 10 + U3 5 = 25 (20/25).</item>
/// <item>G_HUBBAR (an indicator): 4 in 2022-03, 3 in 2022-04, 5 in 2022-05.</item>
/// </list>
/// </summary>
internal static class TwoWaves
{
    public const string First = "V16-2021", Pulse = "PULS-2021-10", Second = "V16-2022";

    public static async Task SeedAsync(TestDatabase db)
    {
        await Run(db, "waves", "add", Pulse, "--name", "Puls oktober 2021", "--from", "2021-10-04", "--to", "2021-10-10",
            "--questions", "D_DAGAR");
        await Run(db, "waves", "add", Second, "--name", "V16 2022", "--from", "2022-04-18", "--to", "2022-04-24");
        await Run(db, "goals", "add", "G_RESTID", "--title", "Kortare resor till arbetet", "--perspective", "Verksamhet",
            "--kind", "mean", "--question", "D_RESTID", "--direction", "lower", "--target", "30");
        var data = new SurveyData(db.DataSource);
        await AddAsync(data, First,
            [.. People("A", 1, 10, remote: 4, agreed: 2, travel: [40, 50, 45]), .. People("B", 2, 10, remote: 4, agreed: 2, travel: [55, 60])]);
        await AddAsync(data, Pulse, People("P", 1, 10, remote: 9, agreed: 0, travel: [], asked: false));
        await AddAsync(data, Second,
        [
            .. People("C", 1, 10, remote: 8, agreed: 4, travel: [20, 30, 25], unanswered: 2),
            .. People("D", 2, 6, remote: 5, agreed: 1, travel: [35, 40], unanswered: 2),
            .. People("E", 3, 4, remote: 2, agreed: 1, travel: [], unanswered: 1),
        ]);
        foreach (var (wave, unit, administration, employees) in new (string, string, short, int)[]
                     { (First, "U1", 1, 20), (First, "U2", 2, 20), (Second, "U1", 1, 10), (Second, "U2", 2, 10), (Second, "U3", 3, 5) })
        {
            var id = await data.WaveIdAsync(wave);
            await data.HeadcountAsync(id, await data.UploadAsync("headcount", id, $"personal-{wave}-{unit}.csv", $"{wave}-{unit}"), unit, administration,
                employees, null, null);
        }
        var indicators = await data.UploadAsync("indicators", null, "indikatorer.csv");
        foreach (var (period, value) in new[] { ("2022-03", 4m), ("2022-04", 3m), ("2022-05", 5m) })
            await data.IndicatorAsync("G_HUBBAR", period, value, null, indicators);
    }

    private static async Task Run(TestDatabase db, params string[] args)
    {
        var (exit, _, error) = await CliTests.RunAsync(db, args);
        Assert.True(exit == 0, error);
    }

    private static async Task AddAsync(SurveyData data, string wave, Respondent[] respondents)
    {
        var id = await data.WaveIdAsync(wave);
        await data.AddAsync(id, await data.UploadAsync("survey", id, $"{wave}.csv", wave), respondents);
    }

    /// <summary>
    /// <paramref name="count"/> respondents of one administration: the first <paramref name="remote"/> work 2 days
    /// remotely, the rest 0; of the remote, the last <paramref name="unanswered"/> leave D_AVTAL empty, the first
    /// <paramref name="agreed"/> answer Ja and the others Nej; the first ones give the travel times.
    /// </summary>
    private static Respondent[] People(string prefix, short administration, int count, int remote, int agreed, int[] travel,
        int unanswered = 0, bool asked = true) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var answers = new List<(string, short?)> { ("B_FORV", administration), ("D_DAGAR", (short)(i < remote ? 4 : 0)) };
            if (asked && i < remote - unanswered)
                answers.Add(("D_AVTAL", (short)(i < agreed ? 1 : 2)));
            if (i < travel.Length)
                answers.Add(("D_RESTID", (short)travel[i]));
            return new Respondent($"{prefix}{i + 1}", $"U{administration}", answers);
        }).ToArray();
}
