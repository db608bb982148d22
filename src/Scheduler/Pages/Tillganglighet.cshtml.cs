using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Survey.Scheduler.Hosting;

namespace Survey.Scheduler.Pages;

/// <summary>The accessibility statement required by lag (2018:1937), open to everyone.</summary>
public sealed class TillganglighetModel(IOptions<SurveyOptions> options) : PageModel
{
    public string Contact => options.Value.SupportContact;
}
