namespace Survey.Scheduler.Web;

/// <summary>
/// The one script. An element with data-refresh="N" (an aria-live region) is fetched again every N seconds and
/// replaced in place, so a pending upload or order shows its result without reloading the page, moving focus or
/// a meta refresh (WCAG 2.2.1). Without the script the page still works: it has an "Uppdatera" link.
/// </summary>
internal static class SiteJs
{
    public const string Content = """
        document.querySelectorAll("[data-refresh][id]").forEach(region => {
          const seconds = Math.max(1, Number(region.dataset.refresh) || 5);
          const poll = async () => {
            try {
              const response = await fetch(location.href, { credentials: "same-origin" });
              if (!response.ok) return;
              const fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById(region.id);
              if (!fresh) return;
              region.innerHTML = fresh.innerHTML;
              if (fresh.hasAttribute("data-refresh")) setTimeout(poll, seconds * 1000);
              else region.removeAttribute("data-refresh");
            } catch { setTimeout(poll, seconds * 1000); }
          };
          setTimeout(poll, seconds * 1000);
        });
        """;
}
