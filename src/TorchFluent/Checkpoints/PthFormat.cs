using System.IO.Compression;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// PyTorch's <c>torch.save</c> format: a zip archive with <c>&lt;name&gt;/data.pkl</c> (a pickle) and one
/// <c>&lt;name&gt;/data/&lt;key&gt;</c> record per tensor storage. Reading uses <see cref="RestrictedUnpickler"/>
/// (weights-only, nothing in the file is ever run); writing uses TorchSharp.PyBridge's pickler, whose files real
/// PyTorch loads, also with <c>weights_only=True</c>.
/// </summary>
internal static class PthFormat
{
    const CheckpointFormat Format = CheckpointFormat.PyTorch;

    /// <summary>The zip local-file signature every torch.save archive starts with.</summary>
    public static bool LooksLike(ReadOnlySpan<byte> head) => head.Length >= 4 && head[..4].SequenceEqual(new byte[] { 0x50, 0x4b, 0x03, 0x04 });

    /// <summary>
    /// The first bytes of a pre-1.6 torch.save file: pickle protocol 2 and the LONG1 of torch's magic number
    /// 0x1950a86a20f9469cfc6c.
    /// </summary>
    public static bool LooksLikeLegacy(ReadOnlySpan<byte> head) =>
        head.Length >= 13 && head[..13].SequenceEqual(new byte[] { 0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50 });

    /// <summary>Reads a state dict: an ordered map from string keys to tensors, in the file's order.</summary>
    public static List<KeyValuePair<string, Tensor>> ReadStateDict(string path)
    {
        using var stream = File.OpenRead(path);
        using var archive = OpenArchive(stream, path);
        var (prefix, root) = Unpickle(archive, path);

        if (root is not RestrictedUnpickler.Dict dict)
            throw CheckpointErrors.Unsupported(path, Format, Messages.CheckpointNotAStateDict(RestrictedUnpickler.Describe(root)));
        var views = new List<(string Key, RestrictedUnpickler.TensorView View)>();
        for (var i = 0; i < dict.Keys.Count; i++)
        {
            if (dict.Keys[i] is not string key || dict.Values[i] is not RestrictedUnpickler.TensorView view)
            {
                throw CheckpointErrors.Unsupported(path, Format, Messages.CheckpointEntryNotATensor(
                    dict.Keys[i] is string name ? $"'{name}'" : RestrictedUnpickler.Describe(dict.Keys[i]),
                    RestrictedUnpickler.Describe(dict.Values[i])));
            }
            views.Add((key, view));
        }

        // Views of one storage (slices, tied weights) share it after loading, as they do after torch.load.
        var storages = new Dictionary<string, Tensor>();
        var result = new List<KeyValuePair<string, Tensor>>(views.Count);
        try
        {
            foreach (var (key, view) in views)
            {
                if (!storages.TryGetValue(view.Storage.Key, out var storage))
                {
                    storage = ReadStorage(archive, prefix, view.Storage, path);
                    storages[view.Storage.Key] = storage;
                }
                CheckBounds(key, view, path);
                result.Add(new(key, storage.as_strided(view.Shape, view.Stride, view.StorageOffset)));
            }
            return result;
        }
        catch
        {
            foreach (var entry in result) entry.Value.Dispose();
            throw;
        }
        finally
        {
            // The views keep the native storages alive; these handles are no longer needed.
            foreach (var storage in storages.Values) storage.Dispose();
        }
    }

    /// <summary>
    /// Checks a torch.save file with the weights-only unpickler (refusing unsafe globals) and returns the root value,
    /// with tensors left as descriptions. Used before handing an optimizer file to PyBridge.
    /// </summary>
    public static object? ReadStructure(string path)
    {
        using var stream = File.OpenRead(path);
        using var archive = OpenArchive(stream, path);
        return Unpickle(archive, path).Root;
    }

