namespace TorchFluent.Snippets.Infrastructure;

/// <summary>Snippets print to Console, which is process-wide: they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SnippetCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "Snippets";
}
