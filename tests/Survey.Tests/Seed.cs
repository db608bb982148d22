using Npgsql;
using Survey.Ingest.Sample;
using Survey.Ingest.Uploads;

namespace Survey.Tests;

/// <summary>Realistic data through the product's own generator and ingest, for tests that need a filled wave.</summary>
internal static class Seed
{
    public const string Wave = "V16-2021";

    public static async Task WriteExportAsync(NpgsqlDataSource db, string path, int respondents, int seed = 16)
    {
        await using var file = File.Create(path);
        await SampleExport.WriteAsync(db, file, SampleShape.Codes, respondents, seed, default);
    }

    /// <summary>Ingests a generated export and its headcount into V16-2021.</summary>
    public static async Task SmallWaveAsync(NpgsqlDataSource db, int respondents = 300, int seed = 16)
    {
        using var export = new MemoryStream();
        await SampleExport.WriteAsync(db, export, SampleShape.Codes, respondents, seed, default);
        using var headcount = new MemoryStream();
        await SampleExport.WriteHeadcountAsync(db, headcount, respondents, seed, default);
        foreach (var (kind, content) in new[] { (UploadKind.Survey, export), (UploadKind.Headcount, headcount) })
        {
            content.Position = 0;
            var result = await Ingestion.RunAsync(db, new IngestRequest
            {
                Kind = kind, FileName = $"seed-{kind}.csv", Content = content, WaveCode = Wave, UploadedBy = "test",
            }, null, default);
            if (result.Status != "accepted")
                throw new InvalidOperationException(UploadReport.ToSwedishText(result));
        }
    }
}
