namespace TorchFluent;

/// <summary>
/// What a non-strict load skipped, like the <c>missing_keys</c> / <c>unexpected_keys</c> result of PyTorch's
/// <c>load_state_dict(strict=False)</c>. After a strict load both lists are empty.
/// </summary>
public sealed class StateDictLoadResult
{
    internal StateDictLoadResult(IReadOnlyList<string> missingKeys, IReadOnlyList<string> unexpectedKeys)
    {
        MissingKeys = missingKeys;
        UnexpectedKeys = unexpectedKeys;
    }

    /// <summary>Keys the model has and the state dict lacks; those parameters and buffers kept their values.</summary>
    public IReadOnlyList<string> MissingKeys { get; }

    /// <summary>Keys the state dict has and the model lacks; those entries were ignored.</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; }

    /// <summary>True when every key matched: nothing missing, nothing unexpected.</summary>
    public bool IsExactMatch => MissingKeys.Count == 0 && UnexpectedKeys.Count == 0;

    /// <summary>PyTorch's spelling: <c>&lt;All keys matched successfully&gt;</c> or the two key lists.</summary>
    public override string ToString() => IsExactMatch
        ? "<All keys matched successfully>"
        : $"missing_keys=[{Quote(MissingKeys)}], unexpected_keys=[{Quote(UnexpectedKeys)}]";

    internal static string Quote(IEnumerable<string> keys) => string.Join(", ", keys.Select(k => "'" + k + "'"));
}
