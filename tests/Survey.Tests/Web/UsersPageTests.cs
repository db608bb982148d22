using System.Net;
using System.Text.RegularExpressions;
using Dapper;

namespace Survey.Tests.Web;

/// <summary>The users page and the log-in rules, through the host: one-time passwords, roles, deactivation, lockout.</summary>
[Collection(HangfireCollection.Name)]
public sealed partial class UsersPageTests(SurveyWebFactory web) : IClassFixture<SurveyWebFactory>
{
    private const string NewPassword = "tre-gröna-cyklar-i-regn";

    [Fact]
    public async Task A_new_account_signs_in_with_its_one_time_password_and_must_choose_its_own()
    {
        var admin = await web.LoggedInAsync("admin");
        var page = await PostAsync(admin, "Add", new() { ["name"] = "nils", ["role"] = "board" });
        var oneTime = OneTime().Match(page).Groups[1].Value;
        Assert.Matches("^[a-z2-9]{5}(-[a-z2-9]{5}){3}$", oneTime);
        Assert.DoesNotContain(oneTime, await admin.GetStringAsync("/Admin/Users")); // shown once

        var nils = web.Anonymous();
        var signIn = await SignInAsync(nils, "nils", oneTime);
        Assert.Equal("/Password", signIn.Headers.Location!.OriginalString);
        Assert.StartsWith("/Forbidden", (await nils.GetAsync("/Reports")).Headers.Location!.PathAndQuery); // no role yet

        var tooShort = await ChangePasswordAsync(nils, oneTime, "kort-lösen");
        Assert.Contains("minst 15 tecken", tooShort);
        var common = await ChangePasswordAsync(nils, oneTime, "Password123456789!");
        Assert.Contains("för vanligt", common);
        var changed = await nils.PostAsync("/Password", await SurveyWebFactory.FormAsync(nils, "/Password",
            new() { ["current"] = oneTime, ["next"] = NewPassword }));
        Assert.Equal("/", changed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await nils.GetAsync("/Reports")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(web.Anonymous(), "nils", oneTime)).StatusCode); // refused: used up

        // A role change applies to the open session at once; deactivation ends it.
        await PostAsync(admin, "Role", new() { ["name"] = "nils", ["role"] = "analyst" });
        Assert.Equal(HttpStatusCode.OK, (await nils.GetAsync("/Analyst")).StatusCode);
        await PostAsync(admin, "Active", new() { ["name"] = "nils", ["active"] = "false" });
        Assert.StartsWith("/Login", (await nils.GetAsync("/Reports")).Headers.Location!.PathAndQuery);
        Assert.Contains("Kontot är inaktiverat", await (await SignInAsync(web.Anonymous(), "nils", NewPassword)).Content.ReadAsStringAsync());
        await PostAsync(admin, "Active", new() { ["name"] = "nils", ["active"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(web.Anonymous(), "nils", NewPassword)).StatusCode);

        var list = await admin.GetStringAsync("/Admin/Users");
        Assert.Matches(@"<th scope=""row"" id=""user-nils"">nils</th>\s*<td>Lokalt konto</td>\s*<td>Aktivt</td>\s*<td>\d{4}-\d\d-\d\d \d\d:\d\d</td>", list);
    }

    [Fact]
    public async Task The_last_active_admin_can_be_neither_demoted_nor_deactivated()
    {
        var admin = await web.LoggedInAsync("admin");
        Assert.Contains("den enda aktiva administratören", await PostAsync(admin, "Role", new() { ["name"] = "admin", ["role"] = "board" }));
        Assert.Contains("den enda aktiva administratören", await PostAsync(admin, "Active", new() { ["name"] = "admin", ["active"] = "false" }));
        await using var connection = await web.DataSource.OpenConnectionAsync();
        Assert.Equal(("admin", true), await connection.QuerySingleAsync<(string, bool)>("SELECT role, active FROM app_user WHERE name = 'admin'"));

        // With a second admin, the first may step down.
        await PostAsync(admin, "Add", new() { ["name"] = "petra", ["role"] = "admin" });
        Assert.Contains("admin: ändrade rollen till analyst", await PostAsync(admin, "Role", new() { ["name"] = "admin", ["role"] = "analyst" }));
        await connection.ExecuteAsync("UPDATE app_user SET role = 'admin' WHERE name = 'admin'");
    }

    [Fact]
    public async Task Five_failed_sign_ins_lock_the_account_for_a_while_and_a_reset_lifts_it()
    {
        var visitor = web.Anonymous();
        for (var i = 1; i < Survey.Scheduler.Accounts.Accounts.MaxFailedSignIns; i++)
            Assert.Contains("Fel användarnamn eller lösenord", await (await SignInAsync(visitor, "board", "fel-lösenord-" + i)).Content.ReadAsStringAsync());
        var locked = await (await SignInAsync(visitor, "board", "fel-lösenord-5")).Content.ReadAsStringAsync();
        Assert.Contains("Kontot är låst i 15 minuter efter 5 misslyckade inloggningar i rad", locked);
        // While locked even the right password is refused, so guessing cannot go on.
        Assert.Contains("Kontot är låst", await (await SignInAsync(visitor, "board", SurveyWebFactory.Password)).Content.ReadAsStringAsync());

        var admin = await web.LoggedInAsync("admin");
        Assert.Contains("Låst till", await admin.GetStringAsync("/Admin/Users"));
        var oneTime = OneTime().Match(await PostAsync(admin, "Reset", new() { ["name"] = "board" })).Groups[1].Value;
        Assert.Equal("/Password", (await SignInAsync(web.Anonymous(), "board", oneTime)).Headers.Location!.OriginalString);
        await Survey.Scheduler.Accounts.Accounts.AddAsync(web.DataSource, "board", "board", SurveyWebFactory.Password, replace: true, default);
    }

    private static async Task<string> PostAsync(HttpClient admin, string handler, Dictionary<string, string> fields)
    {
        var response = await admin.PostAsync($"/Admin/Users?handler={handler}", await SurveyWebFactory.FormAsync(admin, "/Admin/Users", fields));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string name, string password) =>
        await client.PostAsync("/Login", await SurveyWebFactory.FormAsync(client, "/Login", new() { ["name"] = name, ["password"] = password }));

    private static async Task<string> ChangePasswordAsync(HttpClient client, string current, string next) =>
        WebUtility.HtmlDecode(await (await client.PostAsync("/Password", await SurveyWebFactory.FormAsync(client, "/Password",
            new() { ["current"] = current, ["next"] = next }))).Content.ReadAsStringAsync());

    [GeneratedRegex(@"<p class=""secret"">([^<]+)</p>")]
    private static partial Regex OneTime();
}
