namespace TorchFluent;

/// <summary>
/// Thrown by a <see cref="DataLoader{TBatch}"/>'s enumerator when a batch cannot be made: the dataset's indexer threw,
/// the samples cannot be stacked, or the collate function failed. The message says which sample and what to fix; the
/// exception that caused it (if any) is the <see cref="Exception.InnerException"/>. With parallel workers the
/// exception is raised on the consuming thread, at the batch that failed.
/// </summary>
public sealed class DataLoaderException : Exception
{
    internal DataLoaderException(string message, int batchIndex, int? sampleIndex, Exception? innerException)
        : base(message, innerException)
    {
        BatchIndex = batchIndex;
        SampleIndex = sampleIndex;
    }

    /// <summary>The position of the failing batch in the epoch, from 0.</summary>
    public int BatchIndex { get; }

    /// <summary>The dataset index of the sample to blame, when one sample is (null when the whole batch failed).</summary>
    public int? SampleIndex { get; }
}
