using System.Net;
using Dapper;

namespace Survey.Tests.Web;

/// <summary>The goals page: goals added, changed and retired by an admin, each shown with its definition in words.</summary>
[Collection(Survey.Tests.Web.HangfireCollection.Name)]
public sealed class GoalsPageTests(SurveyWebFactory web) : IClassFixture<SurveyWebFactory>
{
    [Fact]
    public async Task An_admin_adds_a_goal_clears_a_baseline_and_retires_a_goal_on_the_goals_page()
    {
        var client = await web.LoggedInAsync("admin");
        var page = await client.GetStringAsync("/Admin/Goals");
        Assert.Contains("<caption>Målen i rapporterna:", page);
        Assert.Contains("Andel svarande där D_AVTAL = Ja, bland dem där D_DAGAR ≥ 1 och som besvarat D_AVTAL.", WebUtility.HtmlDecode(page));

        var added = await client.PostAsync("/Admin/Goals?handler=Add", await SurveyWebFactory.FormAsync(client, "/Admin/Goals", new()
        {
            ["code"] = "g_ergonomi", ["title"] = "Fler har en ergonomiskt bra arbetsplats hemma", ["perspective"] = "Medarbetare",
            ["kind"] = "share", ["condition"] = "A_ERGONOMI >= 5", ["population"] = "A_ERGONOMI answered", ["questions"] = "",
            ["minAnswered"] = "", ["target"] = "70 %", ["baseline"] = "", ["direction"] = "higher", ["comment"] = "", ["description"] = "",
        }));
        var html = WebUtility.HtmlDecode(await added.Content.ReadAsStringAsync());
        Assert.Contains("G_ERGONOMI: tillagt.", html);
        Assert.Contains("Andel svarande där A_ERGONOMI ≥ 5, bland dem där A_ERGONOMI är besvarad och som besvarat A_ERGONOMI.", html);

        var refused = await client.PostAsync("/Admin/Goals", await SurveyWebFactory.FormAsync(client, "/Admin/Goals", new()
        {
            ["code"] = "G_ERGONOMI", ["condition"] = "A_ERGONOMI >=", ["target"] = "80 %",
        }));
        Assert.Contains("tar slut: förväntade ett värde för A_ERGONOMI", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));

        await using var connection = await web.DataSource.OpenConnectionAsync();
        Assert.Equal((0.70m, "A_ERGONOMI >= 5"), await connection.QuerySingleAsync<(decimal, string)>(
            "SELECT target, condition FROM goal WHERE code = 'G_ERGONOMI'"));

        await client.PostAsync("/Admin/Goals", await SurveyWebFactory.FormAsync(client, "/Admin/Goals", new()
        {
            ["code"] = "G_SPRIDNING", ["target"] = "40 %", ["baseline"] = "",
        }));
        Assert.Null(await connection.ExecuteScalarAsync<decimal?>("SELECT baseline FROM goal WHERE code = 'G_SPRIDNING'"));

        var retired = await client.PostAsync("/Admin/Goals?handler=Retire", await SurveyWebFactory.FormAsync(client, "/Admin/Goals", new()
        {
            ["code"] = "G_ERGONOMI",
        }));
        Assert.Contains("Avslutade mål", await retired.Content.ReadAsStringAsync());
        Assert.NotNull(await connection.ExecuteScalarAsync<DateTime?>("SELECT retired_at FROM goal WHERE code = 'G_ERGONOMI'"));
    }
}
