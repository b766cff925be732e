using TorchFluent.Snippets.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Snippets.Pages;

/// <summary>The C# blocks of docs/losses.md.</summary>
public static class LossesSnippets
{
    #region losses-class
    // PyTorch: class RMSE(nn.Module): def forward(self, output, target): return torch.sqrt(F.mse_loss(output, target))
    sealed class Rmse : Loss<Tensor, Tensor, Tensor>
    {
        public Rmse() : base(nn.Reduction.Mean) => name = nameof(Rmse);

        public override Tensor forward(Tensor output, Tensor target)
        {
            using var mse = nn.functional.mse_loss(output, target);
            return mse.sqrt();
        }
    }
    #endregion

    #region losses-autograd-class
    // PyTorch: class HalfSquaredError(torch.autograd.Function) with a hand-written backward
    sealed class HalfSquaredError : autograd.SingleTensorFunction<HalfSquaredError>
    {
        public override string Name => nameof(HalfSquaredError);

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var (output, target) = ((Tensor)vars[0], (Tensor)vars[1]);
            ctx.save_for_backward([output, target]);
            using var difference = output - target;
            using var squared = difference.pow(2);
            using var mean = squared.mean();
            return mean / 2;
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
        {
            var saved = ctx.get_saved_variables();
            using var difference = saved[0] - saved[1];
            using var scaled = gradOutput * difference;
            return [scaled / saved[0].numel(), null!];   // no gradient for the target
        }
    }
    #endregion

    [Snippet("losses-mse")]
    public static void Mse()
    {
        #region losses-mse
        using var criterion = Losses.Mse();                            // criterion = nn.MSELoss()
        using var output = tensor(new float[] { 1, 2, 3 }).reshape(3, 1);   // the model's (N, 1) output
        using var target = tensor(new float[] { 2, 2, 2.5f });             // an (N,) target

        try
        {
            criterion.call(output, target);                             // PyTorch: 0.75, a wrong loss, and a warning
        }
        catch (ArgumentException e)
        {
            Console.WriteLine(e.Message.Split('\n')[0]);
        }

        using var column = target.unsqueeze(1);                         // the fix the message gives
        using var loss = criterion.call(output, column);
        Console.WriteLine($"loss = {loss.item<float>():F4}");
        #endregion
    }

    [Snippet("losses-cross-entropy")]
    public static void CrossEntropy()
    {
        #region losses-cross-entropy
        using var logits = tensor(new float[] { 2, 0.5f, -1, 0.1f, 1.5f, 0.2f }).reshape(2, 3);   // (N, C) raw scores

        using var criterion = Losses.CrossEntropy();
        using var classes = tensor(new long[] { 0, 1 });                  // class indices: int64, shape (N)
        using var loss = criterion.call(logits, classes);
        Console.WriteLine($"indices: {loss.item<float>():F4}");

        using var probabilities = tensor(new float[] { 0.9f, 0.1f, 0, 0, 1, 0 }).reshape(2, 3);   // or probabilities, shape (N, C)
        using var soft = criterion.call(logits, probabilities);
        Console.WriteLine($"probabilities: {soft.item<float>():F4}");

        using var weight = tensor(new float[] { 1, 2, 0.5f });
        using var tuned = Losses.CrossEntropy(weight, ignoreIndex: -100, labelSmoothing: 0.1);
        using var weighted = tuned.call(logits, classes);
        Console.WriteLine($"weighted, smoothed: {weighted.item<float>():F4}");
        #endregion
    }

    [Snippet("losses-others")]
    public static void Others()
    {
        #region losses-others
        using var scores = tensor(new float[] { 0.8f, -1.2f, 2.0f });
        using var labels = tensor(new float[] { 1, 0, 1 });

        using var withLogits = Losses.BceWithLogits();                 // sigmoid + binary cross entropy, stable
        using var bce = Losses.Bce();                                   // expects probabilities
        using var l1 = Losses.L1();
        using var smoothL1 = Losses.SmoothL1(beta: 1.0);
        using var nll = Losses.Nll();                                   // expects LogSoftmax output

        using var probabilities = scores.sigmoid();
        using var a = withLogits.call(scores, labels);
        using var b = bce.call(probabilities, labels);
        Console.WriteLine($"BCEWithLogits {a.item<float>():F4} = BCE {b.item<float>():F4}");
        using var c = l1.call(scores, labels);
        using var d = smoothL1.call(scores, labels);
        Console.WriteLine($"L1 {c.item<float>():F4}, SmoothL1 {d.item<float>():F4}");
        using var logProbabilities = scores.reshape(1, 3).log_softmax(1);
        using var e = nll.call(logProbabilities, tensor(new long[] { 2 }));
        Console.WriteLine($"NLL {e.item<float>():F4}");
        #endregion
    }

    [Snippet("losses-custom")]
    public static void Custom()
    {
        #region losses-custom
        // A plain function: weighted L1
        using var columnWeights = tensor(new float[] { 1, 0.5f, 2 });
        using var weightedL1 = Losses.From((output, target) => (columnWeights * (output - target).abs()).mean(), "WeightedL1");

        // A class, and a custom autograd function with a hand-written backward
        using var rmse = new Rmse();
        using var halfSquared = Losses.From((output, target) => HalfSquaredError.apply(output, target), "HalfSquaredError");

        using var output = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3], requires_grad: true);
        using var target = zeros(2, 3);
        foreach (var criterion in new nn.Module<Tensor, Tensor, Tensor>[] { weightedL1, rmse, halfSquared })
        {
            using (var grad = output.grad) grad?.zero_();
            using var loss = criterion.call(output, target);
            loss.backward();                                            // autograd through the custom loss
            Console.WriteLine($"{criterion.GetName()}: {loss.item<float>():F4}, grad[0] = {output.grad![0, 0].item<float>():F4}");
        }
        #endregion
    }

    [Snippet("losses-class")]
    public static void CustomClass()
    {
        using var rmse = new Rmse();
    }

    [Snippet("losses-autograd-class")]
    public static void AutogradClass()
    {
        using var x = ones(2, requires_grad: true);
        using var y = HalfSquaredError.apply(x, zeros(2));
    }
}
