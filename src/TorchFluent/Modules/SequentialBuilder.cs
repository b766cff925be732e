using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Builds a <see cref="Sequential"/> layer by layer, inferring each layer's in-features (or in-channels) from the
/// layer before it where that is known. Start with <see cref="Sequential.Create"/>; finish with <see cref="Build"/>.
/// Problems (an in-size that cannot be inferred, a size that does not match, an invalid argument) are collected and
/// reported together by <see cref="Build"/>. After the first <see cref="Build"/> the builder is frozen; calling
/// <see cref="Build"/> again makes a fresh model with new weights (unless a module instance was added with
/// <see cref="Add(nn.Module{Tensor, Tensor})"/>, which cannot be shared by two models).
/// </summary>
public sealed partial class SequentialBuilder
{
    readonly List<Layer> layers = [];
    readonly List<string> problems = [];
    readonly SampleShape shape = new();
    bool frozen;

    internal SequentialBuilder()
    {
    }

    sealed record Layer(string Description, Func<nn.Module<Tensor, Tensor>> Create, bool IsInstance);

    /// <summary>The number of layers added so far.</summary>
    public int Count => layers.Count;

    /// <summary>
    /// Declares the shape of one input sample, without the batch dimension (for example <c>Input(1, 28, 28)</c>
    /// for 28x28 grey images, or <c>Input(10)</c> for 10 features). Optional: it lets the builder infer the
    /// in-features of a Linear after a Flatten, and the in-channels of the first convolution.
    /// </summary>
    /// <param name="sampleShape">The per-sample shape; every dimension at least 1.</param>
    public SequentialBuilder Input(params long[] sampleShape)
    {
        ThrowIfFrozen();
        ArgumentNullException.ThrowIfNull(sampleShape);
        if (layers.Count > 0)
            problems.Add(Messages.SequentialInputAfterLayers(layers.Count));
        else if (sampleShape.Length == 0 || sampleShape.Any(d => d < 1))
            problems.Add(Messages.SequentialBadInput(sampleShape));
        else
            shape.Set((long[])sampleShape.Clone());
        return this;
    }

    /// <summary>
    /// Adds <c>nn.Linear(inFeatures, outFeatures)</c>, with the in-features taken from the previous layer
    /// (or from <see cref="Input"/>).
    /// </summary>
    /// <param name="outFeatures">Size of each output sample.</param>
    public SequentialBuilder Linear(long outFeatures) => AddLinear(null, outFeatures, bias: true);

    /// <summary>
    /// Adds <c>nn.Linear(inFeatures, outFeatures, bias)</c>, with the in-features taken from the previous layer
    /// (or from <see cref="Input"/>).
    /// </summary>
    /// <param name="outFeatures">Size of each output sample.</param>
    /// <param name="bias">Whether the layer learns an additive bias.</param>
    public SequentialBuilder Linear(long outFeatures, bool bias) => AddLinear(null, outFeatures, bias);

    /// <summary>Adds <c>nn.Linear(inFeatures, outFeatures)</c> with explicit sizes, as in PyTorch.</summary>
    /// <param name="inFeatures">Size of each input sample; checked against the previous layer when that is known.</param>
    /// <param name="outFeatures">Size of each output sample.</param>
    /// <param name="bias">Whether the layer learns an additive bias.</param>
    public SequentialBuilder Linear(long inFeatures, long outFeatures, bool bias = true) => AddLinear(inFeatures, outFeatures, bias);

    SequentialBuilder AddLinear(long? inFeatures, long outFeatures, bool bias)
    {
        ThrowIfFrozen();
        var description = inFeatures is null ? $"Linear({outFeatures})" : $"Linear({inFeatures}, {outFeatures})";
        var known = shape.Last;
        long input = 0;
        if (outFeatures < 1)
            Problem(description, Messages.SequentialMustBePositive("outFeatures", outFeatures));
        if (inFeatures is { } given)
        {
            if (given < 1)
                Problem(description, Messages.SequentialMustBePositive("inFeatures", given));
            else if (known is { } k && k != given)
                Problem(description, Messages.SequentialSizeMismatch("in-features", given, k, PreviousDescription(), "Linear(" + outFeatures + ")"));
            input = given;
        }
        else if (known is { } k)
        {
            input = k;
        }
        else
        {
            Problem(description, Messages.SequentialCannotInfer("in-features", PreviousDescription(), shape.ToString(), $"Linear(inFeatures, {outFeatures})"));
        }
        var (i, o) = (input, outFeatures);
        shape.ReplaceLast(outFeatures);
        return Append(description, () => nn.Linear(i, o, hasBias: bias));
    }

