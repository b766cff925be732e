namespace TorchFluent;

/// <summary>Deconstruction of <see cref="Dataset.RandomSplit{TSample}(Dataset{TSample}, IReadOnlyList{double}, long)"/>'s result.</summary>
public static class DatasetExtensions
{
    /// <summary>
    /// <c>var (train, valid) = Dataset.RandomSplit(data, [0.8, 0.2], seed: 0);</c>
    /// </summary>
    /// <typeparam name="TSample">The sample type.</typeparam>
    /// <param name="parts">The result of a two-way split.</param>
    /// <param name="first">The first subset.</param>
    /// <param name="second">The second subset.</param>
    /// <exception cref="ArgumentException">The split did not make exactly two subsets.</exception>
    public static void Deconstruct<TSample>(this Subset<TSample>[] parts, out Subset<TSample> first, out Subset<TSample> second)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length != 2) throw new ArgumentException(Messages.SplitDeconstruct(parts.Length, 2), nameof(parts));
        (first, second) = (parts[0], parts[1]);
    }

    /// <summary>
    /// <c>var (train, valid, test) = Dataset.RandomSplit(data, [0.8, 0.1, 0.1], seed: 0);</c>
    /// </summary>
    /// <typeparam name="TSample">The sample type.</typeparam>
    /// <param name="parts">The result of a three-way split.</param>
    /// <param name="first">The first subset.</param>
    /// <param name="second">The second subset.</param>
    /// <param name="third">The third subset.</param>
    /// <exception cref="ArgumentException">The split did not make exactly three subsets.</exception>
    public static void Deconstruct<TSample>(this Subset<TSample>[] parts, out Subset<TSample> first, out Subset<TSample> second, out Subset<TSample> third)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length != 3) throw new ArgumentException(Messages.SplitDeconstruct(parts.Length, 3), nameof(parts));
        (first, second, third) = (parts[0], parts[1], parts[2]);
    }
}
