namespace TorchFluent;

/// <summary>
/// Every message TorchFluent shows a person, in one place, so wording stays consistent and tests can assert it word
/// for word. Each concept adds its messages in a partial file named <c>Messages.&lt;Concept&gt;.cs</c> beside this one.
/// Shape: what happened, what was expected, what was received, how to fix it.
/// </summary>
internal static partial class Messages
{
}
