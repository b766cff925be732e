using FluentAssertions;
using TorchFluent.Tests.Infrastructure;

namespace TorchFluent.Tests;

// Not in parallel with other tests: their allocations could start collections of their own between the reads below.
[Collection(GlobalTorchStateCollection.Name)]
public sealed class GarbagePacerTests
{
    [Fact]
    public void Step_AfterTheBudgetWasAllocated_RunsOneGen0Collection_ThenNoneUntilTheNextBudget()
    {
        GarbagePacer.Step();
        var garbage = 0L;
        for (var i = 0; i < 2 * GarbagePacer.Budget / 4096; i++) garbage += new byte[4096].Length;   // twice the budget
        garbage.Should().BeGreaterThan(GarbagePacer.Budget);

        // Nothing is allocated between these reads and the steps, so only the pacer can collect here.
        var before = GC.CollectionCount(0);
        GarbagePacer.Step();
        var afterFirst = GC.CollectionCount(0);
        GarbagePacer.Step();
        var afterSecond = GC.CollectionCount(0);

        afterFirst.Should().Be(before + 1, "twice the budget was allocated since the last collection the pacer ran");
        afterSecond.Should().Be(afterFirst, "nothing was allocated since");
    }
}
