namespace TorchFluent;

/// <summary>
/// Replaces a file all at once: the content goes to a temporary file in the same folder, is flushed to disk, and the
/// temporary file is then renamed over the target (an atomic rename on one file system). A process that dies during a
/// save leaves the previous file intact, plus at most a stray <c>*.tmp</c> file; it never leaves a half-written target.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Test seam: wraps the temporary file's stream (the crash test pauses a real save half-way with it, then kills
    /// the process). Null in production.
    /// </summary>
    internal static Func<FileStream, Stream>? WrapStreamForTests { get; set; }

    /// <summary>The suffix of temporary files; a crash can leave one behind, next to the target.</summary>
    public const string TempSuffix = ".tmp";

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException(Messages.SaveFolderMissing(full, folder));
        if (Directory.Exists(full)) throw new IOException(Messages.SaveTargetIsFolder(full));

        // Same folder as the target: a rename across file systems would be a copy, which is not atomic.
        var temp = Path.Combine(folder, $"{Path.GetFileName(full)}.{Guid.NewGuid().ToString("N")[..8]}{TempSuffix}");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var stream = WrapStreamForTests?.Invoke(file) ?? file;
                write(stream);
                stream.Flush();
                // Data on disk before the rename makes it visible: otherwise a power loss right after the rename
                // could leave a renamed but empty file on some file systems.
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
            // Best effort: the original exception is the one worth reporting.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
