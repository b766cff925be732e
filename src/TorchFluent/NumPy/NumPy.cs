using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// NumPy's .npy and .npz files, read into tensors and written from them: the .NET counterpart of the reference text's
/// <c>torch.from_numpy(np.array(...))</c>, and a way to exchange data with Python. Reads every dtype of the table that
/// NumPy has (float16/32/64, uint8, int8/16/32/64, bool, complex64/128), in either byte order and in C or Fortran
/// order; writes exactly what <c>numpy.save</c> / <c>numpy.savez</c> write.
/// </summary>
/// <remarks>
/// Unlike <c>torch.from_numpy</c>, a loaded tensor never shares memory with anything: it is a new, C-contiguous tensor
/// the caller owns. Big-endian files are converted (torch.from_numpy refuses them).
/// </remarks>
public static class NumPy
{
    /// <summary>Reads a .npy file (PyTorch: <c>torch.from_numpy(np.load(path))</c>).</summary>
    /// <param name="path">The file.</param>
    /// <returns>A new CPU tensor with the array's dtype and shape.</returns>
    /// <exception cref="InvalidDataException">The file is not a .npy file, or is truncated or damaged.</exception>
    /// <exception cref="NotSupportedException">The array's dtype has no PyTorch dtype (object arrays, unsigned 16/32/64-bit integers, strings, dates, records).</exception>
    public static Tensor Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads a .npy array from a stream, leaving the stream after the array's data.</summary>
    /// <param name="stream">A readable stream positioned at the start of the array.</param>
    /// <returns>A new CPU tensor with the array's dtype and shape.</returns>
    /// <exception cref="InvalidDataException">The data is not a .npy array, or is truncated or damaged.</exception>
    /// <exception cref="NotSupportedException">The array's dtype has no PyTorch dtype.</exception>
    public static Tensor Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Read(stream, NameOf(stream));
    }

    /// <summary>Writes a tensor as a .npy file, byte for byte as <c>numpy.save</c> would (PyTorch: <c>np.save(path, x.numpy())</c>).</summary>
    /// <param name="path">The file to create or overwrite.</param>
    /// <param name="tensor">The tensor (any device; it is copied to the CPU to be written).</param>
    /// <param name="fortranOrder">Write the data in Fortran (column-major) order.</param>
    /// <exception cref="NotSupportedException">The tensor is bfloat16 (NumPy has no such type) or a quantized type.</exception>
    public static void Save(string path, Tensor tensor, bool fortranOrder = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensor);
        NpyDType.DescrOf(TensorMetadata.DType(tensor)); // refuse before creating the file
        using var stream = File.Create(path);
        Write(stream, tensor, fortranOrder);
    }

    /// <summary>Writes a tensor as a .npy array to a stream.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="tensor">The tensor (any device).</param>
    /// <param name="fortranOrder">Write the data in Fortran (column-major) order.</param>
    /// <exception cref="NotSupportedException">The tensor is bfloat16 or a quantized type.</exception>
    public static void Save(Stream stream, Tensor tensor, bool fortranOrder = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensor);
        Write(stream, tensor, fortranOrder);
    }

    /// <summary>
    /// Reads every array of a .npz archive (<c>numpy.savez</c> / <c>numpy.savez_compressed</c>), keyed by name as
    /// <c>np.load(path)[name]</c> is: <c>x</c> for <c>savez(f, x=...)</c>, <c>arr_0</c> for positional arrays.
    /// </summary>
    /// <param name="path">The archive.</param>
    /// <returns>New CPU tensors by name, in archive order; the caller owns (and disposes) them.</returns>
    /// <exception cref="InvalidDataException">The file is not a zip archive of .npy arrays, or an array is damaged.</exception>
    /// <exception cref="NotSupportedException">An array's dtype has no PyTorch dtype.</exception>
    public static Dictionary<string, Tensor> LoadNpz(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return ReadArchive(stream, path);
    }

    /// <summary>Reads every array of a .npz archive from a stream.</summary>
    /// <param name="stream">A readable stream holding the archive.</param>
    /// <returns>New CPU tensors by name, in archive order.</returns>
    /// <exception cref="InvalidDataException">The data is not a zip archive of .npy arrays, or an array is damaged.</exception>
    /// <exception cref="NotSupportedException">An array's dtype has no PyTorch dtype.</exception>
    public static Dictionary<string, Tensor> LoadNpz(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadArchive(stream, NameOf(stream));
    }

    /// <summary>
    /// Writes tensors as a .npz archive, one <c>name.npy</c> member each, as <c>numpy.savez</c> does (or
    /// <c>numpy.savez_compressed</c> with <paramref name="compressed"/>).
    /// </summary>
    /// <param name="path">The file to create or overwrite.</param>
    /// <param name="arrays">The tensors by name, for example <c>new Dictionary&lt;string, Tensor&gt; { ["x"] = x, ["y"] = y }</c>.</param>
    /// <param name="compressed">Deflate the members.</param>
    /// <exception cref="ArgumentException">A name is empty or repeated, or a tensor is null.</exception>
    /// <exception cref="NotSupportedException">A tensor is bfloat16 or a quantized type.</exception>
    public static void SaveNpz(string path, IEnumerable<KeyValuePair<string, Tensor>> arrays, bool compressed = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var list = CheckArchive(arrays);
        using var stream = File.Create(path);
        WriteArchive(stream, list, compressed);
    }

    /// <summary>Writes tensors as a .npz archive to a stream.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="arrays">The tensors by name.</param>
    /// <param name="compressed">Deflate the members.</param>
    /// <exception cref="ArgumentException">A name is empty or repeated, or a tensor is null.</exception>
    /// <exception cref="NotSupportedException">A tensor is bfloat16 or a quantized type.</exception>
    public static void SaveNpz(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> arrays, bool compressed = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        WriteArchive(stream, CheckArchive(arrays), compressed);
    }

    static Tensor Read(Stream stream, string source)
    {
        var header = NpyHeader.Read(stream, source);
        TorchRuntime.EnsureLoaded();
        var shape = header.Shape;
        var rank = shape.Length;
        // Fortran-ordered data is the C-ordered data of the reversed shape; permute it back afterwards.
        var fortran = header.FortranOrder && rank > 1;
        var stored = fortran ? shape.Reverse().ToArray() : shape;
        var dtype = header.DType;
        var tensor = empty(stored, dtype.TorchType);
        try
        {
            var numel = TensorMetadata.Numel(tensor);
            var bytes = numel * dtype.ElementSize;
            if (bytes > 0) ReadData(stream, TensorMetadata.DataPointer(tensor), bytes, dtype, numel, source);
            if (!fortran) return tensor;
            using var view = tensor.permute(Reversed(rank));
            var result = view.contiguous();
            tensor.Dispose();
            return result;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    static unsafe void ReadData(Stream stream, IntPtr data, long bytes, NpyDType dtype, long numel, string source)
    {
        var target = (byte*)data;
        for (long done = 0; done < bytes;)
        {
            var chunk = (int)Math.Min(bytes - done, 1L << 30);
            var span = new Span<byte>(target + done, chunk);
            var read = NpyHeader.ReadFully(stream, span);
            if (read < chunk)
            {
                var part = $"data ({numel} {DType.NameOf(dtype.TorchType)} value{(numel == 1 ? "" : "s")})";
                throw new InvalidDataException(Messages.NpyTruncated(source, part, bytes, done + read));
            }
            if (dtype.BigEndian) SwapBytes(span, DType.Info(dtype.TorchType).IsComplex ? dtype.ElementSize / 2 : dtype.ElementSize);
            done += chunk;
        }
    }

    static void SwapBytes(Span<byte> data, int unit)
    {
        switch (unit)
        {
            case 2:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(data), MemoryMarshal.Cast<byte, ushort>(data));
                break;
            case 4:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(data), MemoryMarshal.Cast<byte, uint>(data));
                break;
            case 8:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ulong>(data), MemoryMarshal.Cast<byte, ulong>(data));
                break;
        }
    }

    static unsafe void Write(Stream stream, Tensor tensor, bool fortranOrder)
    {
        var dtype = TensorMetadata.DType(tensor);
        var shape = TensorMetadata.ShapeOf(tensor);
        var header = NpyHeader.Format(dtype, shape, fortranOrder);

        // A contiguous CPU copy in the order the file wants; detached so that autograd never sees the copies.
        using var detached = tensor.detach();
        using var onCpu = detached.cpu();
        var rank = shape.Count;
        using var ordered = fortranOrder && rank > 1 ? onCpu.permute(Reversed(rank)) : onCpu.alias();
        using var contiguous = ordered.contiguous();

        stream.Write(header);
        var bytes = TensorMetadata.Numel(contiguous) * DType.Info(dtype).Bytes;
        if (bytes == 0) return;
        var source = (byte*)TensorMetadata.DataPointer(contiguous);
        for (long done = 0; done < bytes;)
        {
            var chunk = (int)Math.Min(bytes - done, 1L << 30);
            stream.Write(new ReadOnlySpan<byte>(source + done, chunk));
            done += chunk;
        }
    }

    static Dictionary<string, Tensor> ReadArchive(Stream stream, string source)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException(Messages.NpzNotZip(source), e);
        }
        var arrays = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            using (zip)
            {
                foreach (var entry in zip.Entries)
                {
                    if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
                        throw new InvalidDataException(Messages.NpzEntryNotNpy(source, entry.FullName));
                    using var member = entry.Open();
                    arrays[entry.FullName[..^4]] = Read(member, $"{source} (member {entry.FullName})");
                }
            }
            return arrays;
        }
        catch
        {
            foreach (var tensor in arrays.Values) tensor.Dispose();
            throw;
        }
    }

    static List<KeyValuePair<string, Tensor>> CheckArchive(IEnumerable<KeyValuePair<string, Tensor>> arrays)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        var list = arrays.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, tensor) in list)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException(Messages.NpzBadName(name ?? "", "it is empty"), nameof(arrays));
            if (!names.Add(name)) throw new ArgumentException(Messages.NpzBadName(name, "it is used twice"), nameof(arrays));
            if (tensor is null) throw new ArgumentNullException(nameof(arrays), $"The tensor named '{name}' is null.");
            NpyDType.DescrOf(TensorMetadata.DType(tensor)); // refuse unsupported dtypes before writing anything
        }
        return list;
    }

    static void WriteArchive(Stream stream, List<KeyValuePair<string, Tensor>> arrays, bool compressed)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, tensor) in arrays)
        {
            var entry = zip.CreateEntry(name + ".npy", compressed ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
            using var member = entry.Open();
            Write(member, tensor, fortranOrder: false);
        }
    }

    static long[] Reversed(int rank)
    {
        var order = new long[rank];
        for (var i = 0; i < rank; i++) order[i] = rank - 1 - i;
        return order;
    }

    static string NameOf(Stream stream) => stream is FileStream file ? file.Name : "the stream";
}
