using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Survey.Scheduler.Pages.Admin;

public sealed class UploadModel(NpgsqlDataSource db) : PageModel
{
    public sealed class UploadDetail
    {
        public string FileName { get; init; } = "";
        public string Kind { get; init; } = "";
        public string? Wave { get; init; }
        public string UploadedBy { get; init; } = "";
        public DateTime UploadedAt { get; init; }
        public string Status { get; init; } = "";
        public int Rows { get; init; }
        public int Inserted { get; init; }
        public int Updated { get; init; }
        public int Unchanged { get; init; }
        public string[] IgnoredColumns { get; init; } = [];
        public int HeaderRows { get; init; }
        public string[] Warnings { get; init; } = [];
        public string Sha256 { get; init; } = "";
        public string Problems { get; init; } = "[]";
    }

    public sealed record Problem(long? Line, string? Column, string? Value, string Message);

    public long Id { get; private set; }
    public UploadDetail? Upload { get; private set; }
    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    /// <summary>The administrations and units the file registered, worded as the CLI words them.</summary>
    public IReadOnlyList<string> NewOrganisation { get; private set; } = [];

    /// <summary>Rows the file marks as no respondent (a tool's previews, spam, unfinished), worded as the CLI words them.</summary>
    public string? LeftOut { get; private set; }

    /// <summary>Rows with problems that were skipped.</summary>
    public int Skipped { get; private set; }

    public async Task OnGetAsync(long id, CancellationToken ct)
    {
        Id = id;
        // Several queries, one state of the database (see ReportSnapshot).
        await using var snapshot = await Survey.Reports.ReportSnapshot.BeginAsync(db, ct);
        var connection = snapshot.Connection;
        Upload = await connection.QuerySingleOrDefaultAsync<UploadDetail>(new CommandDefinition("""
            SELECT u.file_name AS FileName, u.kind, w.code AS Wave, u.uploaded_by AS UploadedBy, u.uploaded_at AS UploadedAt,
                   u.status, u.rows, u.inserted, u.updated, u.unchanged, u.ignored_columns AS IgnoredColumns, u.sha256,
                   u.header_rows AS HeaderRows, u.warnings,
                   u.problems::text AS Problems
            FROM upload u LEFT JOIN wave w ON w.id = u.wave_id WHERE u.id = @id
            """, new { id }, cancellationToken: ct));
        if (Upload is null)
            return;
        Problems = JsonSerializer.Deserialize<List<Problem>>(Upload.Problems, JsonSerializerOptions.Web) ?? [];
        if (await Survey.Ingest.Uploads.UploadLog.ReadResultAsync(connection, id, ct) is { } result)
        {
            NewOrganisation = [.. Survey.Ingest.Uploads.UploadReport.NewOrganisation(result)];
            Skipped = result.Skipped;
            if (result.LeftOut.Count > 0)
                LeftOut = $"{result.LeftOut.Sum(l => l.Rows)} rader räknas inte som svarande: {Survey.Ingest.Uploads.UploadReport.LeftOutText(result.LeftOut)}.";
        }
    }
}
