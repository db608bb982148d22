using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using Survey.Reports.Goals;

namespace Survey.Scheduler.Pages;

public sealed class IndexModel(NpgsqlDataSource db, TimeProvider time) : PageModel
{
    /// <summary>A chart and, as its text alternative, the figures it draws (suppressed groups as "–").</summary>
    public sealed record ChartLink(string Url, string Title, string GroupHeading, string Target, IReadOnlyList<ChartBar> Bars);

    public sealed record ChartBar(string Group, string Outcome);

    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    public GoalReport? Report { get; private set; }
    public IReadOnlyList<ChartLink> Charts { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = TimeZoneInfo.ConvertTime(time.GetUtcNow(), Stockholm.TimeZone);
        Period ??= now.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        try
        {
            Report = await GoalOutcomes.ComputeAsync(db, GoalSelection.ForPeriod(Period), ct);
            Charts = Web.ChartEndpoints.For(Report, Period);
        }
        catch (UserError e)
        {
            Error = e.Message;
        }
    }
}
