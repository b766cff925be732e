using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>Chooses and detects checkpoint formats, and dispatches reads and (atomic) writes to them.</summary>
internal static class CheckpointFiles
{
    const int SniffLength = 4096;

    /// <summary>The format a save uses: the requested one, or by extension for <see cref="CheckpointFormat.Auto"/>.</summary>
    public static CheckpointFormat ForSave(string path, CheckpointFormat format)
    {
        if (!Enum.IsDefined(format)) throw new ArgumentOutOfRangeException(nameof(format), format, Messages.UnknownCheckpointFormat(format));
        if (format != CheckpointFormat.Auto) return format;
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".safetensors" => CheckpointFormat.Safetensors,
            ".dat" => CheckpointFormat.TorchSharp,
            _ => CheckpointFormat.PyTorch,
        };
    }

    /// <summary>The format of an existing file, from its first bytes (never from its name).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="CheckpointException">The file is empty, truncated, legacy or of no known format.</exception>
    public static CheckpointFormat Detect(string fullPath)
    {
        if (!File.Exists(fullPath)) throw new FileNotFoundException(Messages.CheckpointNotFound(fullPath), fullPath);
        byte[] head;
        long length;
        using (var stream = File.OpenRead(fullPath))
        {
            length = stream.Length;
            head = new byte[(int)Math.Min(SniffLength, length)];
            stream.ReadExactly(head);
        }

        if (length == 0) throw CheckpointErrors.Empty(fullPath);
        if (PthFormat.LooksLike(head)) return CheckpointFormat.PyTorch;
        if (PthFormat.LooksLikeLegacy(head)) throw CheckpointErrors.Legacy(fullPath);
        if (SafetensorsFormat.LooksLike(head, length)) return CheckpointFormat.Safetensors;
        if (SafetensorsFormat.LooksTruncated(head, length))
            throw CheckpointErrors.Damaged(fullPath, CheckpointFormat.Safetensors, Messages.CheckpointHeaderPastEnd(
                (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(head), length));
        if (TorchSharpFormat.LooksLike(head, length)) return CheckpointFormat.TorchSharp;
        throw CheckpointErrors.Unknown(fullPath, Messages.CheckpointFirstBytes(head.AsSpan(0, Math.Min(head.Length, 16)), length));
    }

    /// <summary>Reads a state dict; <paramref name="format"/> other than Auto must match the detected format.</summary>
    public static List<KeyValuePair<string, Tensor>> Read(string path, CheckpointFormat format)
    {
        if (!Enum.IsDefined(format)) throw new ArgumentOutOfRangeException(nameof(format), format, Messages.UnknownCheckpointFormat(format));
        var full = Path.GetFullPath(path);
        var detected = Detect(full);
        if (format != CheckpointFormat.Auto && format != detected) throw CheckpointErrors.Mismatch(full, format, detected);
        return detected switch
        {
            CheckpointFormat.PyTorch => PthFormat.ReadStateDict(full),
            CheckpointFormat.Safetensors => SafetensorsFormat.ReadStateDict(full),
            _ => TorchSharpFormat.ReadStateDict(full),
        };
    }

    /// <summary>Writes tensors (any device, layout or view) in <paramref name="format"/>, atomically.</summary>
    public static void Write(string path, CheckpointFormat format, IEnumerable<KeyValuePair<string, Tensor>> entries)
    {
        var resolved = ForSave(path, format);
        var compact = new List<KeyValuePair<string, Tensor>>();
        try
        {
            foreach (var (key, tensor) in entries)
            {
                if (!TensorBytes.IsKnown(tensor.dtype) || (resolved == CheckpointFormat.Safetensors && !SafetensorsFormat.CanWrite(tensor.dtype)))
                    throw new NotSupportedException(Messages.SaveUnsupportedDType(key, TensorBytes.PyTorchName(tensor.dtype), CheckpointErrors.FormatName(resolved)));
                compact.Add(new(key, TensorBytes.Compact(tensor)));
            }

            AtomicFile.Write(path, stream =>
            {
                switch (resolved)
                {
                    case CheckpointFormat.PyTorch: PthFormat.Write(stream, compact); break;
                    case CheckpointFormat.Safetensors: SafetensorsFormat.Write(stream, compact); break;
                    default: TorchSharpFormat.Write(stream, compact); break;
                }
            });
        }
        finally
        {
            foreach (var entry in compact) entry.Value.Dispose();
        }
    }
}
