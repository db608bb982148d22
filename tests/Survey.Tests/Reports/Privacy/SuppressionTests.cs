using Survey.Reports.Privacy;

namespace Survey.Tests.Reports.Privacy;

public sealed class SuppressionTests
{
    [Theory]
    [InlineData(new long[] { 5, 6, 7 }, new[] { false, false, false })]
    [InlineData(new long[] { 4, 10, 6 }, new[] { true, false, true })]  // one small group: the next smallest goes too
    [InlineData(new long[] { 4, 10 }, new[] { true, true })]
    [InlineData(new long[] { 3, 2, 20 }, new[] { true, true, true })] // 5 hidden, each at least 1: the 3 would be 1 to 4
    [InlineData(new long[] { 3, 3, 20 }, new[] { true, true, false })] // two small groups protect each other: either could be 5
    [InlineData(new long[] { 9, 4, 7, 7 }, new[] { false, true, true, false })] // ties: the earlier group
    [InlineData(new long[] { 4 }, new[] { true })]
    [InlineData(new long[] { 2, 2, 30, 20 }, new[] { true, true, false, true })] // 2 + 2 = 4: the next smallest goes too
    [InlineData(new long[] { 1, 1, 1, 1, 9, 9 }, new[] { true, true, true, true, true, false })]
    [InlineData(new long[] { 1, 2, 1 }, new[] { true, true, true })] // nothing left to hide
    [InlineData(new long[] { 0, 3, 6, 8 }, new[] { true, true, true, false })]
    public void Small_groups_are_hidden_and_others_go_along_until_each_hidden_group_could_hold_five(long[] counts, bool[] expected) =>
        Assert.Equal(expected, Suppression.Suppressed(counts));

    [Theory]
    [InlineData(new long[] { 9, 6, 20 }, new[] { true, false, false }, new[] { true, true, false })] // a forced group needs a partner
    [InlineData(new long[] { 9, 3, 20 }, new[] { true, false, false }, new[] { true, true, false })]
    [InlineData(new long[] { 9, 6, 20 }, new[] { false, false, false }, new[] { false, false, false })]
    public void Groups_hidden_for_another_reason_count_as_hidden(long[] counts, bool[] alsoHidden, bool[] expected) =>
        Assert.Equal(expected, Suppression.Suppressed(counts, alsoHidden));

    [Theory]
    // Berg 3 among the seven municipalities, Östersund 80 outside them: one rule over the row would hide Berg and
    // Östersund, but a goal over the seven publishes their total, so Berg needs a partner among the seven.
    [InlineData(new long[] { 3, 12, 9, 80 }, new[] { 1, 1, 1, 0 }, new[] { true, false, true, false })]
    // A part with nothing hidden needs nothing; one with a small group hides within itself.
    [InlineData(new long[] { 6, 7, 2, 40 }, new[] { 1, 1, 0, 0 }, new[] { false, false, true, true })]
    public void Where_a_published_total_splits_the_groups_the_rule_holds_in_each_part(long[] counts, int[] parts, bool[] expected) =>
        Assert.Equal(expected, Suppression.Suppressed(counts, null, parts));

    [Fact]
    public void The_minimum_is_five() => Assert.Equal(5, Suppression.MinimumGroupSize);
}
