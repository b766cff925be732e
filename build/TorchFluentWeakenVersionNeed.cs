// Compiled twice: by MSBuild's RoslynCodeTaskFactory when TorchFluent.targets runs (so it targets netstandard2.0
// and uses nothing newer), and by tests/TorchFluent.Tests, which test the ELF editing directly.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace TorchFluent.Build
{
    /// <summary>
    /// MSBuild task: for each file, marks one ELF version need (by default libstdc++'s GLIBCXX_3.4.32) weak,
    /// but only when nothing but the allowed symbols is bound to that version and no relocation refers to them.
    /// </summary>
    /// <remarks>
    /// TorchSharp 0.107.0's libLibTorchSharp.so was linked against GCC 13's libstdc++ and so declares a need for
    /// GLIBCXX_3.4.32, which GCC 12 systems (Debian 12, Ubuntu 22.04) lack. The only symbol bound to it is
    /// <c>std::ios_base_library_init()</c>, a link anchor nothing calls. glibc's loader treats a missing weak
    /// version as non-fatal, so setting VER_FLG_WEAK on that one entry makes the library load.
    /// </remarks>
    public sealed class TorchFluentWeakenVersionNeed : Microsoft.Build.Utilities.Task
    {
        /// <summary>The ELF files to examine (missing files are skipped).</summary>
        [Required]
        public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>The needed library whose version entry may be weakened.</summary>
        public string Library { get; set; } = "libstdc++.so.6";

        /// <summary>The version name to weaken.</summary>
        public string Version { get; set; } = "GLIBCXX_3.4.32";

        /// <summary>Semicolon-separated symbols that may be bound to <see cref="Version"/>.</summary>
        public string AllowedSymbols { get; set; } = "_ZSt21ios_base_library_initv";

        /// <inheritdoc />
        public override bool Execute()
        {
            var allowed = new HashSet<string>(AllowedSymbols.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
            foreach (var item in Files)
            {
                var path = item.ItemSpec;
                if (!File.Exists(path)) continue;
                ElfPatchResult result;
                try
                {
                    result = ElfVersionNeedEditor.WeakenFile(path, Library, Version, allowed);
                }
                catch (IOException e)
                {
                    Log.LogWarning("TorchFluent: could not make '{0}' loadable on this system: {1}", path, e.Message);
                    continue;
                }
                catch (UnauthorizedAccessException e)
                {
                    Log.LogWarning("TorchFluent: could not make '{0}' loadable on this system: {1}", path, e.Message);
                    continue;
                }
                switch (result.Outcome)
                {
                    case ElfPatchOutcome.Patched:
                        Log.LogMessage(MessageImportance.Normal, "TorchFluent: {0}", result.Reason);
                        break;
                    case ElfPatchOutcome.AlreadyWeak:
                    case ElfPatchOutcome.NotNeeded:
                        Log.LogMessage(MessageImportance.Low, "TorchFluent: {0}", result.Reason);
                        break;
                    default:
                        Log.LogWarning("TorchFluent: left '{0}' unchanged: {1} It may fail to load on systems whose libstdc++ lacks {2}; set TorchFluentNativeCompatibility=false to silence this warning.", path, result.Reason, Version);
                        break;
                }
            }
            return !Log.HasLoggedErrors;
        }
    }

    /// <summary>What <see cref="ElfVersionNeedEditor"/> did or would do.</summary>
    public enum ElfPatchOutcome
    {
        /// <summary>The version need was (or can be) marked weak.</summary>
        Patched,
        /// <summary>The version need is already weak; nothing to do.</summary>
        AlreadyWeak,
        /// <summary>The file declares no need for that version; nothing to do.</summary>
        NotNeeded,
        /// <summary>The file was left alone; <see cref="ElfPatchResult.Reason"/> says why.</summary>
        Refused,
    }

    /// <summary>An outcome and a sentence explaining it.</summary>
    public sealed class ElfPatchResult
    {
        /// <summary>Creates a result.</summary>
        public ElfPatchResult(ElfPatchOutcome outcome, string reason, long flagsOffset = -1)
        {
            Outcome = outcome;
            Reason = reason;
            FlagsOffset = flagsOffset;
        }

        /// <summary>What happened.</summary>
        public ElfPatchOutcome Outcome { get; }

        /// <summary>Why, in one sentence.</summary>
        public string Reason { get; }

        /// <summary>File offset of the vna_flags field that was (or would be) changed; -1 if none.</summary>
        public long FlagsOffset { get; }
    }

    /// <summary>Reads and edits the version-need table (.gnu.version_r) of a 64-bit little-endian ELF file.</summary>
    public static class ElfVersionNeedEditor
    {
        const uint ShtRela = 4;
        const uint ShtDynsym = 11;
        const uint ShtGnuVerneed = 0x6ffffffe;
        const uint ShtGnuVersym = 0x6fffffff;
        const ushort VerFlgWeak = 0x2;

        /// <summary>
        /// Marks the version need weak in the file at <paramref name="path"/>. The new content is written to a
        /// temporary file in the same folder and renamed over the original, so a hard link (for example into the
        /// NuGet cache) keeps the original bytes. File mode and last-write time are kept, so MSBuild's incremental
        /// copy sees the file as up to date and does not copy the unpatched original over it again.
        /// </summary>
        public static ElfPatchResult WeakenFile(string path, string library, string version, ICollection<string> allowedSymbols)
        {
            var image = File.ReadAllBytes(path);
            var result = Analyze(image, library, version, allowedSymbols);
            if (result.Outcome != ElfPatchOutcome.Patched) return result;

            var flags = ReadU16(image, result.FlagsOffset);
            WriteU16(image, result.FlagsOffset, (ushort)(flags | VerFlgWeak));

            var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            var temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            var lastWrite = File.GetLastWriteTimeUtc(path);
            try
            {
                File.WriteAllBytes(temporary, image);
                CopyUnixMode(path, temporary);
                File.SetLastWriteTimeUtc(temporary, lastWrite);
                ReplaceByRename(temporary, path);
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
            return result;
        }

        /// <summary>Decides, without changing anything, whether the version need in <paramref name="image"/> can be marked weak.</summary>
        public static ElfPatchResult Analyze(byte[] image, string library, string version, ICollection<string> allowedSymbols)
        {
            if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
                return Refuse("it is not an ELF file.");
            if (image[4] != 2 || image[5] != 1)
                return Refuse("it is not a 64-bit little-endian ELF file.");

            var sectionOffset = (long)ReadU64(image, 40);
            var sectionSize = ReadU16(image, 58);
            var sectionCount = ReadU16(image, 60);
            if (sectionOffset == 0 || sectionCount == 0 || sectionSize < 64 || sectionOffset + (long)sectionSize * sectionCount > image.Length)
                return Refuse("its section headers are missing or truncated.");

            var sections = new Section[sectionCount];
            for (var i = 0; i < sectionCount; i++)
            {
                var at = sectionOffset + (long)i * sectionSize;
                sections[i] = new Section(ReadU32(image, at + 4), (long)ReadU64(image, at + 24), (long)ReadU64(image, at + 32), ReadU32(image, at + 40), (long)ReadU64(image, at + 56));
                if (sections[i].Type != 8 /* SHT_NOBITS */ && sections[i].Offset + sections[i].Size > image.Length)
                    return Refuse("a section extends past the end of the file (truncated?).");
            }

            var verneedIndex = Array.FindIndex(sections, s => s.Type == ShtGnuVerneed);
            if (verneedIndex < 0) return new ElfPatchResult(ElfPatchOutcome.NotNeeded, "no version needs (.gnu.version_r): nothing to do.");
            var verneed = sections[verneedIndex];
            if (verneed.Link >= sections.Length) return Refuse("its .gnu.version_r links to a missing string table.");
            var strings = sections[verneed.Link];

            // Walk Elf64_Verneed entries (one per needed file) and their Elf64_Vernaux entries (one per version).
            long flagsOffset = -1;
            ushort versionIndex = 0;
            ushort currentFlags = 0;
            var entry = verneed.Offset;
            for (var guard = 0; guard < 10000; guard++)
            {
                var count = ReadU16(image, entry + 2);
                var file = ReadString(image, strings, ReadU32(image, entry + 4));
                var aux = entry + ReadU32(image, entry + 8);
                for (var j = 0; j < count; j++)
                {
                    if (aux + 16 > verneed.Offset + verneed.Size) return Refuse("its .gnu.version_r is malformed.");
                    var name = ReadString(image, strings, ReadU32(image, aux + 8));
                    if (file == library && name == version)
                    {
                        flagsOffset = aux + 4;
                        currentFlags = ReadU16(image, aux + 4);
                        versionIndex = (ushort)(ReadU16(image, aux + 6) & 0x7fff);
                    }
                    var nextAux = ReadU32(image, aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                var next = ReadU32(image, entry + 12);
                if (next == 0) break;
                entry += next;
                if (entry + 16 > verneed.Offset + verneed.Size) return Refuse("its .gnu.version_r is malformed.");
            }

            if (flagsOffset < 0)
                return new ElfPatchResult(ElfPatchOutcome.NotNeeded, $"no need for {version} from {library}: nothing to do.");
            if ((currentFlags & VerFlgWeak) != 0)
                return new ElfPatchResult(ElfPatchOutcome.AlreadyWeak, $"{version} from {library} is already weak.", flagsOffset);

            // Which dynamic symbols are bound to that version index?
            var dynsymIndex = Array.FindIndex(sections, s => s.Type == ShtDynsym);
            var versymIndex = Array.FindIndex(sections, s => s.Type == ShtGnuVersym);
            if (dynsymIndex < 0 || versymIndex < 0) return Refuse("it has no .dynsym or .gnu.version section to check which symbols use the version.");
            var dynsym = sections[dynsymIndex];
            var versym = sections[versymIndex];
            if (dynsym.Link >= sections.Length) return Refuse("its .dynsym links to a missing string table.");
            var symbolStrings = sections[dynsym.Link];
            var symbolCount = versym.Size / 2;
            var bound = new List<int>();
            var others = new List<string>();
            for (var i = 0; i < symbolCount; i++)
            {
                if ((ReadU16(image, versym.Offset + i * 2) & 0x7fff) != versionIndex) continue;
                var name = ReadString(image, symbolStrings, ReadU32(image, dynsym.Offset + i * 24L));
                bound.Add(i);
                if (!allowedSymbols.Contains(name)) others.Add(name);
            }
            if (others.Count > 0)
                return Refuse($"{version} is also used by {string.Join(", ", others)}, which this system's libstdc++ may not provide.");

            // A relocation against a bound symbol means something would call it: weakening would turn a clear load
            // error into a failure at call time. Refuse.
            foreach (var section in sections)
            {
                if (section.Type != ShtRela || section.Link != dynsymIndex) continue;
                var stride = section.EntrySize == 0 ? 24 : section.EntrySize;
                for (var at = section.Offset; at + 24 <= section.Offset + section.Size; at += stride)
                {
                    var symbol = (int)(ReadU64(image, at + 8) >> 32);
                    if (bound.Contains(symbol))
                        return Refuse($"a relocation refers to {ReadString(image, symbolStrings, ReadU32(image, dynsym.Offset + symbol * 24L))}, so the symbol is really used.");
                }
            }

            return new ElfPatchResult(ElfPatchOutcome.Patched, $"marked {version} from {library} weak (used only by {string.Join(", ", allowedSymbols)}, which nothing calls).", flagsOffset);
        }

        static ElfPatchResult Refuse(string reason) => new ElfPatchResult(ElfPatchOutcome.Refused, "TorchFluent did not change it because " + reason);

        static void ReplaceByRename(string source, string destination)
        {
            // On Unix File.Replace without a backup is rename(2): the directory entry is swapped atomically and the
            // old inode (possibly shared with the NuGet cache through a hard link) is untouched.
            File.Replace(source, destination, null);
        }

        static void CopyUnixMode(string from, string to)
        {
            // File.Get/SetUnixFileMode exist from .NET 7; this file also compiles against netstandard2.0 inside
            // MSBuild, so reach them by reflection (MSBuild itself runs on a modern runtime).
            if (Path.DirectorySeparatorChar != '/') return;
            var get = typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) });
            if (get == null) return;
            var mode = get.Invoke(null, new object[] { from });
            var set = typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), get.ReturnType });
            set?.Invoke(null, new[] { to, mode });
        }

        static string ReadString(byte[] image, Section table, uint offset)
        {
            var start = table.Offset + offset;
            if (offset >= table.Size || start >= image.Length) return "";
            var end = start;
            while (end < image.Length && end < table.Offset + table.Size && image[end] != 0) end++;
            return Encoding.ASCII.GetString(image, (int)start, (int)(end - start));
        }

        static ushort ReadU16(byte[] b, long at) => (ushort)(b[at] | b[at + 1] << 8);
        static uint ReadU32(byte[] b, long at) => (uint)(b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24);
        static ulong ReadU64(byte[] b, long at) => ReadU32(b, at) | (ulong)ReadU32(b, at + 4) << 32;
        static void WriteU16(byte[] b, long at, ushort value)
        {
            b[at] = (byte)value;
            b[at + 1] = (byte)(value >> 8);
        }

        readonly struct Section
        {
            public Section(uint type, long offset, long size, uint link, long entrySize)
            {
                Type = type;
                Offset = offset;
                Size = size;
                Link = link;
                EntrySize = entrySize;
            }

            public uint Type { get; }
            public long Offset { get; }
            public long Size { get; }
            public uint Link { get; }
            public long EntrySize { get; }
        }
    }
}