    /// <summary>Writes compact CPU tensors (see <see cref="TensorBytes.Compact"/>) as a torch.save archive.</summary>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> compactEntries)
    {
        // An ordered Dictionary: the pickle lists the keys in the state dict's order, as torch.save does.
        var dict = new Dictionary<string, Tensor>();
        foreach (var (key, tensor) in compactEntries) dict.Add(key, tensor);
        PyTorchPickler.PickleStateDict(stream, dict, leaveOpen: true);
    }

    static ZipArchive OpenArchive(Stream stream, string path)
    {
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw CheckpointErrors.Damaged(path, Format, Messages.CheckpointZipUnreadable(e.Message), e);
        }
    }

    static (string Prefix, object? Root) Unpickle(ZipArchive archive, string path)
    {
        // torch.save names every record <archive name>/...; the archive name is the file's stem at save time.
        var pickle = archive.Entries.FirstOrDefault(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal)
                                                         && e.FullName.IndexOf('/') == e.FullName.Length - "/data.pkl".Length)
                     ?? throw CheckpointErrors.Unknown(path, Messages.CheckpointZipWithoutPickle);
        var prefix = pickle.FullName[..^"data.pkl".Length];

        var byteOrder = archive.GetEntry(prefix + "byteorder");
        if (byteOrder is not null && ReadAll(byteOrder, path) is var order && System.Text.Encoding.ASCII.GetString(order).Trim() != "little")
            throw CheckpointErrors.Unsupported(path, Format, Messages.CheckpointBigEndian);

        try
        {
            return (prefix, RestrictedUnpickler.Load(ReadAll(pickle, path)));
        }
        catch (RestrictedUnpickler.RefusedException e)
        {
            throw CheckpointErrors.Refused(path, e.GlobalName, e);
        }
        catch (RestrictedUnpickler.UnsupportedException e)
        {
            throw CheckpointErrors.Unsupported(path, Format, Messages.CheckpointPickleUnsupported(e.Message), e);
        }
        catch (Exception e) when (e is RestrictedUnpickler.DamagedException or OverflowException or FormatException)
        {
            throw CheckpointErrors.Damaged(path, Format, Messages.CheckpointPickleDamaged(e.Message), e);
        }
    }

    static Tensor ReadStorage(ZipArchive archive, string prefix, RestrictedUnpickler.Storage storage, string path)
    {
        var name = prefix + "data/" + storage.Key;
        var entry = archive.GetEntry(name)
                    ?? throw CheckpointErrors.Damaged(path, Format, Messages.CheckpointRecordMissing(name));
        var bytes = storage.ElementCount * TensorBytes.ElementSize(storage.DType);
        if (storage.ElementCount < 0 || entry.Length < bytes)
            throw CheckpointErrors.Damaged(path, Format, Messages.CheckpointRecordShort(name, bytes, entry.Length));
        try
        {
            using var data = entry.Open();
            return TensorBytes.Read(data, storage.DType, [storage.ElementCount]);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw CheckpointErrors.Damaged(path, Format, Messages.CheckpointRecordUnreadable(name, e.Message), e);
        }
    }

    static void CheckBounds(string key, RestrictedUnpickler.TensorView view, string path)
    {
        var count = TensorBytes.ElementCount(view.Shape);
        var valid = count >= 0 && view.Shape.Length == view.Stride.Length && view.StorageOffset >= 0 && view.Stride.All(s => s >= 0);
        if (valid && count > 0)
        {
            var last = view.StorageOffset;
            for (var d = 0; d < view.Shape.Length; d++) last += (view.Shape[d] - 1) * view.Stride[d];
            valid = last < view.Storage.ElementCount;
        }
        if (!valid) throw CheckpointErrors.Damaged(path, Format, Messages.CheckpointViewOutOfBounds(key));
    }

    static byte[] ReadAll(ZipArchiveEntry entry, string path)
    {
        try
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw CheckpointErrors.Damaged(path, Format, Messages.CheckpointRecordUnreadable(entry.FullName, e.Message), e);
        }
    }
}
