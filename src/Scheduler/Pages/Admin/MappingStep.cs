using System.Text;
using Npgsql;
using Survey.Ingest.Profiles;
using Survey.Ingest.Reading;

namespace Survey.Scheduler.Pages.Admin;

/// <summary>The preview of a survey export as the upload page's mapping step runs it.</summary>
internal static class MappingStep
{
    /// <summary>The preview, or why the file cannot be previewed (the upload's result then says the same in full).</summary>
    public static async Task<(Preview? Preview, string? Problem)> RunAsync(NpgsqlDataSource db, string fileName, Stream content,
        string? wave, string? profile, long maxBytes, CancellationToken ct)
    {
        try
        {
            return (await ImportPreview.RunAsync(db, fileName, content, wave, profile, maxBytes, ct), null);
        }
        catch (FileRejected e)
        {
            return (null, e.Message);
        }
        catch (FileTooLargeException)
        {
            return (null, Survey.Ingest.Uploads.UploadLimits.TooLargeMessage(maxBytes));
        }
        catch (Exception e) when (e is CsvHelper.CsvFormatException or DecoderFallbackException || e.InnerException is DecoderFallbackException)
        {
            return (null, "Filen går inte att läsa som CSV eller XLSX.");
        }
    }

    /// <summary>Whether the export has something to map before it is read; one the preview cannot read goes on to be uploaded,
    /// and its result says why it was rejected.</summary>
    public static async Task<bool> NeededAsync(NpgsqlDataSource db, IFormFile file, string? wave, string? profile, long maxBytes,
        CancellationToken ct)
    {
        if (file.Length > maxBytes)
            return false;
        await using var content = file.OpenReadStream();
        return (await RunAsync(db, file.FileName, content, wave, profile, maxBytes, ct)).Preview?.NeedsMapping == true;
    }
}
