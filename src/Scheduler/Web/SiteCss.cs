namespace Survey.Scheduler.Web;

/// <summary>The one stylesheet, served from the assembly so no static-file folder has to travel with the binary.</summary>
internal static class SiteCss
{
    public const string Content = """
        :root { --green: #1b7f3b; --yellow: #b58900; --red: #b3261e; --ink: #1d2430; --line: #d7dce3; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, "DejaVu Sans", sans-serif; color: var(--ink); background: #f6f7f9; }
        header { display: flex; gap: 1.5rem; align-items: center; padding: .75rem 1.5rem; background: #12355b; color: #fff; flex-wrap: wrap; }
        header a { color: #fff; text-decoration: none; }
        header nav { display: flex; gap: 1rem; flex: 1; }
        .brand { font-weight: 700; }
        .logout { display: flex; gap: .5rem; align-items: center; margin: 0; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
        footer { text-align: center; color: #5a6472; font-size: .85rem; padding: 1rem; }
        table { border-collapse: collapse; width: 100%; background: #fff; margin: 1rem 0; }
        th, td { border: 1px solid var(--line); padding: .4rem .6rem; text-align: left; vertical-align: top; }
        th { background: #eef1f5; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .status { font-weight: 700; color: #fff; border-radius: .25rem; padding: .1rem .5rem; }
        .status.green, .status.accepted, .status.ready { background: var(--green); }
        .status.yellow, .status.pending { background: var(--yellow); }
        .status.red, .status.rejected, .status.failed { background: var(--red); }
        .card { background: #fff; border: 1px solid var(--line); border-radius: .5rem; padding: 1rem 1.25rem; margin: 1rem 0; }
        .narrow { max-width: 24rem; }
        label { display: block; margin: .5rem 0; }
        input, select, button { font: inherit; padding: .3rem .5rem; }
        button { background: #12355b; color: #fff; border: 0; border-radius: .25rem; cursor: pointer; }
        .error { color: var(--red); font-weight: 600; }
        .warning { background: #fff4d6; border-left: .3rem solid var(--yellow); padding: .5rem .75rem; }
        .muted { color: #5a6472; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(28rem, 1fr)); gap: 1rem; }
        .charts img { width: 100%; background: #fff; border: 1px solid var(--line); }
        pre { white-space: pre-wrap; background: #fff; border: 1px solid var(--line); padding: .75rem; }
        """;
}
