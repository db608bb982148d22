using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Survey.Scheduler.Pages.Admin;

public sealed class UploadModel(NpgsqlDataSource db) : PageModel
{
    public sealed record UploadDetail(string FileName, string Kind, string? Wave, string UploadedBy, DateTime UploadedAt,
        string Status, int Rows, int Inserted, int Updated, int Unchanged, string[] IgnoredColumns, string Sha256, string Problems);

    public sealed record Problem(long? Line, string? Column, string? Value, string Message);

    public UploadDetail? Upload { get; private set; }
    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public async Task OnGetAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        Upload = await connection.QuerySingleOrDefaultAsync<UploadDetail>(new CommandDefinition("""
            SELECT u.file_name AS FileName, u.kind, w.code AS Wave, u.uploaded_by AS UploadedBy, u.uploaded_at AS UploadedAt,
                   u.status, u.rows, u.inserted, u.updated, u.unchanged, u.ignored_columns AS IgnoredColumns, u.sha256,
                   u.problems::text AS Problems
            FROM upload u LEFT JOIN wave w ON w.id = u.wave_id WHERE u.id = @id
            """, new { id }, cancellationToken: ct));
        if (Upload is not null)
            Problems = JsonSerializer.Deserialize<List<Problem>>(Upload.Problems, JsonSerializerOptions.Web) ?? [];
    }
}
