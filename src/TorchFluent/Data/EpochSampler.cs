using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Draws each epoch's order the way PyTorch 1.13's DataLoader does, so a seeded loader reproduces PyTorch's orders
/// epoch after epoch: when an epoch starts, one int64 drawn from the loader's generator (PyTorch's base seed for
/// workers), then <c>randperm(n, generator)</c> (its RandomSampler); when an epoch is read to the end, one more
/// <c>randperm(n, generator)</c> (RandomSampler's generator runs its trailing <c>randperm(n)[:n % n]</c> once the
/// sampler is exhausted).
/// </summary>
internal sealed class EpochSampler(bool shuffle, long? seed) : IDisposable
{
    // 2^62: a range of at least 2^32 makes libtorch draw one 64-bit number, as PyTorch's int64 random_() does.
    const double DrawRange = 4611686018427387904.0;
    readonly object gate = new();
    torch.Generator? generator;
    bool disposed;

    /// <summary>The next epoch's permutation (an int64 tensor the caller owns), or null when not shuffling.</summary>
    public Tensor? NextPermutation(int count)
    {
        if (!shuffle) return null;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            Tensor permutation;
            if (seed is { } s)
            {
                generator ??= new torch.Generator(unchecked((ulong)s));
                using (var baseSeed = torch.empty(Array.Empty<long>(), ScalarType.Int64))
                    baseSeed.random_(0, DrawRange, generator);
                permutation = torch.randperm(count, ScalarType.Int64, generator: generator);
            }
            else
            {
                // No seed: PyTorch draws the base seed and then the sampler's seed from the global generator.
                long samplerSeed;
                using (var seeds = torch.empty([2], ScalarType.Int64))
                {
                    seeds.random_(0, DrawRange);
                    samplerSeed = seeds.data<long>()[1];
                }
                using var epochGenerator = new torch.Generator(unchecked((ulong)samplerSeed));
                permutation = torch.randperm(count, ScalarType.Int64, generator: epochGenerator);
            }
            // The order lives as long as its epoch, whatever DisposeScope the caller has open.
            return permutation.DetachFromDisposeScope();
        }
    }

    /// <summary>An epoch of <paramref name="count"/> samples was read to the end (see the class summary).</summary>
    public void Exhausted(int count)
    {
        if (!shuffle || seed is null) return;
        lock (gate)
        {
            if (disposed || generator is null) return;
            torch.randperm(count, ScalarType.Int64, generator: generator).Dispose();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            generator?.Dispose();
            generator = null;
        }
    }
}
