using TorchFluent.Snippets.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Snippets.Pages;

/// <summary>The C# blocks of docs/tensors.md.</summary>
public static class TensorsSnippets
{
    [Snippet("tensors-create")]
    public static void Create()
    {
        #region tensors-create
        // x = torch.tensor([[1, -1], [-1, 1]])
        using var x = Tensors.From(new[,] { { 1, -1 }, { -1, 1 } });
        Console.WriteLine(x.dtype.Info());    // int64: integers infer int64, as in PyTorch
        Console.WriteLine(x.Shape);
        Console.WriteLine(x.npstr());
        #endregion
    }

    [Snippet("tensors-create-inference")]
    public static void CreateInference()
    {
        #region tensors-create-inference
        using var a = Tensors.From(new[] { 0.1, 0.2 });                // double[] -> float32, like Python floats
        using var b = Tensors.From(new float[,] { { 1, -1 }, { -1, 1 } });
        using var c = Tensors.From(new byte[] { 0, 255 }, DType.UInt8); // keep the narrow type: say so
        using var d = Tensors.From(new[] { true, false });
        Console.WriteLine($"{a.dtype.Info()} {b.dtype.Info()} {c.dtype.Info()} {d.dtype.Info()}");
        #endregion
    }

    [Snippet("tensors-create-shapes")]
    public static void CreateShapes()
    {
        #region tensors-create-shapes
        using var jagged = Tensors.From(new float[][] { [1, 2, 3], [4, 5, 6] });
        float[] pixels = new float[28 * 28];
        using var image = Tensors.From(pixels, [1, 28, 28]);            // flat data + a shape (array, Span or Memory)
        using var cube = Tensors.From(new int[2, 3, 4]);                // rectangular arrays of any rank
        Console.WriteLine($"{jagged.Shape} {image.Shape} {cube.Shape}");
        #endregion
    }

    [Snippet("tensors-zeros-ones")]
    public static void ZerosOnes()
    {
        #region tensors-zeros-ones
        using var zeros = Tensors.Zeros([2, 2]);   // torch.zeros([2, 2])
        using var ones = Tensors.Ones([1, 2, 5]);  // torch.ones([1, 2, 5])
        Console.WriteLine(zeros.npstr());
        Console.WriteLine(ones.npstr());
        Console.WriteLine($"{ones.Shape} {ones.dtype.Info()}");
        #endregion
    }

    [Snippet("tensors-numpy")]
    public static void NumPyFiles()
    {
        #region tensors-numpy
        var path = Path.Combine(Path.GetTempPath(), "x.npy");
        using var x = Tensors.From(new long[,] { { 1, -1 }, { -1, 1 } });
        NumPy.Save(path, x);                     // np.save: Python reads it with np.load(path)

        using var back = NumPy.Load(path);       // torch.from_numpy(np.load(path))
        Console.WriteLine($"{back.dtype.Info()} {back.Shape}");

        var archive = Path.Combine(Path.GetTempPath(), "xy.npz");
        using var y = back.Float();
        NumPy.SaveNpz(archive, new Dictionary<string, Tensor> { ["x"] = x, ["y"] = y });
        var arrays = NumPy.LoadNpz(archive);      // np.load(archive)["x"], ["y"]
        Console.WriteLine(string.Join(", ", arrays.Select(kv => $"{kv.Key}: {kv.Value.dtype.Info()}")));
        foreach (var t in arrays.Values) t.Dispose();
        #endregion
    }

    [Snippet("tensors-shape")]
    public static void ShapeValue()
    {
        #region tensors-shape
        using var x = Tensors.Zeros([10, 8, 6]);
        var shape = x.Shape;
        var (b, m, n) = shape;                   // deconstruct
        Console.WriteLine(shape);                // torch.Size([10, 8, 6])
        Console.WriteLine($"{b} {m} {n} {shape.Count} {shape[^1]} {shape.Numel()} {shape[1..]}");
        Console.WriteLine(shape == [10, 8, 6]);  // compares with arrays and collection expressions
        #endregion
    }

    [Snippet("tensors-arithmetic")]
    public static void Arithmetic()
    {
        #region tensors-arithmetic
        using var x = Tensors.From(new float[,] { { 1, 2 }, { 3, 4 } });
        using var y = Tensors.From(new float[,] { { 10, 20 }, { 30, 40 } });
        using var z = x.Add(y);                  // z = x + y (the operators work too: x + y)
        using var d = x.Sub(y);                  // z = x - y
        using var s = x.Sum();                   // y = x.sum()
        using var m = x.Mean();                  // y = x.mean()
        using var p = x.Pow(2);                  // y = x.pow(2)
        Console.WriteLine($"{z.npstr()}\n{d.npstr()}");
        Console.WriteLine($"{s.item<float>()} {m.item<float>()} {p.npstr()}");
        #endregion
    }

