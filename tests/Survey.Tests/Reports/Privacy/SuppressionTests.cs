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

    [Fact]
    public void The_minimum_is_five() => Assert.Equal(5, Suppression.MinimumGroupSize);
}
