using Survey.Tests.Cli;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Catalogue;

/// <summary>The instrument changed from a file, as administrators do it: a new question is added and loads; a file that
/// would change what stored answers mean is refused and changes nothing.</summary>
public sealed class InstrumentTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private const string NewQuestion = """
        code;text;kind;min;max;step;options;no_answer;header_aliases;value_aliases
        D_HUBB_BESOK;Har du arbetat från en regional arbetshubb det senaste året?;choice;;;;1=Ja|2=Nej|3=Vet ej;;hubbesök;j=1|n=2
        L_TEAM;Har du genomgått utbildningen "Effektiva virtuella team"? (endast chefer);choice;;;;1=Ja|2=Nej|3=Anmäld till kurs;;;

        """;

    private const string Instrument = "SELECT md5(string_agg(t, '|' ORDER BY t)) FROM (" +
        "SELECT q::text AS t FROM question q UNION ALL SELECT o::text FROM answer_option o " +
        "UNION ALL SELECT a::text FROM question_alias a UNION ALL SELECT v::text FROM answer_alias v) x";

    [Fact]
    public async Task A_new_question_is_added_and_loads_and_a_meaning_changing_file_is_refused_whole()
    {
        using var dir = new TempFolder();
        Assert.Equal(0, (await Cli("ingest", dir.Write("2021.csv", "Svars-ID;B_FORV;B_ENHET;L_TEAM;B_KON\n1;RS;RS-0001;3;1\n"),
            "--wave", "V16-2021", "--allow-missing-questions")).Exit);

        var (exit, output, error) = await Cli("instrument", "import", dir.Write("new.csv", NewQuestion));
        Assert.True(exit == 0, error);
        Assert.Contains("Nya frågor: D_HUBB_BESOK", output);
        Assert.Contains("Ändrade frågor: L_TEAM", output);
        Assert.Equal(26, await ScalarAsync<int>(db, "SELECT position::int FROM question WHERE code = 'D_HUBB_BESOK'"));
        // The reworded label keeps its code, and a file that writes the former one still means it.
        Assert.Equal(3, await ScalarAsync<int>(db, "SELECT code::int FROM answer_alias WHERE question_code = 'L_TEAM' AND alias = 'anmäld'"));
        Assert.Contains("D_HUBB_BESOK (choice): Har du arbetat från en regional arbetshubb det senaste året?", (await Cli("instrument", "show")).Out);
        // A stored wave does not start asking it; the next wave does.
        Assert.DoesNotContain("D_HUBB_BESOK", (await Cli("waves", "show", "V16-2021")).Out);
        Assert.Equal(0, (await Cli("waves", "add", "V16-2023", "--name", "V16 2023", "--from", "2023-04-17", "--to", "2023-04-23")).Exit);
        (exit, output, error) = await Cli("ingest", dir.Write("2023.csv", "Svars-ID;B_FORV;B_ENHET;Hubbesök;L_TEAM\n1;RS;RS-0001;j;Anmäld\n2;RS;RS-0001;Nej;Anmäld till kurs\n"),
            "--wave", "V16-2023", "--allow-missing-questions");
        Assert.True(exit == 0, error + output);
        Assert.Equal("1,2|3,3", await ScalarAsync<string>(db, """
            SELECT string_agg(r.answers[26]::text, ',' ORDER BY respondent_key) || '|' || string_agg(r.answers[25]::text, ',' ORDER BY respondent_key)
            FROM respondent r JOIN wave w ON w.id = r.wave_id WHERE w.code = 'V16-2023'
            """));

        var before = await ScalarAsync<string>(db, Instrument);
        // Code 3 of L_TEAM ("Anmäld till kurs") would become "Ja", which code 1 means: the stored 3s would change meaning.
        (exit, _, error) = await Cli("instrument", "import", dir.Write("reuse.csv",
            "kod;text;typ;alternativ\nD_NY;En ny fråga;choice;1=Ja|2=Nej\nL_TEAM;Team;choice;3=Ja\n"));
        Assert.Equal(2, exit);
        Assert.Equal("error: Rad 3 (L_TEAM): svarskoden 3 får etiketten \"Ja\", som redan är kod 1: det skulle ändra vad lagrade svar betyder. Ingenting ändrades.",
            error.Trim());
        (exit, _, error) = await Cli("instrument", "import", dir.Write("kind.csv", "code;text;kind;min;max\nB_KON;Kön;number;1;4\n"));
        Assert.Equal((2, "error: Rad 2 (B_KON): typen kan inte ändras från choice till number: frågan har redan svar. Ingenting ändrades."),
            (exit, error.Trim()));
        Assert.Equal(before, await ScalarAsync<string>(db, Instrument));
        Assert.Equal(0L, await ScalarAsync<long>(db, "SELECT count(*) FROM question WHERE code = 'D_NY'"));
    }

    private Task<(int Exit, string Out, string Error)> Cli(params string[] args) => CliTests.RunAsync(db, args);
}
