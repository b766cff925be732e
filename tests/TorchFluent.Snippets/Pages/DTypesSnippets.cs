using TorchFluent.Snippets.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Snippets.Pages;

/// <summary>The C# blocks of docs/dtypes.md.</summary>
public static class DTypesSnippets
{
    [Snippet("dtypes-table")]
    public static void Table()
    {
        #region dtypes-table
        foreach (var row in DType.Table)
        {
            Console.WriteLine($"{row.Description,-24} {row.PyTorchName,-17} {row.Bits,3} bits  " +
                $"float={row.IsFloatingPoint,-5} complex={row.IsComplex,-5} signed={row.IsSigned,-5} {row.TensorTypeName}");
        }
        #endregion
    }

    [Snippet("dtypes-to")]
    public static void To()
    {
        #region dtypes-to
        manual_seed(0);
        using var t = randn(3, 4);
        using var tDouble = t.To(DType.Float64);    // t.to(torch.float64)
        using var tInt = t.To(DType.Int32);         // t.to(torch.int32): truncates toward zero
        Console.WriteLine($"{tDouble.dtype.Info()} {tInt.dtype.Info()} {t[0, 0].item<float>():F4} -> {tInt[0, 0].item<int>()}");
        #endregion
    }

    [Snippet("dtypes-shortcuts")]
    public static void Shortcuts()
    {
        #region dtypes-shortcuts
        using var x = ones(2, 2);
        using var l = x.Long();                     // x = x.long()  # float32 -> int64
        Console.WriteLine($"{l.dtype.Info()} {l.npstr()}");

        using var v = Tensors.From(new[] { -1.5f, 0f, 0.7f, 2.5f });
        using var h = v.Half();
        using var b16 = v.BFloat16();
        using var i = v.Int();
        using var b = v.Bool();
        Console.WriteLine($"{h.dtype.Info()} {b16.dtype.Info()} {i.npstr()} {b.npstr()}");
        Console.WriteLine(ReferenceEquals(v.Float(), v));   // already float32: the same tensor, as in PyTorch
        #endregion
    }

    [Snippet("dtypes-module")]
    public static void Module()
    {
        #region dtypes-module
        using var model = nn.Linear(2, 3);
        var same = model.Double();                   // model.double(): in place, returns the module
        Console.WriteLine($"{ReferenceEquals(same, model)} {model.weight!.dtype.Info()}");
        try
        {
            model.To(DType.Int64);                   // PyTorch refuses this too
        }
        catch (ArgumentException e)
        {
            Console.WriteLine(e.Message.Split('\n')[0]);
        }
        #endregion
    }
}
