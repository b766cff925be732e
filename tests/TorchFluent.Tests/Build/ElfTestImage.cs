using System.Buffers.Binary;
using System.Text;

namespace TorchFluent.Tests.Build;

/// <summary>
/// An independent, minimal ELF64 reader for the tests: finds sections and symbols so a test can read the result of the
/// editor without trusting the editor's own parser, and craft damaged variants of a real library.
/// </summary>
internal sealed class ElfTestImage(byte[] bytes)
{
    public byte[] Bytes { get; } = bytes;

    public static ElfTestImage Load(string path) => new(File.ReadAllBytes(path));

    public (long Offset, long Size, int Link) Section(uint type)
    {
        var shoff = (long)BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan(40));
        var count = BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan(60));
        for (var i = 0; i < count; i++)
        {
            var at = (int)(shoff + i * 64L);
            if (BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan(at + 4)) != type) continue;
            return ((long)BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan(at + 24)),
                    (long)BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan(at + 32)),
                    (int)BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan(at + 40)));
        }
        throw new InvalidOperationException($"No section of type 0x{type:x}.");
    }

    (long Offset, long Size) SectionByIndex(int index)
    {
        var shoff = (long)BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan(40));
        var at = (int)(shoff + index * 64L);
        return ((long)BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan(at + 24)), (long)BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan(at + 32)));
    }

    string String((long Offset, long Size) table, uint offset)
    {
        var start = (int)(table.Offset + offset);
        var end = Array.IndexOf(Bytes, (byte)0, start);
        return Encoding.ASCII.GetString(Bytes, start, end - start);
    }

    /// <summary>All (name, flags, flags offset, version index) of the version needs of <paramref name="library"/>.</summary>
    public IReadOnlyList<(string Name, ushort Flags, long FlagsOffset, ushort Index)> VersionNeeds(string library)
    {
        var (offset, _, link) = Section(0x6ffffffe);
        var strings = SectionByIndex(link);
        var result = new List<(string, ushort, long, ushort)>();
        var entry = offset;
        while (true)
        {
            var count = BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan((int)entry + 2));
            var file = String(strings, BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan((int)entry + 4)));
            var aux = entry + BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan((int)entry + 8));
            for (var j = 0; j < count; j++)
            {
                if (file == library)
                {
                    result.Add((String(strings, BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan((int)aux + 8))),
                                BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan((int)aux + 4)),
                                aux + 4,
                                BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan((int)aux + 6))));
                }
                aux += BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan((int)aux + 12));
            }
            var next = BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan((int)entry + 12));
            if (next == 0) return result;
            entry += next;
        }
    }

    /// <summary>Index of the dynamic symbol called <paramref name="name"/>.</summary>
    public int DynamicSymbol(string name)
    {
        var (offset, size, link) = Section(11);
        var strings = SectionByIndex(link);
        for (var i = 0; i < size / 24; i++)
        {
            if (String(strings, BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan((int)(offset + i * 24)))) == name) return i;
        }
        throw new InvalidOperationException($"No dynamic symbol {name}.");
    }

    /// <summary>Binds dynamic symbol <paramref name="symbol"/> to version index <paramref name="index"/>.</summary>
    public void SetSymbolVersion(int symbol, ushort index)
    {
        var (offset, _, _) = Section(0x6fffffff);
        BinaryPrimitives.WriteUInt16LittleEndian(Bytes.AsSpan((int)(offset + symbol * 2)), index);
    }

    /// <summary>Makes the first relocation of the first RELA section refer to <paramref name="symbol"/>.</summary>
    public void PointFirstRelocationAt(int symbol)
    {
        var (offset, _, _) = Section(4);
        var info = BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan((int)offset + 8));
        BinaryPrimitives.WriteUInt64LittleEndian(Bytes.AsSpan((int)offset + 8), ((ulong)symbol << 32) | (info & 0xffffffff));
    }
}
