using TorchFluent.Snippets.Infrastructure;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent.Snippets.Pages;

/// <summary>The C# blocks of docs/optimizer-wrappers.md.</summary>
public static class OptimizerWrappersSnippets
{
    [Snippet("wrappers-clip")]
    public static void Clip()
    {
        #region wrappers-clip
        using var w = new Parameter(zeros(2));
        w.grad = tensor(new float[] { 3, 4 });

        var totalNorm = new[] { w }.ClipGradNorm(maxNorm: 1.0);         // torch.nn.utils.clip_grad_norm_([w], 1.0)
        Console.WriteLine($"total norm {totalNorm}, gradient [{string.Join(", ", w.grad!.data<float>().ToArray().Select(g => g.ToString("0.######")))}]");

        w.grad = tensor(new float[] { -3, 0.5f });
        new[] { w }.ClipGradValue(1.0);                                   // torch.nn.utils.clip_grad_value_([w], 1.0)
        Console.WriteLine($"clamped [{string.Join(", ", w.grad!.data<float>().ToArray())}]");
        #endregion
    }

    [Snippet("wrappers-spec")]
    public static void Spec()
    {
        #region wrappers-spec
        using var model = Sequential.Create().Linear(10, 32).ReLU().Linear(1).Build();

        using var optimizer = Optim.Sgd(lr: 0.1).Momentum(0.9)
            .ClipGradNorm(1.0)            // clip_grad_norm_(model.parameters(), 1.0) before every step
            .AccumulateGradients(4)       // update once per 4 step() calls, with the average gradient
            .Lookahead(k: 5, alpha: 0.5)  // Lookahead around SGD
            .Build(model);

        using var criterion = Losses.Mse();
        using var x = rand(32, 10);
        using var y = x.mean([1], keepdim: true);
        using var before = model.Parameters()[0].detach().clone();
        for (var batch = 0; batch < 4; batch++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();                                        // kept gradients until the 4th call
            criterion.call(model.call(x.narrow(0, 8 * batch, 8)), y.narrow(0, 8 * batch, 8)).backward();
            optimizer.step();
            Console.WriteLine($"after step() {batch + 1}: weights changed: {!model.Parameters()[0].allclose(before, 0, 0)}");
        }
        #endregion
    }

    [Snippet("wrappers-raw")]
    public static void Raw()
    {
        #region wrappers-raw
        using var model = Sequential.Create().Linear(10, 1).Build();

        // Any TorchSharp optimizer, for example one made by raw TorchSharp, can be wrapped; dispose only the result.
        using var optimizer = optim.Adam(model.parameters(), lr: 1e-3).WithClipGradNorm(1.0).WithLookahead();
        Console.WriteLine(optimizer.LearningRate);
        #endregion
    }

    [Snippet("wrappers-averaged")]
    public static void Averaged()
    {
        #region wrappers-averaged
        var layers = Sequential.Create().Linear(1, 1, bias: false);
        using var model = layers.Build();
        using var swa = AveragedModel.Swa(model, copy: layers.Build());              // PyTorch: AveragedModel(model)
        using var ema = AveragedModel.Ema(model, copy: layers.Build(), decay: 0.9);  // avg_fn: 0.9 * avg + 0.1 * p

        var weight = model.Parameters()[0];
        foreach (var value in new[] { 2f, 4f })
        {
            using (no_grad()) weight.fill_(value);                                    // "training"
            swa.UpdateParameters(model);
            ema.UpdateParameters(model);
        }
        Console.WriteLine($"SWA {swa.Module.Parameters()[0].item<float>()}, EMA {ema.Module.Parameters()[0].item<float>():0.###}, averaged {swa.AveragedCount}");
        #endregion
    }

    [Snippet("wrappers-swa-bn")]
    public static void SwaBatchNorm()
    {
        #region wrappers-swa-bn
        var layers = Sequential.Create().Linear(3, 8).BatchNorm1d().ReLU().Linear(1);
        using var model = layers.Build();
        using var swa = AveragedModel.Swa(model, layers.Build());
        using var optimizer = Optim.Sgd(model.Parameters(), lr: 0.05);
        using var criterion = Losses.Mse();
        using var x = rand(64, 3);
        using var y = x.sum(1, keepdim: true);
        var batches = Enumerable.Range(0, 4).Select(i => x.narrow(0, 16 * i, 16)).ToList();

        for (var epoch = 0; epoch < 10; epoch++)
        {
            for (var i = 0; i < batches.Count; i++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                criterion.call(model.call(batches[i]), y.narrow(0, 16 * i, 16)).backward();
                optimizer.step();
            }
            if (epoch >= 5) swa.UpdateParameters(model);                 // average the last 5 epochs
        }
        swa.UpdateBatchNorm(batches);                                     // torch.optim.swa_utils.update_bn(loader, swa)
        swa.Eval();
        Console.WriteLine($"averaged {swa.AveragedCount} models; state dict: {string.Join(" ", swa.state_dict().Keys.Take(3))} ...");
        foreach (var batch in batches) batch.Dispose();
        #endregion
    }
}
