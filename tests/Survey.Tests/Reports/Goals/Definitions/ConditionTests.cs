using Survey.Reports.Goals;
using Survey.Reports.Goals.Definitions;

namespace Survey.Tests.Reports.Goals.Definitions;

/// <summary>The condition language against the seeded V16 instrument: what it accepts, its SQL, its words, its messages.</summary>
public sealed class ConditionTests(TestDatabase db) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private Instrument _instrument = null!;

    public async Task InitializeAsync()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        _instrument = await Instrument.LoadAsync(connection, default);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("A_ERGONOMI >= 5", "(a_ergonomi >= 5)", "A_ERGONOMI ≥ 5")]
    [InlineData("D_AVTAL = Ja", "(d_avtal = 1)", "D_AVTAL = Ja")]
    [InlineData("d_avtal = 'vet ej'", "(d_avtal = 3)", "D_AVTAL = «Vet ej»")]
    [InlineData("B_HEMKOMMUN not in (Östersund, Annan kommun)", "(b_hemkommun NOT IN (2380, 9999))", "B_HEMKOMMUN är varken Östersund eller «Annan kommun»")]
    [InlineData("B_HEMKOMMUN in (ostersund, 2309)", "(b_hemkommun IN (2380, 2309))", "B_HEMKOMMUN är Östersund eller Krokom")]
    [InlineData("A_MOTEN answered", "(a_moten IS NOT NULL)", "A_MOTEN är besvarad")]
    [InlineData("not (D_DAGAR < 2.5 or B_CHEF = Nej) and L_TEAM not answered",
        "((NOT ((d_dagar < 2.5) OR (b_chef = 2))) AND (l_team IS NULL))", "inte (D_DAGAR < 2,5 eller B_CHEF = Nej) och L_TEAM är obesvarad")]
    [InlineData("B_FORV = HSF och A_ERGONOMI >= \"Instämmer i mycket stor grad\"", "((b_forv = 2) AND (a_ergonomi >= 5))",
        "B_FORV = «Hälso- och sjukvårdsförvaltningen» och A_ERGONOMI ≥ 5")]
    public void A_condition_compiles_to_sql_of_codes_and_numbers_and_to_words(string text, string sql, string words)
    {
        var condition = Condition.Parse(text, _instrument);
        Assert.Equal(sql, condition.Sql());
        Assert.Equal(words, condition.Words());
    }

    [Theory]
    [InlineData("A_ERGONOMI >= 5 and", "tar slut", "förväntade en frågekod, \"not\" eller \"(\"")]
    [InlineData("A_ERGONOMY >= 5", "Okänt 'A_ERGONOMY' vid tecken 1", "förväntade en frågekod ur instrumentet")]
    [InlineData("A_ERGONOMI >= Ja", "Okänt 'Ja' vid tecken 15", "svarsalternativ till A_ERGONOMI")]
    [InlineData("A_ERGONOMI = 9", "'9' vid tecken 14", "räknas som ej besvarad")]
    [InlineData("D_AVTAL > Ja", "Oväntat '>' vid tecken 9", "svarsalternativ utan ordning")]
    [InlineData("D_DAGAR >= 7", "Oväntat '7' vid tecken 12", "inom D_DAGARs skala (0–5")]
    [InlineData("(D_DAGAR >= 1", "tar slut", "\")\", \"and\" eller \"or\"")]
    [InlineData("D_DAGAR >= 1)", "Oväntat ')' vid tecken 13", "inget \")\" utan ett \"(\" före")]
    [InlineData("D_DAGAR 1", "Oväntat '1' vid tecken 9", "en jämförelse efter D_DAGAR")]
    [InlineData("F_BRA answered", "Okänt 'F_BRA'", "fritextfrågor och enhet kan inte räknas")]
    [InlineData("B_HEMKOMMUN in (Östersund", "tar slut", "\",\" och ett värde till, eller \")\"")]
    [InlineData("D_DAGAR >= 1; DROP TABLE goal", "Oväntat ';' vid tecken 13", "\"and\", \"or\" eller slutet av villkoret")]
    [InlineData("", "tar slut", "ett villkor")]
    public void A_malformed_condition_is_refused_naming_the_token_and_what_was_expected(string text, string where, string expected)
    {
        var error = Assert.Throws<UserError>(() => Condition.Parse(text, _instrument));
        Assert.Contains(where, error.Message);
        Assert.Contains(expected, error.Message);
    }
}
