namespace TorchFluent.Tests.Infrastructure;

/// <summary>
/// Tests that change process-wide torch state (manual seed, default dtype, thread count, grad mode) join this
/// collection so they never run in parallel with each other, and restore what they changed.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalTorchStateCollection
{
    /// <summary>The collection name: <c>[Collection(GlobalTorchStateCollection.Name)]</c>.</summary>
    public const string Name = "Global torch state";
}
