using Survey.Reports.Analyst;
using Survey.Scheduler.Jobs;

namespace Survey.Tests.Jobs;

public sealed class AnalystOrderTests
{
    [Fact]
    public void The_stored_scope_gives_the_job_back_the_filters_that_were_ordered()
    {
        IReadOnlyList<(string, string)> filters = [("unit", "HSF-0012"), ("administration", "Hälso- och sjukvårdsförvaltningen")];
        var scope = AnalystWorkbooks.Scope(filters);
        Assert.Equal("administration=Hälso- och sjukvårdsförvaltningen&unit=HSF-0012", scope);
        Assert.Equal(filters.OrderBy(f => f.Item1), AnalystOrder.ParseScope(scope));
        Assert.Empty(AnalystOrder.ParseScope(AnalystWorkbooks.Scope([])));
    }
}
