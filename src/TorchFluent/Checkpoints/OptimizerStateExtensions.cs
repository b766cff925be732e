using System.Text;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Saving and loading an optimizer's state (learning rates, momentum buffers, Adam moments, step counts), like
/// PyTorch's <c>torch.save(optimizer.state_dict(), path)</c> and <c>optimizer.load_state_dict(torch.load(path))</c>.
/// </summary>
/// <remarks>
/// Two formats: TorchSharp's own (<c>.dat</c>), exact for every TorchSharp optimizer; and PyTorch's <c>.pth</c>
/// (through TorchSharp.PyBridge), which maps PyTorch's <c>state</c>/<c>param_groups</c> dict onto TorchSharp's
/// optimizer fields by name. The PyTorch mapping is checked against real PyTorch 1.13 for SGD (with momentum) and
/// Adam; other optimizers whose option names differ between the two libraries may not map, and fail with a
/// <see cref="CheckpointException"/> rather than load wrong values silently where a name is missing.
/// </remarks>
public static class OptimizerStateExtensions
{
    /// <summary>
    /// Saves the optimizer's state, atomically (a crash during the save leaves any previous file intact).
    /// </summary>
    /// <param name="optimizer">A TorchSharp optimizer (SGD, Adam, AdamW, RMSprop, ...).</param>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <param name="format">
    /// <see cref="CheckpointFormat.Auto"/> (default): <c>.dat</c> -> TorchSharp, anything else -> PyTorch.
    /// <see cref="CheckpointFormat.Safetensors"/> cannot hold optimizer state.
    /// </param>
    /// <exception cref="NotSupportedException">
    /// The optimizer is implemented natively (LBFGS), or the format is safetensors.
    /// </exception>
    public static void SaveStateDict(this optim.Optimizer optimizer, string path, CheckpointFormat format = CheckpointFormat.Auto)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentException.ThrowIfNullOrEmpty(path);
        TorchRuntime.EnsureLoaded();
        var helper = Managed(optimizer);
        var resolved = ForSave(path, format);
        AtomicFile.Write(path, stream =>
        {
            if (resolved == CheckpointFormat.PyTorch)
            {
                helper.save_py(stream, leaveOpen: true);
                return;
            }
            using var writer = new BinaryWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            helper.save_state_dict(writer);
            writer.Flush();
        });
    }

    /// <summary>
    /// Loads optimizer state saved by <see cref="SaveStateDict"/> or by Python's
    /// <c>torch.save(optimizer.state_dict(), path)</c>; the format is detected from the content. The optimizer must
    /// have been created over the same parameters, in the same order, as the one that was saved.
    /// </summary>
    /// <param name="optimizer">The optimizer to restore.</param>
    /// <param name="path">A file written by <see cref="SaveStateDict"/> or by Python's <c>torch.save</c>.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="CheckpointException">
    /// The file is damaged, of another kind, refused (a pickle naming Python code), or its PyTorch state cannot be
    /// mapped onto this optimizer.
    /// </exception>
    /// <exception cref="InvalidOperationException">
    /// The file belongs to another optimizer type, or its parameter groups or state shapes do not fit this optimizer.
    /// </exception>
    public static void LoadStateDict(this optim.Optimizer optimizer, string path)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentException.ThrowIfNullOrEmpty(path);
        TorchRuntime.EnsureLoaded();
        var helper = Managed(optimizer);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException(Messages.CheckpointNotFound(full), full);

        byte[] head;
        using (var stream = File.OpenRead(full))
        {
            head = new byte[(int)Math.Min(16, stream.Length)];
            stream.ReadExactly(head);
        }
        if (head.Length == 0) throw CheckpointErrors.Empty(full);
        if (PthFormat.LooksLike(head)) LoadPyTorch(helper, full);
        else LoadTorchSharp(helper, full);
    }

    static void LoadPyTorch(OptimizerHelper helper, string path)
    {
        // The weights-only unpickler sees the file first: PyBridge's unpickler would accept globals we refuse.
        OptimizerStateCheck.Validate(helper, PthFormat.ReadStructure(path), path);
        try
        {
            using var stream = File.OpenRead(path);
            helper.load_py(stream);
        }
        catch (Exception e) when (e is InvalidCastException or KeyNotFoundException or NullReferenceException
                                      or ArgumentException or NotImplementedException or FormatException
                                      or IndexOutOfRangeException or System.Reflection.TargetInvocationException)
        {
            throw CheckpointErrors.Unsupported(path, CheckpointFormat.PyTorch,
                Messages.OptimizerPyTorchUnmapped(helper.GetType().Name, e.GetType().Name, e.Message), e);
        }
    }

    static void LoadTorchSharp(OptimizerHelper helper, string path)
    {
        var expected = helper.GetType().Name;
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true));
            var saved = reader.ReadString();
            if (saved.Length == 0 || saved.Length > 64 || !saved.All(char.IsAsciiLetterOrDigit))
                throw CheckpointErrors.Unknown(path, Messages.CheckpointFirstBytes(File.ReadAllBytes(path).AsSpan(0, (int)Math.Min(16, stream.Length)), stream.Length));
            if (saved != expected) throw new InvalidOperationException(Messages.OptimizerTypeMismatch(path, saved, expected));
            stream.Position = 0;
            helper.load_state_dict(reader);
            if (stream.Position != stream.Length)
                throw CheckpointErrors.Damaged(path, CheckpointFormat.TorchSharp, Messages.CheckpointTrailingBytes(stream.Length - stream.Position));
        }
        catch (Exception e) when (e is EndOfStreamException or DecoderFallbackException)
        {
            throw CheckpointErrors.Damaged(path, CheckpointFormat.TorchSharp, Messages.CheckpointEndsEarly, e);
        }
        catch (ArgumentException e)
        {
            // TorchSharp's own check: a different number of parameter groups or parameters.
            throw new InvalidOperationException(Messages.OptimizerShapeMismatch(path, e.Message), e);
        }
    }

    static OptimizerHelper Managed(optim.Optimizer optimizer) => optimizer switch
    {
        // TorchFluent's clipping, accumulation and Lookahead wrappers keep their state in the optimizer they wrap.
        OptimizerWrapper wrapper => Managed(wrapper.Inner),
        OptimizerHelper helper => helper,
        _ => throw new NotSupportedException(Messages.OptimizerNotSupported(optimizer.GetType().Name)),
    };

    static CheckpointFormat ForSave(string path, CheckpointFormat format)
    {
        // Same extension rule as for models, so "optimizer.safetensors" is refused rather than written as a .pth.
        var resolved = CheckpointFiles.ForSave(path, format);
        if (resolved == CheckpointFormat.Safetensors) throw new NotSupportedException(Messages.OptimizerSafetensors);
        return resolved;
    }
}
