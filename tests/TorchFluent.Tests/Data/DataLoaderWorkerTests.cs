using FluentAssertions;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Data;

public sealed class DataLoaderWorkerTests
{
    static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    public DataLoaderWorkerTests() => TorchRuntime.EnsureLoaded();

    /// <summary>Fails instead of hanging when the code under test deadlocks.</summary>
    static T WithoutHang<T>(Func<T> action)
    {
        var task = Task.Factory.StartNew(action, TaskCreationOptions.LongRunning);
        task.Wait(HangGuard).Should().BeTrue("the loader must not deadlock");
        return task.Result;
    }

    static void WithoutHang(Action action) => WithoutHang(() => { action(); return 0; });

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 1)]
    public void Workers_GiveTheSameBatchesInTheSameOrder(int workers, int prefetch)
    {
        var (x, y) = TestData.Rows(101);
        using var tensors = Dataset.FromTensors(x, y);
        foreach (var dataset in new Dataset<(Tensor X, Tensor Y)>[] { new RowDataset(x, y), tensors })
        {
            using var serial = DataLoader.From(dataset).Batch(8).Shuffle(seed: 5).Build();
            using var parallel = DataLoader.From(dataset).Batch(8).Shuffle(seed: 5).Workers(workers, prefetch).Build();

            for (var epoch = 0; epoch < 2; epoch++)
            {
                var expected = serial.Select(b => (TestData.Floats(b.X), TestData.Longs(b.Y))).ToList();
                var actual = WithoutHang(() => parallel.Select(b => (TestData.Floats(b.X), TestData.Longs(b.Y))).ToList());
                actual.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
            }
        }
    }

    [Fact]
    public void Workers_IndexerThrows_SurfacesOnTheConsumerAtThatBatch()
    {
        var (x, y) = TestData.Rows(40);
        var dataset = new RowDataset(x, y) { BeforeRead = i => { if (i == 13) throw new IOException("disk error"); } };
        using var loader = DataLoader.From(dataset).Batch(4).Workers(3, prefetch: 1).Build();

        var delivered = new List<long>();
        var e = WithoutHang(() =>
        {
            try
            {
                foreach (var (_, yb) in loader) delivered.AddRange(TestData.Longs(yb));
                return null;
            }
            catch (DataLoaderException caught)
            {
                return caught;
            }
        });

        e.Should().NotBeNull();
        (e!.BatchIndex, e.SampleIndex).Should().Be((3, (int?)13));
        e.InnerException.Should().BeOfType<IOException>();
        e.Message.Should().StartWith("Reading sample 13 failed (batch 3): IOException: disk error\n");
        e.StackTrace.Should().Contain("SampleSource", "the worker's stack is kept");
        delivered.Should().Equal(Enumerable.Range(0, 12).Select(i => (long)i), "the batches before the failing one arrive first");
    }

    [Fact]
    public void Workers_PrefetchIsBounded()
    {
        var (x, y) = TestData.Rows(100);
        var dataset = new RowDataset(x, y);
        using var loader = DataLoader.From(dataset).Batch(1).Workers(2, prefetch: 1).Build();

        WithoutHang(() =>
        {
            using var epoch = loader.GetEnumerator();
            epoch.MoveNext().Should().BeTrue();
            // Give unbounded workers ample time to run ahead.
            Thread.Sleep(300);
            // One batch taken; each worker may hold one finished batch and be blocked handing over another.
            dataset.Reads.Should().BeLessThanOrEqualTo(1 + 2 * (1 + 1));
        });
    }

    [Fact]
    public void Workers_SlowConsumerAndBreak_NoDeadlockAndWorkersStop()
    {
        var (x, y) = TestData.Rows(200);
        var dataset = new RowDataset(x, y);
        using var loader = DataLoader.From(dataset).Batch(2).Workers(3, prefetch: 1).Build();

        WithoutHang(() =>
        {
            var taken = 0;
            foreach (var _ in loader)
            {
                Thread.Sleep(5);
                if (++taken == 10) break;
            }
        });
        var readsAfterBreak = dataset.Reads;
        Thread.Sleep(200);

        dataset.Reads.Should().Be(readsAfterBreak, "the workers have stopped when the loop's enumerator is disposed");
        readsAfterBreak.Should().BeLessThan(200);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Cancellation_StopsWithinOneBatch(int workers)
    {
        var (x, y) = TestData.Rows(400);
        var dataset = new RowDataset(x, y);
        using var loader = DataLoader.From(dataset).Batch(4).Workers(workers, prefetch: 1).Build();
        using var cts = new CancellationTokenSource();

        var taken = 0;
        var act = () => WithoutHang(() =>
        {
            foreach (var _ in loader.WithCancellation(cts.Token))
            {
                if (++taken == 3) cts.Cancel();
            }
        });

        act.Should().Throw<AggregateException>().WithInnerException<OperationCanceledException>();
        taken.Should().Be(3, "the step after cancellation throws");
        var reads = dataset.Reads;
        if (workers == 0) reads.Should().Be(12, "nothing is read after the cancelled step");
        else reads.Should().BeLessThanOrEqualTo(12 + workers * (1 + 1) * 4, "workers stop; at most their prefetch was read ahead");
        Thread.Sleep(100);
        dataset.Reads.Should().Be(reads);
    }

    [Fact]
    public void Cancellation_WhileWaitingForASlowWorker_ThrowsPromptly()
    {
        var (x, y) = TestData.Rows(50);
        using var release = new ManualResetEventSlim();
        var dataset = new RowDataset(x, y) { BeforeRead = i => { if (i >= 8) release.Wait(TimeSpan.FromSeconds(30)); } };
        using var loader = DataLoader.From(dataset).Batch(4).Workers(2).Build();
        using var cts = new CancellationTokenSource();

        var act = () => WithoutHang(() =>
        {
            var taken = 0;
            foreach (var _ in loader.WithCancellation(cts.Token))
            {
                // Batch 2 needs sample 8, which blocks: cancel while the consumer waits for it.
                if (++taken == 2) cts.CancelAfter(100);
            }
        });

        act.Should().Throw<AggregateException>().WithInnerException<OperationCanceledException>();
        release.Set();
    }

    [Fact]
    public void Cancellation_AlreadyCancelled_ThrowsBeforeReading()
    {
        var (x, y) = TestData.Rows(8);
        var dataset = new RowDataset(x, y);
        using var loader = DataLoader.From(dataset).Batch(4).Build();

        var act = () => loader.WithCancellation(new CancellationToken(canceled: true)).GetEnumerator();

        act.Should().Throw<OperationCanceledException>();
        dataset.Reads.Should().Be(0);
    }
}
