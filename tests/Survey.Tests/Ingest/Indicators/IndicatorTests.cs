using Survey.Ingest.Sample;
using Survey.Ingest.Uploads;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Ingest.Indicators;

public sealed class IndicatorTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task The_sample_indicators_are_stored_exactly_and_a_reupload_is_unchanged()
    {
        using var file = new MemoryStream();
        SampleExport.WriteIndicators(file);
        var result = await IngestAsync(db, file.ToArray(), null, "indikatorer.csv", UploadKind.Indicators);
        Assert.Equal(("accepted", 12, 12, null), (result.Status, result.Rows, result.Inserted, result.Wave));
        Assert.Equal("4|Hubben i Strömsund öppnade; avtal med kommunen", await ScalarAsync<string>(db,
            "SELECT value || '|' || comment FROM indicator_value WHERE goal_code = 'G_HUBBAR' AND period = '2021-04'"));
        Assert.Equal("7|3 tjänster till Sveg, \"Regional utveckling\"", await ScalarAsync<string>(db,
            "SELECT value || '|' || comment FROM indicator_value WHERE goal_code = 'G_OMLOKALISERADE' AND period = '2021-05'"));
        var again = await IngestAsync(db, file.ToArray(), null, "indikatorer.csv", UploadKind.Indicators);
        Assert.Equal((0, 0, 12), (again.Inserted, again.Updated, again.Unchanged));
    }

    [Fact]
    public async Task Periods_and_values_are_read_as_spreadsheets_write_them()
    {
        var csv = "Målkod\tMånad\tUtfall\tKommentar\ng_hubbar\t2020/7\t6,5\t\nG_HUBBAR\t2020-08-01\t7\t=1+1\n";
        var result = await IngestAsync(db, csv, null, "ind.tsv", UploadKind.Indicators);
        Assert.True(result.IsAccepted, string.Join("; ", result.Problems.Select(p => p.Message)));
        Assert.Equal("2020-07:6.5:|2020-08:7:=1+1", await ScalarAsync<string>(db, """
            SELECT string_agg(period || ':' || value || ':' || coalesce(comment, ''), '|' ORDER BY period)
            FROM indicator_value WHERE period LIKE '2020-%'
            """));
    }

    [Fact]
    public async Task Survey_goals_bad_periods_and_values_are_rejected()
    {
        var before = await DataSnapshotAsync(db);
        var csv = "Mål;Period;Värde\nG_DISTANS;2021-01;0,4\nG_HUBBAR;2021-13;3\nG_HUBBAR;2021-02;tre\nG_NOPE;2021-02;1\n";
        var result = await IngestAsync(db, csv, null, "ind.csv", UploadKind.Indicators);
        Assert.Equal("rejected", result.Status);
        const string goals = "Mål som laddas upp som indikator: G_HUBBAR, G_OMLOKALISERADE.";
        Assert.Equal(
        [
            new UploadProblem(2, "Mål", "G_DISTANS", $"Målet G_DISTANS beräknas från enkäten och laddas inte upp. {goals}"),
            new UploadProblem(3, "Period", "2021-13", "Ogiltig period: ska vara år och månad, ÅÅÅÅ-MM (t.ex. 2021-05)."),
            new UploadProblem(4, "Värde", "tre", "Ogiltigt värde: ska vara ett tal."),
            new UploadProblem(5, "Mål", "G_NOPE", $"Okänt mål. {goals}"),
        ], result.Problems);
        Assert.Equal(before, await DataSnapshotAsync(db));
    }
}
