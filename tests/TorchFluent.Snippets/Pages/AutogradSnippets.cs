using TorchFluent.Snippets.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Snippets.Pages;

/// <summary>The C# blocks of docs/autograd.md.</summary>
public static class AutogradSnippets
{
    [Snippet("autograd-gradient")]
    public static void Gradient()
    {
        #region autograd-gradient
        // x = torch.tensor([[1., 0.], [-1., 1.]], requires_grad=True); z = x.pow(2).sum(); z.backward()
        using var x = Tensors.From(new float[,] { { 1, 0 }, { -1, 1 } }, requiresGrad: true);
        using var z = x.Pow(2).Sum();
        z.Backward();
        using var grad = x.Grad!;
        Console.WriteLine(z.item<float>());
        Console.WriteLine(grad.npstr());   // 2x
        #endregion
    }

    [Snippet("autograd-leaf")]
    public static void Leaf()
    {
        #region autograd-leaf
        using var x = Tensors.From(new[] { 1f, 2f }, requiresGrad: true);
        using var y = x.Pow(2);                        // computed from x: not a leaf
        using var plain = Tensors.From(new[] { 1f, 2f });
        using var c = plain.Pow(2);                    // no gradients anywhere: a leaf
        using var d = y.detach();                      // detached: a leaf
        Console.WriteLine($"x {x.IsLeaf} {x.RequiresGrad}, y {y.IsLeaf} {y.RequiresGrad}, c {c.IsLeaf} {c.RequiresGrad}, d {d.IsLeaf} {d.RequiresGrad}");

        y.RetainGrad();                                // keep y's gradient too
        using (var s = y.Sum()) s.Backward();
        using var xGrad = x.Grad!;
        using var yGrad = y.Grad!;
        Console.WriteLine($"{xGrad.npstr()} {yGrad.npstr()} {c.Grad is null}");
        #endregion
    }

    [Snippet("autograd-accumulate")]
    public static void Accumulate()
    {
        #region autograd-accumulate
        using var x = Tensors.From(new float[,] { { 1, 0 }, { -1, 1 } }, requiresGrad: true);
        using var z = x.Pow(2).Sum();
        z.Backward(retainGraph: true);     // keep the graph for a second pass
        z.Backward();                      // x.grad = 2x + 2x
        using (var grad = x.Grad!) Console.WriteLine(grad.npstr());

        x.ZeroGrad();                      // always clear gradients between steps
        for (var step = 0; step < 2; step++)
        {
            using var again = x.Pow(2).Sum();   // or recompute the output each time
            again.Backward();
        }
        using (var grad = x.Grad!) Console.WriteLine(grad.npstr());

        try
        {
            z.Backward();                  // the text's second z.backward(): the graph is gone
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine(e.Message.Split('\n')[0]);
        }
        #endregion
    }

    [Snippet("autograd-notices")]
    public static void Notices()
    {
        #region autograd-notices
        using var ints = Tensors.From(new[] { 1, 2, 3 });
        try
        {
            ints.RequiresGrad = true;      // torch.tensor([1, 2, 3], requires_grad=True)  # invalid
        }
        catch (ArgumentException e)
        {
            Console.WriteLine(e.Message.Split('\n')[0]);
        }

        using var x = Tensors.From(new[] { 1f, 2f }, requiresGrad: true);
        using (var z = x.Pow(3).Sum()) z.Backward();
        using (var grad = x.Grad!) Console.WriteLine(grad.RequiresGrad);   // .grad is not part of the graph...
        x.ZeroGrad();
        using (var z = x.Pow(3).Sum()) z.Backward(createGraph: true);
        using (var grad = x.Grad!) Console.WriteLine(grad.RequiresGrad);   // ...unless createGraph: true
        x.ZeroGrad();
        #endregion
    }

    [Snippet("autograd-scopes")]
    public static void Scopes()
    {
        #region autograd-scopes
        using var w = Tensors.From(new[] { 1f, 2f }, requiresGrad: true);
        using (Autograd.NoGrad())          // with torch.no_grad():
        {
            using var prediction = w * 2;
            Console.WriteLine(prediction.RequiresGrad);
            using (Autograd.EnableGrad())  // with torch.enable_grad():
            {
                using var tracked = w * 2;
                Console.WriteLine(tracked.RequiresGrad);
            }
        }
        using (Autograd.InferenceMode())   // with torch.inference_mode():
        {
            using var fast = w * 2;
            Console.WriteLine($"{fast.RequiresGrad} {Autograd.IsInferenceModeEnabled}");
        }
        Console.WriteLine(Autograd.IsGradEnabled);
        #endregion
    }
}
