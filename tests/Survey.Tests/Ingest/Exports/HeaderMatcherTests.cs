using Survey.Ingest.Exports;

namespace Survey.Tests.Ingest.Exports;

/// <summary>Headings in each tool's spelling name their question, and say how; a statement is matched by its text.</summary>
public sealed class HeaderMatcherTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Theory]
    [InlineData("B_FORV", "B_FORV", "Code")]
    [InlineData("bforv", "B_FORV", "ToolCode")]
    [InlineData("DDAGAR", "D_DAGAR", "ToolCode")]
    [InlineData("BFORV. Förvaltning", "B_FORV", "ToolCode")]
    [InlineData("12. Förvaltning", "B_FORV", "Text")]
    [InlineData("Hemkommun", "B_HEMKOMMUN", "Alias")]
    [InlineData("A[UTRUSTNING]", "A_UTRUSTNING", "Statement")]
    [InlineData("A[SQ002]. Hur väl stämmer följande? [Digitala möten fungerar bra i mitt arbete]", "A_MOTEN", "Statement")]
    [InlineData("Hur väl stämmer följande? [Jag kan koppla bort arbetet och återhämta mig på min fritid]", "A_ATERHAMTNING", "Statement")]
    [InlineData("Hur väl stämmer följande? - Min chef ger mig det stöd jag behöver när jag arbetar på distans", "A_CHEFSTOD", "Statement")]
    public async Task A_heading_names_its_question(string heading, string code, string how)
    {
        var instrument = await LoadAsync();
        var match = HeaderMatcher.Match(instrument, heading);
        Assert.Equal((code, how), (match?.Question.Code, match?.How.ToString()));
    }

    [Theory]
    [InlineData("A[SQ001]")] // LimeSurvey's default statement code: which statement it is needs a mapping
    [InlineData("QID14_1")]
    [InlineData("Hur väl stämmer följande? [Något helt annat]")]
    [InlineData("Response")]
    public async Task A_heading_that_names_no_question_is_not_guessed(string heading) =>
        Assert.Null(HeaderMatcher.Match(await LoadAsync(), heading));

    private async Task<UploadVocabulary> LoadAsync()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return await UploadVocabulary.LoadAsync(connection, default);
    }
}
