using Dapper;

namespace Survey.Tests.Database;

public sealed class InstrumentSeedTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task The_instrument_has_the_codes_of_the_domain_brief_in_order()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var codes = (await connection.QueryAsync<string>("SELECT code FROM question ORDER BY sort")).ToArray();
        Assert.Equal(
            ["B_FORV", "B_ENHET", "B_KON", "B_ALDER", "B_CHEF", "B_HEMKOMMUN", "B_ARBKOMMUN",
             "D_DAGAR", "D_PLATS", "D_AVTAL", "D_ONSKAT", "D_HUBB", "D_UPPGIFTER", "D_RESTID",
             "A_UTRUSTNING", "A_MOTEN", "A_IT_STOD", "A_ERGONOMI", "A_DELAKTIG", "A_CHEFSTOD", "A_ATERHAMTNING",
             "A_SAKERHET", "A_BELASTNING", "A_KOMPETENS", "L_LEDARSKAP", "L_TEAM", "F_BRA", "F_BATTRE"], codes);
    }

    [Fact]
    public async Task Ten_likert_questions_carry_the_six_labels_and_vet_ej_as_no_answer()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var likert = (await connection.QueryAsync<string>("SELECT code FROM question WHERE kind = 'likert' ORDER BY sort")).ToArray();
        Assert.Equal(10, likert.Length);
        Assert.All(likert, code => Assert.StartsWith("A_", code));

        var options = await connection.QueryAsync<(string Question, short Code, string Label, bool CountsAsAnswer)>("""
            SELECT question_code, code, label, counts_as_answer FROM answer_option
            WHERE question_code = ANY(@likert) ORDER BY question_code, code
            """, new { likert });
        foreach (var question in options.GroupBy(o => o.Question))
        {
            Assert.Equal(
                [(1, "Instämmer inte alls", true), (2, "Instämmer i liten grad", true), (3, "Instämmer delvis", true),
                 (4, "Instämmer till stor del", true), (5, "Instämmer i mycket stor grad", true), (6, "Instämmer helt", true),
                 (9, "Vet ej / Ej aktuellt", false)],
                question.Select(o => ((int)o.Code, o.Label, o.CountsAsAnswer)));
        }
    }

    [Fact]
    public async Task The_county_municipalities_the_baseline_wave_and_the_goals_are_seeded()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var municipalities = await connection.QueryAsync<string>(
            "SELECT label FROM answer_option WHERE question_code = 'B_HEMKOMMUN' ORDER BY label");
        Assert.Equal(["Annan kommun", "Berg", "Bräcke", "Härjedalen", "Krokom", "Ragunda", "Strömsund", "Åre", "Östersund"],
            municipalities.Order(StringComparer.Create(new System.Globalization.CultureInfo("sv-SE"), false)));

        var wave = await connection.QuerySingleAsync<(DateOnly StartsOn, DateOnly EndsOn)>(
            "SELECT starts_on, ends_on FROM wave WHERE code = 'V16-2021'");
        Assert.Equal((new DateOnly(2021, 4, 19), new DateOnly(2021, 4, 25)), wave);

        var targets = (await connection.QueryAsync<(string Code, decimal Target)>("SELECT code, target FROM goal ORDER BY sort")).ToList();
        Assert.Contains(("G_DISTANS", 0.40m), targets);
        Assert.Contains(("G_DIGITAL_INDEX", 4.5m), targets);
        Assert.Contains(("G_HUBBAR", 8m), targets);
        Assert.Equal(11, targets.Count);
    }
}
