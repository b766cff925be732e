using TorchFluent.Tests.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Checkpoints;

/// <summary>
/// The child process of <see cref="CrashDuringSaveTests"/>: starts a real save of <see cref="CreateModel"/>(seed: 2)
/// and stops half-way, once the first <see cref="PauseAfterBytes"/> bytes reached the temporary file on disk. It then
/// prints <c>PAUSED &lt;temporary file&gt;</c> and waits to be killed, so the parent kills it at a known point of the
/// write instead of at a random moment.
/// </summary>
public static class CrashDuringSaveChild
{
    public const string Command = "checkpoint-save-then-hang";
    public const int PauseAfterBytes = 64 * 1024;
    public const string PausedPrefix = "PAUSED ";

    /// <summary>
    /// A model of ~1 MB of float32 weights drawn from a seeded generator: large enough, and random enough not to
    /// compress in a .pth's zip, that the pause falls well inside the write.
    /// </summary>
    public static nn.Module<Tensor, Tensor> CreateModel(long seed)
    {
        var model = nn.Sequential(("0", nn.Linear(512, 512)), ("1", nn.ReLU()), ("2", nn.Linear(512, 10)));
        using var generator = new Generator((ulong)seed);
        using (no_grad())
        {
            foreach (var parameter in model.parameters())
            {
                using var values = randn(parameter.shape, generator: generator);
                parameter.copy_(values);
            }
        }
        return model;
    }

    /// <summary>args: format path.</summary>
    public static int Run(string[] args)
    {
        var format = Enum.Parse<CheckpointFormat>(args[0]);
        var path = args[1];
        TorchRuntime.EnsureLoaded();
        using var model = CreateModel(seed: 2);
        AtomicFile.WrapStreamForTests = file => new PausingStream(file, PauseAfterBytes, () =>
        {
            Console.Out.WriteLine(PausedPrefix + file.Name);
            Console.Out.Flush();
            Thread.Sleep(Timeout.Infinite);
        });
        model.SaveStateDict(path, format);
        Console.Out.WriteLine("FINISHED");   // Never reached when the parent kills this process at the pause.
        return 0;
    }
}

/// <summary>
/// Passes writes through to a file and, once <paramref name="pauseAfter"/> bytes are written, flushes them to disk and
/// calls <paramref name="pause"/> (which blocks). Everything else is forwarded, so the writer behaves as with the file.
/// </summary>
public sealed class PausingStream(FileStream inner, long pauseAfter, Action pause) : Stream
{
    long written;
    bool paused;

    public override bool CanRead => false;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => true;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        written += buffer.Length;
        if (!paused && written >= pauseAfter)
        {
            paused = true;
            inner.Flush(flushToDisk: true);
            pause();
        }
    }

    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void SetLength(long value) => inner.SetLength(value);
}
