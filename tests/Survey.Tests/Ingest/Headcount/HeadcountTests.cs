using Survey.Ingest.Sample;
using Survey.Ingest.Uploads;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Ingest.Headcount;

public sealed class HeadcountTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private sealed record Row(string UnitCode, short AdministrationId, int Employees, int? Women, int? Men);

    private async Task<List<Row>> StoredAsync(string wave)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return (await Dapper.SqlMapper.QueryAsync<Row>(connection, """
            SELECT unit_code AS UnitCode, administration_id AS AdministrationId, employees, women, men
            FROM headcount h JOIN wave w ON w.id = h.wave_id WHERE w.code = @wave ORDER BY unit_code
            """, new { wave })).ToList();
    }

    [Fact]
    public async Task Headcount_with_swedish_headers_is_stored_and_new_units_registered()
    {
        var wave = await NewWaveAsync(db);
        var csv = "Personalunderlag 2021-04-15\r\n\r\nEnhet;Förvaltning;Antal anställda;Kvinnor;Män;Chef\r\n" +
                  "HC-0001;Regionstab;12;7;5;Anna\r\nHC-0002;FTV;3;;;Bo\r\nHC-0003;Folktandvården;40,0;30;9;Cia\r\n";
        var result = await IngestAsync(db, Windows1252.GetBytes(csv), wave, "personal.csv", UploadKind.Headcount);
        Assert.True(result.IsAccepted, string.Join("; ", result.Problems.Select(p => p.Message)));
        Assert.Equal((3, 3), (result.Rows, result.Inserted));
        Assert.Equal(["Chef"], result.IgnoredColumns);
        Assert.Equal([new("HC-0001", 1, 12, 7, 5), new("HC-0002", 4, 3, null, null), new("HC-0003", 4, 40, 30, 9)], await StoredAsync(wave));
        Assert.Equal(4L, await ScalarAsync<long>(db, "SELECT administration_id::bigint FROM unit WHERE code = 'HC-0003'"));

        var again = await IngestAsync(db, Windows1252.GetBytes(csv.Replace(";40,0;", ";41;")), wave, "personal.csv", UploadKind.Headcount);
        Assert.Equal((0, 1, 2), (again.Inserted, again.Updated, again.Unchanged));
    }

    [Fact]
    public async Task Bad_headcount_rows_are_reported_and_nothing_is_stored()
    {
        var wave = await NewWaveAsync(db);
        var before = await DataSnapshotAsync(db);
        var csv = "B_ENHET,B_FORV,Antal\nHC-0100,RS,-1\nHC-0101,Landstinget,5\nHC-0102,RS,2.5\nHC-0100,RS,4\n,RS,3\n";
        var result = await IngestAsync(db, csv, wave, "hc.csv", UploadKind.Headcount);
        Assert.Equal("rejected", result.Status);
        Assert.Equal(
        [
            new UploadProblem(2, "Antal", "-1", "Ogiltigt antal: ska vara ett heltal, 0 eller större."),
            new UploadProblem(4, "Antal", "2.5", "Ogiltigt antal: ska vara ett heltal, 0 eller större."),
            new UploadProblem(5, "B_ENHET", "HC-0100", "Enheten HC-0100 förekommer flera gånger i filen (första gången på rad 2)."),
            new UploadProblem(6, "B_ENHET", "", "Enhet saknas."),
        ], result.Problems);
        Assert.Equal(before, await DataSnapshotAsync(db));
    }

    [Fact]
    public async Task The_sample_headcount_matches_the_sample_export_at_a_60_to_80_percent_response_rate()
    {
        var wave = await NewWaveAsync(db);
        await IngestAsync(db, await Samples.ExportAsync(db, SampleShape.Codes, 1500, seed: 41), wave);
        using var headcount = new MemoryStream();
        await SampleExport.WriteHeadcountAsync(db.DataSource, headcount, 1500, 41, CancellationToken.None);
        var result = await IngestAsync(db, headcount.ToArray(), wave, "hc.csv", UploadKind.Headcount);
        Assert.True(result.IsAccepted, string.Join("; ", result.Problems.Select(p => p.Message)));
        var rate = await ScalarAsync<decimal>(db, """
            SELECT (SELECT count(*) FROM respondent WHERE wave_id = w.id)::numeric / (SELECT sum(employees) FROM headcount WHERE wave_id = w.id)
            FROM wave w WHERE code = @wave
            """, new { wave });
        Assert.InRange(rate, 0.6m, 0.8m);
        Assert.Equal(0L, await ScalarAsync<long>(db, """
            SELECT count(*) FROM respondent r JOIN wave w ON w.id = r.wave_id
            WHERE w.code = @wave AND NOT EXISTS (SELECT 1 FROM headcount h WHERE h.wave_id = r.wave_id AND h.unit_code = r.unit_code)
            """, new { wave }));
        Assert.True(await ScalarAsync<long>(db, "SELECT count(*) FROM headcount h JOIN wave w ON w.id = h.wave_id WHERE w.code = @wave AND employees < 5", new { wave }) > 0);
    }
}
