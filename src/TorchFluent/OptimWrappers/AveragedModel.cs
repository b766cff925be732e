using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// PyTorch's <c>torch.optim.swa_utils.AveragedModel</c>, which TorchSharp lacks: a running average of a model's
/// weights, for stochastic weight averaging (SWA, an equal-weight average) or an exponential moving average (EMA).
/// The first <see cref="UpdateParameters"/> copies the weights, so the SWA of 2 and 4 is 3 and the EMA(0.9) is 2.2.
/// It is a module: call it like the model; its state dict has PyTorch's keys ("n_averaged", "module.0.weight" ...).
/// </summary>
/// <remarks>
/// TorchSharp cannot deep-copy a module, so the averaged weights live in a second instance of the same architecture
/// that you pass in (for example a second <c>Build()</c> of the same Sequential builder). It takes that instance over:
/// its weights are overwritten with the model's, it moves to the model's device, and it is disposed with the averaged
/// model. With BatchNorm layers and <c>useBuffers: false</c> (PyTorch's default), call <see cref="UpdateBatchNorm"/>
/// after training to recompute the running statistics for the averaged weights.
/// </remarks>
public sealed class AveragedModel : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> module;
    readonly Tensor averagedCount;
    readonly Func<Tensor, Tensor, long, Tensor>? average;
    readonly double? decay;

    AveragedModel(nn.Module<Tensor, Tensor> model, nn.Module<Tensor, Tensor> copy, Func<Tensor, Tensor, long, Tensor>? average, double? decay, bool useBuffers)
        : base(nameof(AveragedModel))
    {
        var differences = Compare(Entries(model, useBuffers: true), Entries(copy, useBuffers: true), checkDTypes: true);
        if (differences.Count > 0)
            throw new ArgumentException(Messages.ModuleNotCopyable("AveragedModel", differences), nameof(copy));
        this.average = average;
        this.decay = decay;
        UseBuffers = useBuffers;
        var device = model.Parameters().FirstOrDefault()?.device ?? CPU;
        module = copy.to(device);
        // PyTorch deep-copies the model, so the averaged model starts with the model's weights and buffers.
        using (no_grad())
        {
            foreach (var ((_, target), (_, source)) in Entries(module, true).Zip(Entries(model, true)))
                target.copy_(source);
        }
        averagedCount = tensor(0L, device: device);
        register_module("module", module);
        register_buffer("n_averaged", averagedCount);
    }

    /// <summary>
    /// Stochastic weight averaging: after n updates each weight is the mean of the n models passed to
    /// <see cref="UpdateParameters"/> (PyTorch's default <c>avg_fn</c>).
    /// </summary>
    /// <param name="model">The model being trained.</param>
    /// <param name="copy">A separate instance of the same architecture; the averaged model takes it over.</param>
    /// <param name="useBuffers">Average buffers (BatchNorm statistics) too, instead of recomputing them with <see cref="UpdateBatchNorm"/>.</param>
    public static AveragedModel Swa(nn.Module<Tensor, Tensor> model, nn.Module<Tensor, Tensor> copy, bool useBuffers = false) =>
        Create(model, copy, null, null, useBuffers);

    /// <summary>
    /// Exponential moving average: each update sets <c>average = decay * average + (1 - decay) * weight</c>
    /// (after the first update, which copies).
    /// </summary>
    /// <param name="model">The model being trained.</param>
    /// <param name="copy">A separate instance of the same architecture; the averaged model takes it over.</param>
    /// <param name="decay">The weight of the old average, in [0, 1] (for example 0.999).</param>
    /// <param name="useBuffers">Average buffers (BatchNorm statistics) too.</param>
    public static AveragedModel Ema(nn.Module<Tensor, Tensor> model, nn.Module<Tensor, Tensor> copy, double decay, bool useBuffers = false)
    {
        if (!(decay >= 0 && decay <= 1))
            throw new ArgumentOutOfRangeException(nameof(decay), decay, Messages.WrapperInvalidArgument("AveragedModel.Ema decay", "a number in [0, 1]", decay));
        return Create(model, copy, null, decay, useBuffers);
    }

    /// <summary>An average with your own rule, PyTorch's <c>avg_fn(averaged, current, num_averaged)</c>; it returns the new average.</summary>
    /// <param name="model">The model being trained.</param>
    /// <param name="copy">A separate instance of the same architecture; the averaged model takes it over.</param>
    /// <param name="average">(averaged weight, model weight, number of updates so far) -> new averaged weight.</param>
    /// <param name="useBuffers">Average buffers too.</param>
    public static AveragedModel Create(nn.Module<Tensor, Tensor> model, nn.Module<Tensor, Tensor> copy, Func<Tensor, Tensor, long, Tensor> average, bool useBuffers = false)
    {
        ArgumentNullException.ThrowIfNull(average);
        return Create(model, copy, average, null, useBuffers);
    }

    static AveragedModel Create(nn.Module<Tensor, Tensor> model, nn.Module<Tensor, Tensor> copy, Func<Tensor, Tensor, long, Tensor>? average, double? decay, bool useBuffers)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(copy);
        if (ReferenceEquals(model, copy))
            throw new ArgumentException(Messages.ModuleNotCopyable("AveragedModel", ["the copy is the model itself; pass a second instance"]), nameof(copy));
        TorchRuntime.EnsureLoaded();
        ModuleTree.ThrowIfUnregistered(model, "AveragedModel");
        ModuleTree.ThrowIfUnregistered(copy, "AveragedModel");
        return new AveragedModel(model, copy, average, decay, useBuffers);
    }

    /// <summary>The module holding the averaged weights (PyTorch's <c>swa_model.module</c>).</summary>
    public nn.Module<Tensor, Tensor> Module => module;

    /// <summary>How many models have been averaged (PyTorch's <c>n_averaged</c>).</summary>
    public long AveragedCount => averagedCount.item<long>();

    /// <summary>True when buffers are averaged too (PyTorch's <c>use_buffers</c>).</summary>
    public bool UseBuffers { get; }

    /// <summary>Runs the averaged model.</summary>
    /// <param name="input">The input batch.</param>
    public override Tensor forward(Tensor input) => module.call(input);

    /// <summary>
    /// Folds the model's current weights into the average (PyTorch's <c>update_parameters</c>): the first call
    /// copies them, later calls apply SWA, EMA or your rule.
    /// </summary>
    /// <param name="model">The model being trained (the one this averaged model was made for).</param>
    public void UpdateParameters(nn.Module<Tensor, Tensor> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModuleTree.ThrowIfUnregistered(model, "AveragedModel.UpdateParameters");
        var mine = Entries(module, UseBuffers);
        var theirs = Entries(model, UseBuffers);
        var differences = Compare(theirs, mine, checkDTypes: false);
        if (differences.Count > 0) throw new ArgumentException(Messages.AveragedUpdateMismatch(differences), nameof(model));

        var n = averagedCount.item<long>();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var ((_, averaged), (_, current)) in mine.Zip(theirs))
        {
            var source = current.device == averaged.device ? current.detach() : current.detach().to(averaged.device);
            if (n == 0)
            {
                averaged.copy_(source);
                continue;
            }
            // Out of place, in PyTorch's operation order, so integer buffers promote (and truncate back) as in PyTorch.
            var updated = average is not null ? average(averaged.detach(), source, n)
                : decay is { } d ? averaged.mul(d).add(source.mul(1 - d))
                : averaged.add(source.sub(averaged).div(n + 1));
            averaged.copy_(updated);
        }
        averagedCount.add_(1);
    }

    /// <summary>
    /// Recomputes the BatchNorm running statistics of the averaged weights from data (PyTorch's
    /// <c>swa_utils.update_bn(loader, swa_model)</c>): resets them, runs every input once in training mode with a
    /// cumulative average (momentum None), then restores each layer's momentum and the training flag. Runs without
    /// gradients; the inputs are not disposed. Does nothing when there is no BatchNorm layer.
    /// </summary>
    /// <param name="inputs">Input batches, for example the training inputs (<c>loader.Select(b =&gt; b.Item1)</c>).</param>
    public void UpdateBatchNorm(IEnumerable<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var norms = this.Modules().OfType<BatchNorm>().ToList();
        if (norms.Count == 0) return;
        var momenta = norms.Select(b => b.momentum).ToList();
        var wasTraining = training;
        using (no_grad())
        {
            foreach (var norm in norms)
            {
                norm.running_mean?.zero_();
                norm.running_var?.fill_(1);
                norm.num_batches_tracked?.zero_();
                norm.momentum = null;
            }
        }
        try
        {
            train();
            using var noGrad = no_grad();
            var device = averagedCount.device;
            foreach (var input in inputs)
            {
                using var scope = NewDisposeScope();
                call(input.device == device ? input : input.to(device));
            }
        }
        finally
        {
            for (var i = 0; i < norms.Count; i++) norms[i].momentum = momenta[i];
            train(wasTraining);
        }
    }

    static List<(string Name, Tensor Tensor)> Entries(nn.Module model, bool useBuffers)
    {
        var entries = model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).ToList();
        if (useBuffers) entries.AddRange(model.named_buffers().Select(b => (b.name, b.buffer)));
        return entries;
    }

    static List<string> Compare(List<(string Name, Tensor Tensor)> expected, List<(string Name, Tensor Tensor)> actual, bool checkDTypes)
    {
        var differences = new List<string>();
        if (expected.Count != actual.Count)
            differences.Add($"{expected.Count} parameters and buffers expected, {actual.Count} found");
        foreach (var ((name, e), (otherName, a)) in expected.Zip(actual))
        {
            if (name != otherName) differences.Add($"'{name}' expected, '{otherName}' found");
            else if (!e.shape.SequenceEqual(a.shape)) differences.Add($"'{name}': shape [{string.Join(", ", e.shape)}] expected, [{string.Join(", ", a.shape)}] found");
            else if (checkDTypes && e.dtype != a.dtype) differences.Add($"'{name}': dtype {e.dtype} expected, {a.dtype} found");
        }
        return differences;
    }
}
