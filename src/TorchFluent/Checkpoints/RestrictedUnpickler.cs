using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// A weights-only unpickler for the <c>data.pkl</c> of a <c>torch.save</c> archive, the C# counterpart of PyTorch's
/// <c>torch.load(weights_only=True)</c>: it builds plain values (strings, numbers, tuples, lists, dicts) and tensor
/// descriptions, and refuses every Python global outside a short allow-list at the opcode that names it, so nothing a
/// file names is ever looked up or called. Unlike a general unpickler it keeps dict order (PyTorch's state dicts are
/// ordered) and understands shared storages, views and storage offsets.
/// </summary>
internal sealed class RestrictedUnpickler
{
    /// <summary>A Python global the file referred to, from the allow-list.</summary>
    internal sealed record Global(string Module, string Name)
    {
        public string FullName => Module + "." + Name;
    }

    /// <summary>A tensor storage: one <c>data/&lt;Key&gt;</c> record of the archive.</summary>
    internal sealed record Storage(ScalarType DType, string Key, long ElementCount);

    /// <summary>A tensor as <c>torch._utils._rebuild_tensor_v2</c> describes it: a view of a storage.</summary>
    internal sealed record TensorView(Storage Storage, long StorageOffset, long[] Shape, long[] Stride);

    /// <summary>A Python dict or OrderedDict; keeps insertion order like Python does.</summary>
    internal sealed class Dict
    {
        readonly List<object?> keys = [];
        readonly Dictionary<object, int> index = [];

        public List<object?> Values { get; } = [];

        public IReadOnlyList<object?> Keys => keys;

        public void Set(object? key, object? value)
        {
            var k = key ?? NullKey;
            if (index.TryGetValue(k, out var i)) { Values[i] = value; return; }
            index[k] = keys.Count;
            keys.Add(key);
            Values.Add(value);
        }

        public object? Get(object key) => index.TryGetValue(key, out var i) ? Values[i] : null;

        static readonly object NullKey = new();
    }

    /// <summary>Thrown for a global outside the allow-list; the caller adds the file name.</summary>
    internal sealed class RefusedException(string global) : Exception(global)
    {
        public string GlobalName { get; } = global;
    }

    /// <summary>Thrown for a pickle that is well-formed but uses what a weights-only load does not support.</summary>
    internal sealed class UnsupportedException(string detail) : Exception(detail);

    /// <summary>Thrown for a pickle that ends early or does not make sense (a damaged file).</summary>
    internal sealed class DamagedException(string detail) : Exception(detail);

    static readonly Dictionary<string, ScalarType> StorageTypes = new()
    {
        ["DoubleStorage"] = ScalarType.Float64,
        ["FloatStorage"] = ScalarType.Float32,
        ["HalfStorage"] = ScalarType.Float16,
        ["BFloat16Storage"] = ScalarType.BFloat16,
        ["LongStorage"] = ScalarType.Int64,
        ["IntStorage"] = ScalarType.Int32,
        ["ShortStorage"] = ScalarType.Int16,
        ["CharStorage"] = ScalarType.Int8,
        ["ByteStorage"] = ScalarType.Byte,
        ["BoolStorage"] = ScalarType.Bool,
        ["ComplexFloatStorage"] = ScalarType.ComplexFloat32,
        ["ComplexDoubleStorage"] = ScalarType.ComplexFloat64,
    };

    // The globals a weights-only load may name (PyTorch's allow-list, restricted to what maps onto TorchSharp).
    static readonly HashSet<string> AllowedCallables =
    [
        "collections.OrderedDict",
        "torch._utils._rebuild_tensor",
        "torch._utils._rebuild_tensor_v2",
        "torch._utils._rebuild_parameter",
    ];

    static readonly object Mark = new();

    readonly byte[] data;
    readonly List<object?> stack = [];
    readonly Dictionary<long, object?> memo = [];
    int position;

    RestrictedUnpickler(byte[] data) => this.data = data;

    /// <summary>Unpickles <paramref name="pickle"/>; throws Refused/Unsupported/Damaged exceptions (never runs anything).</summary>
    public static object? Load(byte[] pickle) => new RestrictedUnpickler(pickle).Run();

