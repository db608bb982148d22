using System.Security.Cryptography;
using System.Text;
using Survey.Ingest.Uploads;
using static Survey.Tests.Ingest.Exports.KnownRespondents;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Ingest.Uploads;

/// <summary>A file with a structural problem is rejected whole, stores nothing, and is still logged with its SHA-256.</summary>
public sealed class StructuralRejectionTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private const string NotAFile = "Filen är varken en CSV-fil eller en Excel-arbetsbok (XLSX), eller har en teckenkodning som inte går att avgöra. Spara den som CSV (UTF-8 eller Windows-1252) eller XLSX.";

    public static TheoryData<string, byte[], string> Files() => new()
    {
        { "empty", [], "Filen är tom." },
        { "no header", Encoding.UTF8.GetBytes("Hej;hopp\nett;två\n"), "Ingen rubrikrad hittades bland filens första 30 rader. " +
            "Filens första rad börjar med \"Hej\", \"hopp\". Rubrikerna ska vara frågornas koder eller texter, t.ex. B_FORV eller " +
            "Förvaltning, B_ENHET eller Enhet, B_KON eller Kön (LimeSurvey skriver koderna utan understreck, t.ex. BFORV; " +
            "matrisfrågor som \"Fråga [Påstående]\" eller \"Fråga - Påstående\"), med verktygets egna kolumner (svars-id, tider) bredvid. " +
            "Har verktyget egna rubriker, mappa dem i förhandsgranskningen (ingest --preview, eller Förhandsgranska först på uppladdningssidan)." },
        { "no administration column", Encoding.UTF8.GetBytes(Csv(',', "\n", Codes[1..], FirstAsCodes[1..])), "Bakgrundskolumnen Förvaltning (B_FORV) saknas. Den är obligatorisk." },
        { "no data rows", Encoding.UTF8.GetBytes(Csv(',', "\n", Codes, [], [])), "Filen innehåller inga datarader under rubrikraden." },
        { "question twice", Encoding.UTF8.GetBytes(Csv(',', "\n", [.. Codes, "Kön"], [.. FirstAsCodes, "1"])), "Frågan B_KON finns i två kolumner: \"B_KON\" och \"Kön\"." },
        { "binary", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52], NotAFile },
        { "undecidable encoding", [.. Encoding.UTF8.GetBytes("B_FORV;B_ENHET;B_KON\n"), 0x81, 0xC3, (byte)';', 0x8D, (byte)'\n'], NotAFile },
        { "unclosed quote", Encoding.UTF8.GetBytes(Csv(',', "\n", Codes, FirstAsCodes) + "HSF,HSF-0001,\"" + new string('x', 3 << 20)),
            "En rad i filen är längre än 1 MB. Troligen saknas ett avslutande citattecken (\") i ett fält." },
        { "broken workbook", [0x50, 0x4B, 0x03, 0x04, .. Encoding.ASCII.GetBytes("not really a zip archive")], "Filen kunde inte läsas som en Excel-arbetsbok (XLSX). Spara den på nytt som XLSX eller CSV." },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_structurally_broken_file_is_rejected_whole_and_logged(string name, byte[] bytes, string message)
    {
        var wave = await NewWaveAsync(db);
        var before = await DataSnapshotAsync(db);
        var result = await IngestAsync(db, bytes, wave, name);
        Assert.Equal("rejected", result.Status);
        Assert.Equal([new UploadProblem(null, null, null, message)], result.Problems);
        Assert.Equal(before, await DataSnapshotAsync(db));
        var (status, sha256, _) = await UploadRowAsync(db, result.UploadId);
        Assert.Equal(("rejected", Convert.ToHexStringLower(SHA256.HashData(bytes))), (status, sha256));
    }

    [Fact]
    public async Task An_unknown_wave_is_rejected()
    {
        var csv = Csv(',', "\n", ["Svars-ID", .. Codes], ["1001", .. FirstAsCodes]);
        var result = await IngestAsync(db, csv, "V16-1999");
        Assert.Equal("rejected", result.Status);
        Assert.StartsWith("Okänd mätning: V16-1999. Mätningar som finns: V16-2021", result.Problems.Single().Message);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_before_it_is_read()
    {
        var wave = await NewWaveAsync(db);
        var bytes = Encoding.UTF8.GetBytes(Csv(',', "\n", ["Svars-ID", .. Codes], ["1001", .. FirstAsCodes]));
        var result = await IngestAsync(db, bytes, wave, maxBytes: 100);
        Assert.Equal("rejected", result.Status);
        Assert.Equal("Filen är större än gränsen på 100 byte och har inte lästs in.", result.Problems.Single().Message);
        Assert.Equal(0, result.Rows);
        Assert.Empty(await RespondentsAsync(db, wave));
        var (status, sha256, _) = await UploadRowAsync(db, result.UploadId);
        Assert.Equal(("rejected", ""), (status, sha256));
        Assert.Equal((long)bytes.Length, await ScalarAsync<long>(db, "SELECT size_bytes FROM upload WHERE id = @id", new { id = result.UploadId }));
    }
}