    [Snippet("tensors-sum-dim")]
    public static void SumDim()
    {
        #region tensors-sum-dim
        using var x = Tensors.From(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        using var columns = x.Sum(0);            // over dim 0, as x.sum(0) in PyTorch
        using var rows = x.Mean(1, keepDim: true);
        Console.WriteLine($"{columns.npstr()} {rows.Shape}");
        #endregion
    }

    [Snippet("tensors-mean-integer")]
    public static void MeanInteger()
    {
        #region tensors-mean-integer
        using var x = Tensors.From(new[,] { { 1, -1 }, { -1, 1 } });   // int64
        try
        {
            using var mean = x.Mean();
        }
        catch (ArgumentException e)
        {
            Console.WriteLine(e.Message.Split('\n')[0]);
        }
        using var ok = x.Float().Mean();
        Console.WriteLine(ok.item<float>());
        #endregion
    }

    [Snippet("tensors-transpose")]
    public static void Transpose()
    {
        #region tensors-transpose
        using var x = Tensors.Zeros([2, 3]);
        using var t = x.Transpose(0, 1);
        Console.WriteLine($"{x.Shape} -> {t.Shape}");
        #endregion
    }

    [Snippet("tensors-squeeze-unsqueeze")]
    public static void SqueezeUnsqueeze()
    {
        #region tensors-squeeze-unsqueeze
        using var x = Tensors.Zeros([1, 2, 3]);
        using var squeezed = x.Squeeze(0);       // removes dim 0 (size 1)
        using var unsqueezed = squeezed.Unsqueeze(1);   // inserts a dim of size 1 at index 1
        Console.WriteLine($"{x.Shape} -> {squeezed.Shape} -> {unsqueezed.Shape}");
        #endregion
    }

    [Snippet("tensors-cat-stack")]
    public static void CatStack()
    {
        #region tensors-cat-stack
        using var x = Tensors.Zeros([2, 1, 3]);
        using var y = Tensors.Zeros([2, 3, 3]);
        using var z = Tensors.Zeros([2, 2, 3]);
        using var w = Tensors.Cat([x, y, z], dim: 1);
        Console.WriteLine(w.Shape);

        using var a = Tensors.Zeros([2, 3]);
        using var b = Tensors.Zeros([2, 3]);
        using var s0 = Tensors.Stack([a, b], dim: 0);
        using var s2 = Tensors.Stack([a, b], dim: 2);
        Console.WriteLine($"{s0.Shape} {s2.Shape}");
        #endregion
    }

    [Snippet("tensors-permute-bmm")]
    public static void PermuteBmm()
    {
        #region tensors-permute-bmm
        using var x = Tensors.Zeros([3, 5, 7]);
        using var p = x.Permute(1, 2, 0);
        Console.WriteLine(p.Shape);

        using var a = Tensors.Zeros([10, 8, 6]);   // (B, M, N)
        using var b = Tensors.Zeros([10, 6, 9]);   // (B, N, K)
        using var c = a.Bmm(b);                    // (B, M, K)
        var (batch, rows, columns) = c.Shape;
        Console.WriteLine($"{c.Shape} {batch} {rows} {columns}");
        #endregion
    }

    [Snippet("tensors-matmul")]
    public static void Matmul()
    {
        #region tensors-matmul
        using var v = Tensors.Ones([4]);
        using var m = Tensors.Ones([3, 4]);
        using var n = Tensors.Ones([4, 5]);
        using var dot = v.Matmul(v);            // (4) @ (4): a 0-d tensor
        using var mv = m.Matmul(v);             // (3, 4) @ (4) -> (3)
        using var mm = m.Matmul(n);             // (3, 4) @ (4, 5) -> (3, 5)
        Console.WriteLine($"{dot.Shape} {dot.item<float>()} {mv.Shape} {mm.Shape}");

        using var x = Tensors.Ones([2, 1, 3, 4]);
        using var y = Tensors.Ones([5, 4, 2]);
        using var z = x.Matmul(y);              // batch dims (2, 1) and (5) broadcast to (2, 5)
        Console.WriteLine(z.Shape);
        #endregion
    }

    [Snippet("tensors-shape-errors")]
    public static void ShapeErrors()
    {
        #region tensors-shape-errors
        using var a = Tensors.Zeros([10, 8, 6]);
        using var b = Tensors.Zeros([10, 7, 9]);
        try
        {
            using var c = a.Bmm(b);
        }
        catch (ArgumentException e)
        {
            Console.WriteLine(e.Message);
        }
        #endregion
    }
}
