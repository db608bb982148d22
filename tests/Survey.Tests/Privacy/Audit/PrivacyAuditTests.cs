using Xunit.Abstractions;

namespace Survey.Tests.Privacy.Audit;

/// <summary>
/// Everything the product publishes for an adversarial wave, attacked as a whole (<see cref="LinearAudit"/>). The
/// promise is that no hidden cell or answer count can be narrowed into 1..4 and no printed figure is the size of a
/// group of 1–4. History: before the one decision per wave, the same audit narrowed 1,985 (seed 1) and 1,925
/// (seed 2) cells and found 591 and 509 printed group sizes; with it, 9 and 6 cells remained, all from goals counted
/// over a narrower population than their question (managers, seven municipalities, those who gave a municipality);
/// with those goals decided as linked cells of their sheets (Privacy/WaveProtection), none on that audit. The audit
/// then got stronger (G_AVTAL's population, D_AVTAL with D_DAGAR in one LP) and a third shape the protection was
/// not developed on (seed 3, see AdversarialWave): with tables over linked questions hiding the same groups, 17, 0
/// and 4 cells remain, all from the administration rows of D_DAGAR and D_AVTAL (whose sheets keep their own rule
/// there, for their units), municipality rows bounded by G_SPRIDNING, and one count of L_LEDARSKAP's managers. With
/// every sheet row and unit in the stored decision, each family of linked tables hiding one set of groups and units,
/// and the answer counts of groups the attacker knows have 5 or more no longer counted (a shown row prints those),
/// 17, 0 and 2 remain, and two seeds never tuned on (4: the second shape again, 5: a third with many units of 1–4)
/// give 9 and 3: see the README's known limits. A fourth shape (seeds 6–8: an administration of exactly 5, many
/// units of 5–6 split by one answer, units whose only non-managers are 1–2, an "Annat" of one in a small
/// administration), added before the protection was changed again, gives 15, 1 and 2 on that code. With every group
/// with respondents listed in every table (so that which rows a table lists says nothing), 0, 0, 0, 1, 1, 2, 1 and 0
/// remained on seeds 1–8, all answer counts of a goal's population within one unit; with no units' rows for a
/// question that a goal counts over a population defined by background (L_LEDARSKAP, D_HUBB), none. A fifth shape
/// (seeds 9 and 10), written after that and not tuned on, is held to the same: nothing narrowed, nothing printed.
/// </summary>
public sealed class PrivacyAuditTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    public async Task Everything_published_for_a_wave_is_attacked_at_once_and_nothing_under_5_is_narrowed(int seed)
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
            Assert.True(result.Disclosed.Count == 0, result.ToString());
        }
        finally
        {
            await db.DisposeAsync();
        }
    }
}