    /// <summary>
    /// Adds <c>nn.Conv2d(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias)</c> with the
    /// in-channels taken from the previous layer (or from <see cref="Input"/>) unless <paramref name="inChannels"/> is
    /// given. Input is (N, C, H, W).
    /// </summary>
    /// <param name="outChannels">Number of channels produced by the convolution.</param>
    /// <param name="kernelSize">Size of the square convolving kernel.</param>
    /// <param name="stride">Stride of the convolution.</param>
    /// <param name="padding">Zero-padding added to both sides of the input.</param>
    /// <param name="dilation">Spacing between kernel elements.</param>
    /// <param name="groups">Number of blocked connections from input channels to output channels.</param>
    /// <param name="bias">Whether the layer learns an additive bias.</param>
    /// <param name="inChannels">In-channels, when they cannot be inferred (first layer without <see cref="Input"/>).</param>
    public SequentialBuilder Conv2d(long outChannels, long kernelSize, long stride = 1, long padding = 0, long dilation = 1,
        long groups = 1, bool bias = true, long? inChannels = null)
    {
        ThrowIfFrozen();
        var description = $"Conv2d({outChannels}, kernelSize: {kernelSize})";
        foreach (var (name, value, min) in new[] { ("outChannels", outChannels, 1L), ("kernelSize", kernelSize, 1L), ("stride", stride, 1L), ("dilation", dilation, 1L), ("groups", groups, 1L), ("padding", padding, 0L) })
        {
            if (value < min) Problem(description, min == 1 ? Messages.SequentialMustBePositive(name, value) : Messages.SequentialMustBeNonNegative(name, value));
        }
        var input = ResolveChannels(description, inChannels, "in-channels", $"Conv2d({outChannels}, {kernelSize}, inChannels: C)", spatialRank: 3);
        if (input > 0 && groups > 0 && (input % groups != 0 || outChannels % groups != 0))
            Problem(description, Messages.SequentialGroups(input, outChannels, groups));
        ApplyWindow(description, outChannels, kernelSize, stride, padding, dilation);
        var c = input;
        return Append(description, () => nn.Conv2d(c, outChannels, kernelSize, stride, padding, dilation, groups: groups, bias: bias));
    }

    /// <summary>Adds <c>nn.MaxPool2d(kernelSize, stride, padding)</c>; the stride defaults to the kernel size, as in PyTorch.</summary>
    /// <param name="kernelSize">Size of the square window.</param>
    /// <param name="stride">Stride of the window (default: <paramref name="kernelSize"/>).</param>
    /// <param name="padding">Implicit negative-infinity padding on both sides.</param>
    public SequentialBuilder MaxPool2d(long kernelSize, long? stride = null, long padding = 0) =>
        AddPool("MaxPool2d", kernelSize, stride, padding, (k, s, p) => nn.MaxPool2d(k, s, p));

    /// <summary>Adds <c>nn.AvgPool2d(kernelSize, stride, padding)</c>; the stride defaults to the kernel size, as in PyTorch.</summary>
    /// <param name="kernelSize">Size of the square window.</param>
    /// <param name="stride">Stride of the window (default: <paramref name="kernelSize"/>).</param>
    /// <param name="padding">Implicit zero padding on both sides.</param>
    public SequentialBuilder AvgPool2d(long kernelSize, long? stride = null, long padding = 0) =>
        AddPool("AvgPool2d", kernelSize, stride, padding, (k, s, p) => nn.AvgPool2d(k, s, p));

    SequentialBuilder AddPool(string kind, long kernelSize, long? stride, long padding, Func<long, long, long, nn.Module<Tensor, Tensor>> create)
    {
        ThrowIfFrozen();
        var description = $"{kind}({kernelSize})";
        var s = stride ?? kernelSize;
        if (kernelSize < 1) Problem(description, Messages.SequentialMustBePositive("kernelSize", kernelSize));
        if (s < 1) Problem(description, Messages.SequentialMustBePositive("stride", s));
        if (padding < 0 || padding * 2 > kernelSize) Problem(description, Messages.SequentialPoolPadding(padding, kernelSize));
        CheckSpatialRank(description);
        ApplyWindow(description, shape.Leading ?? 0, kernelSize, s, padding, 1, keepChannelsUnknown: shape.Leading is null);
        return Append(description, () => create(kernelSize, s, padding));
    }

    /// <summary>Adds <c>nn.AdaptiveAvgPool2d((height, width))</c>: the output is (N, C, height, width) whatever the input size.</summary>
    /// <param name="height">Output height.</param>
    /// <param name="width">Output width.</param>
    public SequentialBuilder AdaptiveAvgPool2d(long height, long width)
    {
        ThrowIfFrozen();
        var description = $"AdaptiveAvgPool2d({height}, {width})";
        if (height < 1) Problem(description, Messages.SequentialMustBePositive("height", height));
        if (width < 1) Problem(description, Messages.SequentialMustBePositive("width", width));
        CheckSpatialRank(description);
        if (shape.Leading is { } c) shape.Set([c, height, width]);
        else shape.Forget();
        return Append(description, () => nn.AdaptiveAvgPool2d((height, width)));
    }

