using System.Text;
using Survey.Ingest.Uploads;
using static Survey.Tests.Ingest.Exports.KnownRespondents;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Ingest.Uploads;

/// <summary>Damage anywhere in a file (not only in the first 64 KB that are sniffed) is a row problem with its line,
/// column and value, and a file over the limit of unknown length is refused: nothing is stored, the upload is
/// rejected, never failed.</summary>
public sealed class DamagedRowTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private const string Time = "Ogiltig tidpunkt: ska vara ett datum och en tid som finns, mellan år 1900 och 2999 (t.ex. 2021-04-25 20:31).";
    private static readonly string[] Header = ["Svars-ID", "Inskickad", .. Codes];

    /// <summary>Rows 1000, 1001, … with the second respondent's answers, one physical line each.</summary>
    private static string[][] Rows(int count) =>
        [.. Enumerable.Range(0, count).Select(i => (string[])[$"{1000 + i}", "2021-04-21 08:00:00", .. SecondAsCodes])];

    [Fact]
    public async Task A_NUL_byte_after_the_sniffed_64_KB_is_a_row_problem()
    {
        var rows = Rows(800); // about 100 KB
        rows[700][^1] = "bra\0dåligt";
        var csv = Csv(';', "\r\n", [Header, .. rows]);
        Assert.True(Encoding.UTF8.GetByteCount(csv[..csv.IndexOf('\0')]) > 1 << 16);
        await AssertRejectedAsync(csv, new UploadProblem(702, "F_BATTRE", "bra\\0dåligt",
            "Fältet innehåller ett NUL-tecken (byte 0), som ingen text har: filen är skadad. Spara den på nytt och ladda upp den igen."));
    }

    [Fact]
    public async Task A_row_with_too_few_fields_is_a_row_problem()
    {
        var rows = Rows(3);
        rows[1] = rows[1][..10];
        await AssertRejectedAsync(Csv(',', "\n", [Header, .. rows]),
            new UploadProblem(3, "D_PLATS", "", "Raden har 10 fält men rubrikraden har 30: raden är avkapad eller saknar fält."));
    }

    [Fact]
    public async Task A_row_with_values_beyond_the_header_is_a_row_problem()
    {
        var rows = Rows(3);
        rows[2] = [.. rows[2], "", "extra"];
        await AssertRejectedAsync(Csv(',', "\n", [Header, .. rows]),
            new UploadProblem(4, "fält 32", "extra", "Raden har fler fält än rubrikraden (30): värdet står under ingen rubrik."));
    }

    [Fact]
    public async Task Empty_fields_beyond_the_header_are_trailing_separators_and_no_problem()
    {
        var rows = Rows(2);
        rows[1] = [.. rows[1], "", ""];
        var result = await IngestAsync(db, Csv(',', "\n", [Header, .. rows]), await NewWaveAsync(db));
        Assert.Equal(("accepted", 2), (result.Status, result.Inserted));
    }

    [Fact]
    public async Task A_file_cut_off_inside_a_quoted_field_of_its_last_row_is_a_row_problem()
    {
        var csv = Csv(',', "\n", [Header, .. Rows(2)]) + "1002,2021-04-21 08:00:00," + string.Join(",", SecondAsCodes[..^2]) + ",\"bra men";
        await AssertRejectedAsync(csv, new UploadProblem(4, "F_BRA", "bra men",
            "Filen slutar inne i ett fält inom citattecken: raden är avkapad. Ladda upp hela filen."));
    }

    [Fact]
    public async Task A_file_cut_off_between_fields_of_its_last_row_is_a_row_problem()
    {
        var csv = Csv(',', "\n", [Header, .. Rows(2)]) + "1002,2021-04-21 08:00:00,RS,RS-0001,2";
        await AssertRejectedAsync(csv,
            new UploadProblem(4, "B_ALDER", "", "Raden har 5 fält men rubrikraden har 30: raden är avkapad eller saknar fält."));
    }

    [Theory]
    [InlineData("2021-02-30")]
    [InlineData("2021-02-30 10:00:00")]
    [InlineData("25:61:61")]
    [InlineData("igår")]
    [InlineData("0001-01-01 00:00:00")]
    public async Task An_impossible_submission_time_is_a_row_problem(string time)
    {
        var rows = Rows(2);
        rows[1][1] = time;
        await AssertRejectedAsync(Csv(',', "\n", [Header, .. rows]), new UploadProblem(3, "Inskickad", time, Time));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stream_of_unknown_length_over_the_limit_is_refused(bool badHeader)
    {
        // With a bad header the file is rejected before the limit is reached; hashing the rest then passes it.
        var csv = badHeader ? string.Concat(Enumerable.Repeat("x;y;z\n", 5000)) : Csv(';', "\n", [Header, .. Rows(400)]);
        var wave = await NewWaveAsync(db);
        var before = await DataSnapshotAsync(db);
        await using var pipe = new Unseekable(Encoding.UTF8.GetBytes(csv));
        var result = await Ingestion.RunAsync(db.DataSource, new IngestRequest
        {
            Kind = UploadKind.Survey, FileName = "pipe.csv", Content = pipe, WaveCode = wave, MaxBytes = 20_000,
        }, null, default);
        Assert.Equal("rejected", result.Status);
        Assert.Equal("Filen är större än gränsen på 19 kB och har inte lästs in.", result.Problems.Single().Message);
        Assert.Equal(before, await DataSnapshotAsync(db));
        var (status, sha256, _) = await UploadRowAsync(db, result.UploadId);
        Assert.Equal(("rejected", ""), (status, sha256));
    }

    private sealed class Unseekable(byte[] bytes) : Survey.Ingest.Reading.ForwardOnlyStream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 4096));
    }

    private async Task AssertRejectedAsync(string csv, UploadProblem expected)
    {
        var wave = await NewWaveAsync(db);
        var before = await DataSnapshotAsync(db);
        var result = await IngestAsync(db, csv, wave);
        Assert.Equal("rejected", result.Status);
        Assert.Equal([expected], result.Problems);
        Assert.Equal(before, await DataSnapshotAsync(db));
        Assert.Equal("rejected", (await UploadRowAsync(db, result.UploadId)).Status);
        // Skipping invalid rows stores the intact ones and only those.
        var skipped = await IngestAsync(db, csv, wave, skipInvalidRows: true);
        Assert.Equal(("accepted", skipped.Rows - 1), (skipped.Status, skipped.Inserted));
    }
}
