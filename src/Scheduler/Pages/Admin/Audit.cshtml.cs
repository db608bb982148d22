using System.Globalization;
using CsvHelper;
using Dapper;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Survey.Scheduler.Pages.Admin;

/// <summary>The audit log, filtered by time, account, action and object; the same filter exports it as CSV.</summary>
public sealed class AuditModel(NpgsqlDataSource db) : PageModel
{
    public const int PageRows = 500;

    public sealed record AuditRow(long Id, DateTime At, string? Actor, string Action, string? Target, string? Detail, string? Address);

    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? Target { get; set; }

    public IReadOnlyList<AuditRow> Rows { get; private set; } = [];
    public long Total { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Several queries, one state of the database (see ReportSnapshot).
        await using var snapshot = await Survey.Reports.ReportSnapshot.BeginAsync(db, ct);
        var connection = snapshot.Connection;
        var (where, args) = Filter();
        Total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) FROM audit_event {where}", args, cancellationToken: ct));
        Rows = (await connection.QueryAsync<AuditRow>(new CommandDefinition(
            $"SELECT id, at, actor, action, target, detail, address FROM audit_event {where} ORDER BY at DESC, id DESC LIMIT {PageRows}",
            args, cancellationToken: ct))).ToList();
    }

    /// <summary>Every matching row, oldest first, streamed; cells that a spreadsheet would read as a formula are escaped.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = "attachment; filename=\"handelselogg.csv\"";
        await using var connection = await db.OpenConnectionAsync(ct);
        var (where, args) = Filter();
        // CsvHelper writes to its stream synchronously as its buffer fills; this response allows that.
        HttpContext.Features.Get<IHttpBodyControlFeature>()!.AllowSynchronousIO = true;
        using var csv = CsvWriter.Create(Response.Body, CsvWriterOptions.Default with
        {
            Separator = ';', Injection = CsvInjection.Escape, WriteByteOrderMark = true,
        }, leaveOpen: true);
        foreach (var header in new[] { "tid", "konto", "händelse", "kod", "objekt", "detaljer", "adress" })
            csv.WriteField(header);
        csv.EndRecord();
        var rows = connection.QueryUnbufferedAsync<AuditRow>(
            $"SELECT id, at, actor, action, target, detail, address FROM audit_event {where} ORDER BY at, id", args);
        await foreach (var row in rows.WithCancellation(ct))
        {
            csv.WriteField(TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(row.At, DateTimeKind.Utc)), Stockholm.TimeZone)
                .ToString("yyyy-MM-dd HH:mm:sszzz", CultureInfo.InvariantCulture));
            csv.WriteField(row.Actor ?? "");
            csv.WriteField(Audit.Audit.Actions.Label(row.Action));
            csv.WriteField(row.Action);
            csv.WriteField(row.Target ?? "");
            csv.WriteField(row.Detail ?? "");
            csv.WriteField(row.Address ?? "");
            csv.EndRecord();
        }
        await csv.FlushAsync(ct);
        return new EmptyResult(); // written above; the page itself is not rendered
    }

    /// <summary>Dates are whole Stockholm days, To included.</summary>
    private (string Where, DynamicParameters Args) Filter()
    {
        var clauses = new List<string>();
        var args = new DynamicParameters();
        if (From is { } from)
        {
            clauses.Add("at >= @from");
            args.Add("from", StartOf(from));
        }
        if (To is { } to)
        {
            clauses.Add("at < @to");
            args.Add("to", StartOf(to.AddDays(1)));
        }
        if (Actor is { Length: > 0 } actor)
        {
            clauses.Add("actor ILIKE @actor");
            args.Add("actor", "%" + Like(actor.Trim()) + "%");
        }
        if (Action is { Length: > 0 } action)
        {
            clauses.Add("action = @action");
            args.Add("action", action);
        }
        if (Target is { Length: > 0 } target)
        {
            clauses.Add("(target ILIKE @target OR detail ILIKE @target)");
            args.Add("target", "%" + Like(target.Trim()) + "%");
        }
        return (clauses.Count == 0 ? "" : "WHERE " + string.Join(" AND ", clauses), args);
    }

    private static DateTime StartOf(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Stockholm.TimeZone);

    private static string Like(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");

    public string CsvLink() => Url.Page("/Admin/Audit", "Csv", new { From, To, Actor, Action, Target })!;
}