    /// <summary>
    /// Adds <c>nn.Flatten(startDim, endDim)</c> (dimensions count the batch dimension, as in PyTorch: the default
    /// flattens everything but the batch).
    /// </summary>
    /// <param name="startDim">First dimension to flatten.</param>
    /// <param name="endDim">Last dimension to flatten.</param>
    public SequentialBuilder Flatten(long startDim = 1, long endDim = -1)
    {
        ThrowIfFrozen();
        var description = $"Flatten({startDim}, {endDim})";
        if (shape.Dims is { } dims)
        {
            var rank = dims.Length + 1;
            var start = startDim < 0 ? startDim + rank : startDim;
            var end = endDim < 0 ? endDim + rank : endDim;
            if (start < 0 || end >= rank || start > end)
            {
                Problem(description, Messages.SequentialFlattenDims(startDim, endDim, rank));
                shape.Forget();
            }
            else if (start == 0)
            {
                // Flattening into the batch dimension: the per-sample shape is no longer meaningful.
                shape.Forget();
            }
            else
            {
                var full = new long[] { -1 }.Concat(dims).ToArray();
                var merged = full[(int)start..((int)end + 1)].Aggregate(1L, (a, b) => a * b);
                shape.Set(full[1..(int)start].Append(merged).Concat(full[((int)end + 1)..]).ToArray());
            }
        }
        else
        {
            shape.Forget();
        }
        return Append(description, () => nn.Flatten(startDim, endDim));
    }

    /// <summary>Adds any module. Shapes after it are unknown to the builder unless it is a Linear or an elementwise layer.</summary>
    /// <param name="module">The module; a second <see cref="Build"/> cannot share it, so use the factory overload for that.</param>
    public SequentialBuilder Add(nn.Module<Tensor, Tensor> module)
    {
        ThrowIfFrozen();
        ArgumentNullException.ThrowIfNull(module);
        var description = module.GetType().Name;
        TrackAdded(description, module);
        layers.Add(new Layer(description, () => module, IsInstance: true));
        return this;
    }

    /// <summary>Adds a module made by <paramref name="create"/> at each <see cref="Build"/>, so every model gets its own.</summary>
    /// <param name="create">Makes the module; called once now (to learn its sizes) and once per <see cref="Build"/>.</param>
    public SequentialBuilder Add(Func<nn.Module<Tensor, Tensor>> create)
    {
        ThrowIfFrozen();
        ArgumentNullException.ThrowIfNull(create);
        using (var probe = create())
        {
            TrackAdded(probe.GetType().Name, probe);
            layers.Add(new Layer(probe.GetType().Name, create, IsInstance: false));
        }
        return this;
    }

    /// <summary>
    /// Builds the model: a <see cref="Sequential"/> whose children are named "0", "1", ... like PyTorch's.
    /// Freezes the builder.
    /// </summary>
    /// <exception cref="ArgumentException">One or more layers were invalid; the message lists every problem.</exception>
    /// <exception cref="InvalidOperationException">A second build of a builder that holds a module instance.</exception>
    public Sequential Build()
    {
        if (problems.Count > 0)
            throw new ArgumentException(Messages.SequentialProblems(problems));
        if (frozen && layers.Any(l => l.IsInstance))
            throw new InvalidOperationException(Messages.SequentialRebuildWithInstance(layers.First(l => l.IsInstance).Description));
        frozen = true;
        var modules = new (string, nn.Module<Tensor, Tensor>)[layers.Count];
        try
        {
            for (var i = 0; i < layers.Count; i++)
                modules[i] = (i.ToString(System.Globalization.CultureInfo.InvariantCulture), layers[i].Create());
            return new Sequential(modules);
        }
        catch
        {
            // A factory failed part-way: free the layers made so far, but not instances the caller still owns.
            for (var i = 0; i < layers.Count; i++)
                if (!layers[i].IsInstance) modules[i].Item2?.Dispose();
            throw;
        }
    }

    SequentialBuilder Append(string description, Func<nn.Module<Tensor, Tensor>> create)
    {
        layers.Add(new Layer(description, create, IsInstance: false));
        return this;
    }

    void Problem(string description, string problem) =>
        problems.Add(Messages.SequentialLayerProblem(layers.Count, description, problem));

    string PreviousDescription() => layers.Count == 0 ? "the input" : $"layer {layers.Count - 1} ({layers[^1].Description})";

    void ThrowIfFrozen()
    {
        if (frozen) throw new InvalidOperationException(Messages.SequentialFrozen);
    }
}
