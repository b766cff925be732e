namespace TorchFluent;

/// <summary>A dataset made of a count and an item function (<see cref="Dataset.From{TSample}(int, Func{int, TSample})"/>).</summary>
internal sealed class DelegateDataset<TSample>(Func<int> count, Func<int, TSample> getItem) : Dataset<TSample>
{
    public override int Count => count();

    public override TSample this[int index]
    {
        get
        {
            var n = count();
            if ((uint)index >= (uint)n)
                throw new ArgumentOutOfRangeException(nameof(index), index, Messages.IndexOutOfRange(index, n));
            return getItem(index);
        }
    }
}
