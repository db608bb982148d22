using Xunit.Abstractions;

namespace Survey.Tests.Privacy.Audit;

/// <summary>
/// Everything the product publishes for an adversarial wave, attacked as a whole (<see cref="LinearAudit"/>). The
/// promise is that no hidden cell or answer count can be narrowed into 1..4 and no printed figure is the size of a
/// group of 1–4. Printed group sizes are gone; what the audit still narrows comes from goals counted over a narrower
/// population than their question (managers, seven municipalities, those who gave a municipality), which issue #15
/// keeps open: this test holds the line at those cells (listed in its output) so that nothing else comes back.
/// Before the one decision per wave, the same audit narrowed 1,985 (seed 1) and 1,925 (seed 2) cells and found
/// 591 and 509 printed group sizes.
/// </summary>
public sealed class PrivacyAuditTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1, 9)]
    [InlineData(2, 6)]
    public async Task Everything_published_for_a_wave_is_attacked_at_once_and_only_the_known_goal_populations_leak(int seed, int known)
    {
        var db = new TestDatabase();
        await db.InitializeAsync();
        try
        {
            var wave = AdversarialWave.Generate(seed);
            await wave.StoreAsync(db);
            var published = await Publication.ReadAllAsync(db, wave, "2021-05");
            var audit = new LinearAudit(wave, published.Figures);
            var result = audit.Run();
            output.WriteLine($"seed {seed}: {wave.People.Count} respondents, {published.Outputs} outputs read " +
                             $"({published.Figures.Count} rows), {published.Refused.Count} filters refused; LPs {audit.Elapsed.TotalSeconds:0.0} s");
            output.WriteLine(result.ToString());
            foreach (var line in result.Disclosed.Select(d => d.ToString()).Concat(result.Printed).Take(30))
                output.WriteLine(line);
            Assert.Empty(result.Misread);
            Assert.Empty(result.Printed);
            Assert.All(result.Disclosed, d => Assert.Matches("G_HUBB_INTRESSE|G_CHEF_UTBILDNING|G_SPRIDNING|L_LEDARSKAP|Hemkommun: Ej angivet", d.Cell));
            Assert.True(result.Disclosed.Count <= known, result.ToString());
        }
        finally
        {
            await db.DisposeAsync();
        }
    }
}
