using Survey.Reports.Board;
using Survey.Tests.Cli;
using Survey.Tests.Reports.Workbooks;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Catalogue;

/// <summary>
/// Nothing moves: 2021's respondents, goals JSON, kept tally and board report (every figure and every chart of May
/// 2021's report) stay exactly as they were while a yearly wave, a pulse, a new administration and units, a
/// reorganised unit and a new question arrive; after a rename only the administration's name changes in them, and
/// a merge of an administration 2021 never had changes nothing.
/// </summary>
public sealed class NothingMovesTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private sealed record State(string Goals, string Respondents, string Tally, IReadOnlyList<string> Board, IReadOnlyList<string> Charts);

    [Fact]
    public async Task The_2021_wave_stays_as_it_was_when_waves_questions_administrations_and_units_are_added_renamed_or_merged()
    {
        using var dir = new TempFolder();
        Assert.Equal(0, (await Cli("ingest", dir.Write("2021.csv", FollowUpTests.Export2021), "--wave", "V16-2021", "--allow-missing-questions")).Exit);
        var before = await StateAsync(dir);
        Assert.Contains("\"Regional utveckling\"", before.Goals);
        Assert.NotEqual("[]", before.Tally);

        Assert.Equal(0, (await Cli("waves", "add", "V16-2022", "--name", "V16 2022", "--from", "2022-04-18", "--to", "2022-04-24")).Exit);
        Assert.Equal(0, (await Cli("ingest", dir.Write("2022.csv", FollowUpTests.Export2022), "--wave", "V16-2022", "--allow-missing-questions")).Exit);
        Assert.Equal(0, (await Cli("headcount", dir.Write("hc.csv", FollowUpTests.Headcount2022), "--wave", "V16-2022")).Exit);
        Assert.Equal(0, (await Cli("waves", "add", "V16-2022-10", "--name", "Puls", "--from", "2022-10-03", "--to", "2022-10-09",
            "--questions", "B_KON,D_DAGAR,D_AVTAL,D_ONSKAT,A_ATERHAMTNING")).Exit);
        Assert.Equal(0, (await Cli("ingest", dir.Write("puls.csv", FollowUpTests.ExportPulse), "--wave", "V16-2022-10")).Exit);
        var (exit, _, error) = await Cli("instrument", "import", dir.Write("ny.csv", """
            code;text;kind;min;max;step;options;no_answer;header_aliases;value_aliases
            D_HUBB_BESOK;Har du arbetat från en regional arbetshubb det senaste året?;choice;;;;1=Ja|2=Nej|3=Vet ej;;;

            """));
        Assert.True(exit == 0, error);
        var added = await StateAsync(dir);
        Assert.Equal(before.Goals, added.Goals);
        Assert.Equal(before.Respondents, added.Respondents);
        Assert.Equal(before.Tally, added.Tally);
        Assert.Equal(before.Board, added.Board);
        Assert.Equal(before.Charts, added.Charts);

        // A rename changes the name under which 2021's figures are shown, and nothing else; Patientnämndens kansli
        // (4 answers in 2022, none in 2021) merged into Regionstab leaves 2021 as it was.
        Assert.Equal(0, (await Cli("org", "rename", "RU", "--name", "Regional utveckling och kultur")).Exit);
        Assert.Equal(0, (await Cli("org", "merge", "Patientnämndens kansli", "RS")).Exit);
        var after = await StateAsync(dir);
        static string Renamed(string text) => text.Replace("Regional utveckling", "Regional utveckling och kultur", StringComparison.Ordinal);
        Assert.Equal(Renamed(before.Goals), after.Goals);
        Assert.Equal(before.Respondents, after.Respondents);
        Assert.Equal(before.Tally, after.Tally);
        // In the board report, the administration's rows (not the goals' perspective "Regional utveckling").
        Assert.Equal(before.Board.Count, after.Board.Count);
        var changed = before.Board.Zip(after.Board).Where(c => c.First != c.Second).ToList();
        Assert.NotEmpty(changed);
        Assert.All(changed, c => Assert.Equal((true, c.First + " och kultur"), (c.First.EndsWith("=Regional utveckling", StringComparison.Ordinal), c.Second)));
        Assert.Contains(changed, c => c.First.StartsWith("Förvaltning!", StringComparison.Ordinal));
        Assert.Equal(before.Charts.Count, after.Charts.Count);
    }

    /// <summary>2021 as published and stored: the goals JSON, the respondents' stored rows, the kept tally (brought up
    /// to date by the request before it is read), and every cell of May 2021's board report but the line naming the
    /// database's state, with its charts' PNG bytes.</summary>
    private async Task<State> StateAsync(TempFolder dir)
    {
        var goals = (await Cli("goals", "--wave", "V16-2021", "--json")).Out;
        var respondents = await ScalarAsync<string>(db, """
            SELECT coalesce(string_agg(concat_ws('|', r.respondent_key, r.unit_code, r.submitted_at::text, r.answers::text, r.free_text::text, r.upload_id), E'\n'
                                       ORDER BY r.respondent_key), '')
            FROM respondent r JOIN wave w ON w.id = r.wave_id WHERE w.code = 'V16-2021'
            """);
        var tally = await ScalarAsync<string>(db, """
            SELECT coalesce(jsonb_agg(jsonb_build_array(t.keys, t.respondents, t.answered, t.sums, t.squares) ORDER BY t.keys)::text, '[]')
            FROM goal_tally t JOIN wave w ON w.id = t.wave_id WHERE w.code = 'V16-2021'
            """);
        using var book = new WorkbookReader(await BoardReports.GenerateAsync(db.DataSource, "2021-05", default));
        var cells = book.SheetNames.Where(s => s != "Diagram")
            .SelectMany(sheet => book.Rows(sheet).SelectMany((row, i) => row.Select(c => $"{sheet}!{c.Key}{i + 1}={c.Value}")))
            .Where(c => !c.Contains("Hela arbetsboken är läst ur", StringComparison.Ordinal))
            .ToList();
        var charts = book.Pictures("Diagram").Select(Convert.ToBase64String).ToList();
        return new State(goals, respondents, tally, cells, charts);
    }

    private Task<(int Exit, string Out, string Error)> Cli(params string[] args) => CliTests.RunAsync(db, args);
}
