namespace TorchFluent.Snippets.Infrastructure;

/// <summary>
/// Marks a static method (void or Task, no parameters) whose <c>#region name</c> is the code of the doc block
/// preceded by <c>&lt;!-- snippet: name --&gt;</c>. The harness runs the method and compares what it prints with the
/// page's output block.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SnippetAttribute(string name) : Attribute
{
    /// <summary>The snippet name used in the page marker and the region.</summary>
    public string Name { get; } = name;
}
