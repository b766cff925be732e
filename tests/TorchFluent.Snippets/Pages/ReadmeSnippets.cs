using TorchFluent.Snippets.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Snippets.Pages;

/// <summary>The C# blocks of README.md.</summary>
public static class ReadmeSnippets
{
    [Snippet("readme-gradient")]
    public static void Gradient()
    {
        #region readme-gradient
        TorchRuntime.EnsureLoaded();   // clear error if libtorch cannot load (TorchFluent's own entry points call it too)

        using var x = tensor(new float[] { 1, 0, -1, 1 }, [2, 2], requires_grad: true);
        using var z = x.pow(2).sum();
        z.backward();
        Console.WriteLine(x.grad!.ToString(TorchSharp.TensorStringStyle.Numpy));
        #endregion
    }
}
