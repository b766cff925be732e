using System.Diagnostics;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Benchmarks.Data;

/// <summary>Scratch: where the per-sample path's time goes (not a committed benchmark).</summary>
public static unsafe class LoaderParts
{
    [DllImport("LibTorchSharp"), SuppressGCTransition] static extern IntPtr THSTensor_data(IntPtr handle);
    [DllImport("LibTorchSharp"), SuppressGCTransition] static extern long THSTensor_ndimension(IntPtr handle);
    [DllImport("LibTorchSharp"), SuppressGCTransition] static extern long THSTensor_numel(IntPtr handle);
    [DllImport("LibTorchSharp"), SuppressGCTransition] static extern sbyte THSTensor_type(IntPtr handle);
    [DllImport("LibTorchSharp"), SuppressGCTransition] static extern byte THSTensor_is_contiguous(IntPtr handle);
    [DllImport("LibTorchSharp"), SuppressGCTransition] static extern int THSTensor_device_type(IntPtr handle);
    [DllImport("LibTorchSharp"), SuppressGCTransition] static extern byte THSTensor_requires_grad(IntPtr handle);

    sealed class PerSampleDataset(Tensor x, Tensor y) : Dataset<(Tensor X, Tensor Y)>
    {
        public override int Count => (int)x.shape[0];
        public override (Tensor X, Tensor Y) this[int index] => (x[index], y[index]);
    }

    public static void Run(string[] args)
    {
        set_num_threads(1);
        manual_seed(0);
        const int N = 100000, B = 16, Chunk = 500;
        var x = randn(N, 10); var y = randn(N, 1);
        var ds = new PerSampleDataset(x, y);
        var order = randperm(N).data<long>().ToArray();
        var xs = new Tensor[B]; var ys = new Tensor[B];
        var variants = new (string Name, Action<int> Batch)[]
        {
            ("floor: indexer + dispose", i =>
            {
                for (int j = 0; j < B; j++) (xs[j], ys[j]) = ds[(int)order[i + j]];
                for (int j = 0; j < B; j++) { xs[j].Dispose(); ys[j].Dispose(); }
            }),
            ("indexer in scope", i =>
            {
                using var s = NewDisposeScope();
                for (int j = 0; j < B; j++) (xs[j], ys[j]) = ds[(int)order[i + j]];
            }),
            ("native copy, explicit dispose", i =>
            {
                for (int j = 0; j < B; j++) (xs[j], ys[j]) = ds[(int)order[i + j]];
                var xb = Copy(xs); var yb = Copy(ys);
                for (int j = 0; j < B; j++) { xs[j].Dispose(); ys[j].Dispose(); }
                xb.Dispose(); yb.Dispose();
            }),
            ("native copy in scope", i =>
            {
                Tensor xb, yb;
                using (var s = NewDisposeScope())
                {
                    for (int j = 0; j < B; j++) (xs[j], ys[j]) = ds[(int)order[i + j]];
                    xb = Copy(xs).DetachFromDisposeScope(); yb = Copy(ys).DetachFromDisposeScope();
                }
                xb.Dispose(); yb.Dispose();
            }),
            ("stack, explicit dispose", i =>
            {
                for (int j = 0; j < B; j++) (xs[j], ys[j]) = ds[(int)order[i + j]];
                var xb = stack(xs); var yb = stack(ys);
                for (int j = 0; j < B; j++) { xs[j].Dispose(); ys[j].Dispose(); }
                xb.Dispose(); yb.Dispose();
            }),
        };
        using var loader = DataLoader.From(ds).Batch(B).Build();
        var totals = new double[variants.Length + 1];
        var counts = new int[variants.Length + 1];
        for (int round = 0; round < 4; round++)
        {
            for (int start = 0; start + Chunk * B <= N; start += Chunk * B)
            {
                for (int v = 0; v < variants.Length; v++)
                {
                    var w = Stopwatch.StartNew();
                    for (int k = 0; k < Chunk; k++) variants[v].Batch(start + k * B);
                    if (round > 0) { totals[v] += w.Elapsed.TotalMicroseconds; counts[v] += Chunk; }
                }
                using var e = loader.GetEnumerator();
                var lw = Stopwatch.StartNew();
                for (int k = 0; k < Chunk && e.MoveNext(); k++) { }
                if (round > 0) { totals[^1] += lw.Elapsed.TotalMicroseconds; counts[^1] += Chunk; }
            }
        }
        for (int v = 0; v < variants.Length; v++) Console.WriteLine($"{variants[v].Name,-32} {totals[v] / counts[v]:F1} us/batch");
        Console.WriteLine($"{"loader (current)",-32} {totals[^1] / counts[^1]:F1} us/batch");
    }

    static Tensor Copy(Tensor[] samples)
    {
        var first = samples[0];
        var shape = first.shape;
        var n = THSTensor_numel(first.Handle);
        var type = (ScalarType)THSTensor_type(first.Handle);
        var bshape = new long[shape.Length + 1]; bshape[0] = samples.Length; shape.CopyTo(bshape, 1);
        var batch = empty(bshape, type);
        var dst = (byte*)THSTensor_data(batch.Handle);
        var bytes = n * 4;
        foreach (var s in samples)
        {
            var h = s.Handle;
            if (THSTensor_ndimension(h) != shape.Length || THSTensor_numel(h) != n || (ScalarType)THSTensor_type(h) != type
                || THSTensor_is_contiguous(h) == 0 || THSTensor_device_type(h) != 0 || THSTensor_requires_grad(h) != 0) throw new InvalidOperationException();
            Buffer.MemoryCopy((void*)THSTensor_data(h), dst, bytes, bytes);
            dst += bytes;
        }
        return batch;
    }
}
