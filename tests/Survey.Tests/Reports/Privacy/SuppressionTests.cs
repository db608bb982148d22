using Survey.Reports.Privacy;

namespace Survey.Tests.Reports.Privacy;

public sealed class SuppressionTests
{
    [Theory]
    [InlineData(new long[] { 5, 6, 7 }, new[] { false, false, false })]
    [InlineData(new long[] { 4, 10, 6 }, new[] { true, false, true })]  // one small group: the next smallest goes too
    [InlineData(new long[] { 4, 10 }, new[] { true, true })]
    [InlineData(new long[] { 3, 2, 20 }, new[] { true, true, false })] // two small groups protect each other
    [InlineData(new long[] { 9, 4, 7, 7 }, new[] { false, true, true, false })] // ties: the earlier group
    [InlineData(new long[] { 4 }, new[] { true })]
    public void Small_groups_are_hidden_and_a_lone_one_takes_the_next_smallest_along(long[] counts, bool[] expected) =>
        Assert.Equal(expected, Suppression.Suppressed(counts));

    [Fact]
    public void The_minimum_is_five() => Assert.Equal(5, Suppression.MinimumGroupSize);
}
