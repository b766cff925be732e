namespace TorchFluent;

/// <summary>Builds the <see cref="CheckpointException"/>s of the checkpoint readers from <see cref="Messages"/>.</summary>
internal static class CheckpointErrors
{
    public static CheckpointException Damaged(string path, CheckpointFormat format, string detail, Exception? inner = null) =>
        new(Messages.CheckpointDamaged(path, FormatName(format), detail, Length(path)), path, CheckpointProblem.Damaged, inner);

    public static CheckpointException Empty(string path) =>
        new(Messages.CheckpointEmpty(path), path, CheckpointProblem.Damaged);

    public static CheckpointException Unknown(string path, string received) =>
        new(Messages.CheckpointUnknownFormat(path, received), path, CheckpointProblem.UnknownFormat);

    public static CheckpointException Mismatch(string path, CheckpointFormat expected, CheckpointFormat found) =>
        new(Messages.CheckpointFormatMismatch(path, FormatName(expected), FormatName(found)), path, CheckpointProblem.FormatMismatch);

    public static CheckpointException Legacy(string path) =>
        new(Messages.CheckpointLegacyPyTorch(path), path, CheckpointProblem.Unsupported);

    public static CheckpointException Unsupported(string path, CheckpointFormat format, string detail, Exception? inner = null) =>
        new(Messages.CheckpointUnsupported(path, FormatName(format), detail), path, CheckpointProblem.Unsupported, inner);

    public static CheckpointException Refused(string path, string global, Exception? inner = null) =>
        new(global.StartsWith("torch.nn.modules.", StringComparison.Ordinal)
                ? Messages.CheckpointWholeModel(path, global)
                : Messages.CheckpointRefused(path, global),
            path, CheckpointProblem.Refused, inner);

    /// <summary>How messages name a format.</summary>
    public static string FormatName(CheckpointFormat format) => format switch
    {
        CheckpointFormat.PyTorch => "PyTorch (.pth, torch.save)",
        CheckpointFormat.TorchSharp => "TorchSharp (.dat, Module.save)",
        CheckpointFormat.Safetensors => "safetensors",
        _ => "checkpoint",
    };

    static long Length(string path)
    {
        try { return new FileInfo(path).Length; }
        catch (IOException) { return -1; }
        catch (UnauthorizedAccessException) { return -1; }
    }
}