    object? Run()
    {
        while (true)
        {
            var opcode = ReadByte();
            switch (opcode)
            {
                case 0x80: ReadByte(); break;                                   // PROTO
                case 0x95: Read(8); break;                                      // FRAME: a length hint only
                case (byte)'.': return stack.Count == 1 ? Pop() : throw new DamagedException("the pickle ends with an unbalanced stack");
                case (byte)'(': stack.Add(Mark); break;                         // MARK
                case (byte)')': stack.Add(Array.Empty<object?>()); break;       // EMPTY_TUPLE
                case (byte)'t': stack.Add(PopToMark().ToArray()); break;        // TUPLE
                case 0x85: stack.Add(new[] { Pop() }); break;                   // TUPLE1
                case 0x86: { var b = Pop(); var a = Pop(); stack.Add(new[] { a, b }); break; }
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); stack.Add(new[] { a, b, c }); break; }
                case (byte)']': stack.Add(new List<object?>()); break;          // EMPTY_LIST
                case (byte)'l': stack.Add(PopToMark()); break;                  // LIST
                case (byte)'a': { var v = Pop(); As<List<object?>>(Peek(), "APPEND").Add(v); break; }
                case (byte)'e': { var items = PopToMark(); As<List<object?>>(Peek(), "APPENDS").AddRange(items); break; }
                case (byte)'}': stack.Add(new Dict()); break;                   // EMPTY_DICT
                case (byte)'d': stack.Add(ToDict(PopToMark())); break;          // DICT
                case (byte)'s': { var v = Pop(); var k = Pop(); As<Dict>(Peek(), "SETITEM").Set(k, v); break; }
                case (byte)'u': SetItems(); break;                              // SETITEMS
                case (byte)'N': stack.Add(null); break;
                case 0x88: stack.Add(true); break;
                case 0x89: stack.Add(false); break;
                case (byte)'K': stack.Add((long)ReadByte()); break;             // BININT1
                case (byte)'M': stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(Read(2))); break;
                case (byte)'J': stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(Read(4))); break;
                case 0x8a: stack.Add(ReadLong(ReadByte())); break;              // LONG1
                case 0x8b: stack.Add(ReadLong(checked((int)BinaryPrimitives.ReadUInt32LittleEndian(Read(4))))); break;
                case (byte)'I': stack.Add(ParseIntLine(ReadLine())); break;     // INT (protocol 0; "01" is True)
                case (byte)'L': stack.Add(long.Parse(ReadLine().TrimEnd('L'), CultureInfo.InvariantCulture)); break;
                case (byte)'G': stack.Add(BinaryPrimitives.ReadDoubleBigEndian(Read(8))); break;
                case (byte)'F': stack.Add(double.Parse(ReadLine(), CultureInfo.InvariantCulture)); break;
                case (byte)'X': stack.Add(Utf8(Read(checked((int)BinaryPrimitives.ReadUInt32LittleEndian(Read(4)))))); break;
                case 0x8c: stack.Add(Utf8(Read(ReadByte()))); break;            // SHORT_BINUNICODE
                case 0x8d: stack.Add(Utf8(Read(checked((int)BinaryPrimitives.ReadUInt64LittleEndian(Read(8)))))); break;
                case (byte)'T': stack.Add(Latin1(Read(BinaryPrimitives.ReadInt32LittleEndian(Read(4))))); break;
                case (byte)'U': stack.Add(Latin1(Read(ReadByte()))); break;     // SHORT_BINSTRING
                case (byte)'B': stack.Add(Read(checked((int)BinaryPrimitives.ReadUInt32LittleEndian(Read(4)))).ToArray()); break;
                case (byte)'C': stack.Add(Read(ReadByte()).ToArray()); break;  // SHORT_BINBYTES
                case 0x8e: stack.Add(Read(checked((int)BinaryPrimitives.ReadUInt64LittleEndian(Read(8)))).ToArray()); break;
                case (byte)'q': memo[ReadByte()] = Peek(); break;               // BINPUT
                case (byte)'r': memo[BinaryPrimitives.ReadUInt32LittleEndian(Read(4))] = Peek(); break;
                case 0x94: memo[memo.Count] = Peek(); break;                    // MEMOIZE
                case (byte)'p': memo[long.Parse(ReadLine(), CultureInfo.InvariantCulture)] = Peek(); break;
                case (byte)'h': stack.Add(FromMemo(ReadByte())); break;         // BINGET
                case (byte)'j': stack.Add(FromMemo(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)))); break;
                case (byte)'g': stack.Add(FromMemo(long.Parse(ReadLine(), CultureInfo.InvariantCulture))); break;
                case (byte)'c': stack.Add(ResolveGlobal(ReadLine(), ReadLine())); break;  // GLOBAL
                case 0x93: { var name = Pop(); var module = Pop(); stack.Add(ResolveGlobal(AsString(module), AsString(name))); break; }
                case (byte)'i': ResolveGlobal(ReadLine(), ReadLine()); throw new UnsupportedException("the INST opcode");
                case 0x82 or 0x83 or 0x84: throw new RefusedException("a copyreg extension code (EXT1/EXT2/EXT4)");
                case (byte)'R': { var args = As<object?[]>(Pop(), "REDUCE arguments"); stack.Add(Call(Pop(), args)); break; }
                case 0x81: { var args = As<object?[]>(Pop(), "NEWOBJ arguments"); stack.Add(Call(Pop(), args)); break; }
                case (byte)'b': Build(Pop(), Peek()); break;                    // BUILD
                case (byte)'Q': stack.Add(PersistentLoad(Pop())); break;        // BINPERSID
                case (byte)'P': stack.Add(PersistentLoad(ReadLine())); break;
                case (byte)'0': Pop(); break;                                   // POP
                case (byte)'1': PopToMark(); break;                             // POP_MARK
                case (byte)'2': stack.Add(Peek()); break;                       // DUP
                default: throw new UnsupportedException($"pickle opcode 0x{opcode:x2} at byte {position - 1}");
            }
        }
    }

    /// <summary>The allow-list check: every global is judged by name, before anything else happens.</summary>
    static object ResolveGlobal(string module, string name)
    {
        var global = new Global(module, name);
        if (module == "torch" && StorageTypes.ContainsKey(name)) return global;
        if (AllowedCallables.Contains(global.FullName)) return global;
        throw new RefusedException(global.FullName);
    }

    static object? Call(object? callable, object?[] args)
    {
        var global = callable as Global ?? throw new UnsupportedException($"a call of {Describe(callable)}");
        switch (global.FullName)
        {
            case "collections.OrderedDict" when args.Length == 0:
                return new Dict();
            case "collections.OrderedDict" when args.Length == 1 && args[0] is object?[] or List<object?>:
                // OrderedDict(iterable of pairs); TorchSharp.PyBridge writes OrderedDict(()) for empty backward hooks.
                return FromPairs((IEnumerable<object?>)args[0]!);
            case "torch._utils._rebuild_tensor_v2" when args.Length is >= 6 and <= 7:
            case "torch._utils._rebuild_tensor" when args.Length == 4:
                return new TensorView(
                    As<Storage>(args[0], "tensor storage"),
                    AsLong(args[1]),
                    AsLongs(args[2]),
                    AsLongs(args[3]));
            case "torch._utils._rebuild_parameter" when args.Length == 3:
                // A Parameter saved in place of a tensor: its data is what a state dict needs.
                return As<TensorView>(args[0], "parameter data");
            default:
                throw new UnsupportedException($"{global.FullName} with {args.Length} argument(s)");
        }
    }

    static void Build(object? state, object? target)
    {
        // torch.save pickles a state dict as an OrderedDict whose BUILD state carries its _metadata (module versions),
        // and PyTorch 2.x may BUILD tensors with their Python attributes: neither changes the tensor values.
        if (target is Dict or TensorView) return;
        throw new UnsupportedException($"BUILD of {Describe(target)} with {Describe(state)}");
    }

    static object PersistentLoad(object? pid)
    {
        // torch.save's persistent id: ("storage", storage type, key, location, element count).
        if (pid is not object?[] { Length: 5 } items || items[0] is not "storage")
            throw new UnsupportedException($"persistent id {Describe(pid)}");
        var type = As<Global>(items[1], "storage type");
        if (type.Module != "torch" || !StorageTypes.TryGetValue(type.Name, out var dtype))
            throw new UnsupportedException($"storage type {type.FullName}");
        return new Storage(dtype, AsString(items[2]), AsLong(items[4]));
    }

    void SetItems()
    {
        var items = PopToMark();
        var dict = As<Dict>(Peek(), "SETITEMS");
        if (items.Count % 2 != 0) throw new DamagedException("SETITEMS with an odd number of items");
        for (var i = 0; i < items.Count; i += 2) dict.Set(items[i], items[i + 1]);
    }

    static Dict FromPairs(IEnumerable<object?> pairs)
    {
        var dict = new Dict();
        foreach (var pair in pairs)
        {
            if (pair is not object?[] { Length: 2 } kv) throw new UnsupportedException($"OrderedDict of {Describe(pair)}");
            dict.Set(kv[0], kv[1]);
        }
        return dict;
    }

    static Dict ToDict(List<object?> items)
    {
        if (items.Count % 2 != 0) throw new DamagedException("DICT with an odd number of items");
        var dict = new Dict();
        for (var i = 0; i < items.Count; i += 2) dict.Set(items[i], items[i + 1]);
        return dict;
    }

    object? Pop()
    {
        if (stack.Count == 0) throw new DamagedException("the pickle pops an empty stack");
        var top = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        if (ReferenceEquals(top, Mark)) throw new DamagedException("the pickle pops a MARK as a value");
        return top;
    }

    object? Peek() => stack.Count > 0 && !ReferenceEquals(stack[^1], Mark)
        ? stack[^1]
        : throw new DamagedException("the pickle reads an empty stack");

    List<object?> PopToMark()
    {
        var markAt = stack.FindLastIndex(o => ReferenceEquals(o, Mark));
        if (markAt < 0) throw new DamagedException("the pickle has no MARK where one is needed");
        var items = stack.GetRange(markAt + 1, stack.Count - markAt - 1);
        stack.RemoveRange(markAt, stack.Count - markAt);
        return items;
    }

    object? FromMemo(long key) =>
        memo.TryGetValue(key, out var value) ? value : throw new DamagedException($"memo key {key} is used before it is set");

    byte ReadByte() => position < data.Length ? data[position++] : throw new DamagedException("the pickle ends early");

    ReadOnlySpan<byte> Read(int count)
    {
        if (count < 0 || count > data.Length - position) throw new DamagedException("the pickle ends early");
        var span = data.AsSpan(position, count);
        position += count;
        return span;
    }

    string ReadLine()
    {
        var end = Array.IndexOf(data, (byte)'\n', position);
        if (end < 0) throw new DamagedException("the pickle ends early");
        var line = Encoding.UTF8.GetString(data, position, end - position);
        position = end + 1;
        return line;
    }

    static long ReadLong(ReadOnlySpan<byte> bytes) => bytes.Length switch
    {
        0 => 0L,
        > 8 => throw new UnsupportedException("an integer wider than 64 bits"),
        _ => SignExtend(bytes),
    };

    long ReadLong(int count) => ReadLong(Read(count));

    static long SignExtend(ReadOnlySpan<byte> bytes)
    {
        Span<byte> buffer = stackalloc byte[8];
        buffer.Fill((bytes[^1] & 0x80) != 0 ? (byte)0xff : (byte)0);
        bytes.CopyTo(buffer);
        return BinaryPrimitives.ReadInt64LittleEndian(buffer);
    }

    static object ParseIntLine(string line) => line switch
    {
        "00" => false,
        "01" => true,
        _ => long.Parse(line, CultureInfo.InvariantCulture),
    };

    static string Utf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new DamagedException("a string is not valid UTF-8");
        }
    }

    static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    static T As<T>(object? value, string what) =>
        value is T t ? t : throw new UnsupportedException($"{what}: expected {typeof(T).Name}, found {Describe(value)}");

    static string AsString(object? value) => As<string>(value, "name");

    static long AsLong(object? value) => value is long l ? l : throw new UnsupportedException($"expected an integer, found {Describe(value)}");

    static long[] AsLongs(object? value) => As<object?[]>(value, "size or stride").Select(AsLong).ToArray();

    internal static string Describe(object? value) => value switch
    {
        null => "None",
        string s => $"the string '{s}'",
        long l => $"the int {l.ToString(CultureInfo.InvariantCulture)}",
        double d => $"the float {d.ToString("R", CultureInfo.InvariantCulture)}",
        bool b => b ? "True" : "False",
        Global g => $"the global {g.FullName}",
        object?[] t => $"a tuple of {t.Length}",
        List<object?> l => $"a list of {l.Count}",
        Dict d => $"a dict of {d.Keys.Count} entries",
        TensorView v => $"a tensor of shape [{string.Join(", ", v.Shape)}]",
        _ => "a " + value.GetType().Name,
    };
}
