using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Survey.Scheduler.Hosting;

namespace Survey.Scheduler.Pages;

/// <summary>Where single sign-on sends a user whom the role mapping gives no role: whom to ask, nothing else.</summary>
public sealed class IngenBehorighetModel(IOptions<SurveyOptions> options) : PageModel
{
    public string Contact => options.Value.SupportContact;
}
