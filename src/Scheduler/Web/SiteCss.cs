namespace Survey.Scheduler.Web;

/// <summary>
/// The one stylesheet, served from the assembly so no static-file folder has to travel with the binary. Colours
/// meet WCAG 2.1 AA contrast (4.5:1 for text, 3:1 for focus outlines); a traffic light always carries its word.
/// </summary>
internal static class SiteCss
{
    public const string Content = """
        :root { --green: #176c32; --yellow: #ffd75e; --red: #a4231b; --ink: #1d2430; --line: #6b7480; --link: #0b4f8a; --focus: #0b4f8a; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, "DejaVu Sans", sans-serif; color: var(--ink); background: #f6f7f9; }
        a { color: var(--link); }
        :focus-visible, input:focus, input:focus-within, select:focus, textarea:focus { outline: 3px solid var(--focus); outline-offset: 2px; }
        main:focus { outline: none; }
        .skip { position: absolute; left: -100rem; top: .5rem; background: #fff; color: var(--ink); padding: .5rem 1rem; z-index: 10; }
        .skip:focus { left: 1rem; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
        header { display: flex; gap: 1.5rem; align-items: center; padding: .75rem 1.5rem; background: #12355b; color: #fff; flex-wrap: wrap; }
        header a { color: #fff; text-decoration: none; }
        header a:hover, header a[aria-current] { text-decoration: underline; text-underline-offset: .3em; }
        header :focus-visible { outline-color: var(--yellow); }
        header nav { display: flex; gap: 1rem; flex: 1; flex-wrap: wrap; }
        header button { background: #fff; color: #12355b; }
        .brand { font-weight: 700; }
        .logout { display: flex; gap: .5rem; align-items: center; margin: 0; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
        footer { text-align: center; color: #4a5361; font-size: .85rem; padding: 1rem; }
        footer p { margin: .25rem 0; }
        table { border-collapse: collapse; width: 100%; background: #fff; margin: 1rem 0; }
        caption { text-align: left; font-weight: 600; padding: .25rem 0; }
        th, td { border: 1px solid #d7dce3; padding: .4rem .6rem; text-align: left; vertical-align: top; }
        thead th { background: #eef1f5; }
        tbody th { font-weight: normal; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .status { font-weight: 700; color: #fff; border-radius: .25rem; padding: .1rem .5rem; white-space: nowrap; }
        .status.green, .status.accepted, .status.ready { background: var(--green); }
        .status.yellow, .status.pending { background: var(--yellow); color: var(--ink); }
        .status.red, .status.rejected, .status.failed { background: var(--red); }
        .card { background: #fff; border: 1px solid #d7dce3; border-radius: .5rem; padding: 1rem 1.25rem; margin: 1rem 0; }
        .narrow { max-width: 24rem; }
        label { display: block; margin: .5rem 0; }
        input, select, button, textarea { font: inherit; padding: .3rem .5rem; }
        input, select, textarea { border: 1px solid var(--line); border-radius: .2rem; background: #fff; color: var(--ink); }
        input[type=checkbox] { accent-color: #12355b; }
        [aria-invalid=true] { border: 2px solid var(--red); }
        button { background: #12355b; color: #fff; border: 0; border-radius: .25rem; cursor: pointer; }
        button.secondary { background: #fff; color: #12355b; border: 1px solid #12355b; }
        .error { color: var(--red); font-weight: 600; }
        .warning { background: #fff4d6; border-left: .3rem solid #8a6d00; padding: .5rem .75rem; }
        .muted { color: #4a5361; }
        .hint { display: block; color: #4a5361; font-size: .9rem; }
        form.inline { display: inline; margin-left: .5rem; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(28rem, 1fr)); gap: 1rem; }
        figure { margin: 0; background: #fff; border: 1px solid #d7dce3; padding: .5rem; }
        figure img { width: 100%; }
        figcaption { font-weight: 600; }
        details summary { cursor: pointer; color: var(--link); }
        .filters { display: flex; gap: 1rem; flex-wrap: wrap; align-items: end; }
        .filters label { margin: 0; }
        .secret { font: 1.25rem/1.4 ui-monospace, "DejaVu Sans Mono", monospace; background: #fff; border: 2px dashed var(--green); padding: .5rem 1rem; display: inline-block; }
        pre { white-space: pre-wrap; background: #fff; border: 1px solid #d7dce3; padding: .75rem; }
        """;
}
