using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

// Shape-preserving layers (activations, dropout, normalisation) and the shape bookkeeping shared by all layers.
public sealed partial class SequentialBuilder
{
    /// <summary>Adds <c>nn.ReLU()</c>.</summary>
    public SequentialBuilder ReLU() => Elementwise("ReLU", () => nn.ReLU());

    /// <summary>Adds <c>nn.LeakyReLU(negativeSlope)</c>.</summary>
    /// <param name="negativeSlope">Slope for negative inputs (PyTorch's default 0.01).</param>
    public SequentialBuilder LeakyReLU(double negativeSlope = 0.01) => Elementwise($"LeakyReLU({negativeSlope})", () => nn.LeakyReLU(negativeSlope));

    /// <summary>Adds <c>nn.ELU(alpha)</c>.</summary>
    /// <param name="alpha">The value approached for large negative inputs (PyTorch's default 1.0).</param>
    public SequentialBuilder ELU(double alpha = 1.0) => Elementwise($"ELU({alpha})", () => nn.ELU(alpha));

    /// <summary>Adds <c>nn.GELU()</c>, or <c>nn.GELU(approximate="tanh")</c> when <paramref name="tanhApproximation"/> is true.</summary>
    /// <param name="tanhApproximation">Use the tanh approximation instead of the exact erf form.</param>
    public SequentialBuilder GELU(bool tanhApproximation = false) =>
        Elementwise(tanhApproximation ? "GELU(tanh)" : "GELU", () => tanhApproximation ? nn.GELU(TorchSharp.Modules.GELU.Approximate.tanh) : nn.GELU());

    /// <summary>Adds <c>nn.SiLU()</c> (also called Swish).</summary>
    public SequentialBuilder SiLU() => Elementwise("SiLU", () => nn.SiLU());

    /// <summary>Adds <c>nn.Sigmoid()</c>.</summary>
    public SequentialBuilder Sigmoid() => Elementwise("Sigmoid", () => nn.Sigmoid());

    /// <summary>Adds <c>nn.Tanh()</c>.</summary>
    public SequentialBuilder Tanh() => Elementwise("Tanh", () => nn.Tanh());

    /// <summary>Adds <c>nn.Softplus(beta, threshold)</c>.</summary>
    /// <param name="beta">PyTorch's default 1.</param>
    /// <param name="threshold">Above this, the layer is linear (PyTorch's default 20).</param>
    public SequentialBuilder Softplus(double beta = 1, double threshold = 20) => Elementwise($"Softplus({beta})", () => nn.Softplus(beta, threshold));

    /// <summary>
    /// Adds <c>nn.Softmax(dim)</c>. The dimension counts the batch dimension, as in PyTorch: use 1 for (N, C) scores.
    /// Do not put it before <see cref="Losses.CrossEntropy"/>, which expects raw scores (logits).
    /// </summary>
    /// <param name="dim">The dimension along which the outputs sum to 1.</param>
    public SequentialBuilder Softmax(long dim) => WithDim("Softmax", dim, () => nn.Softmax(dim));

    /// <summary>Adds <c>nn.LogSoftmax(dim)</c>, the input <see cref="Losses.Nll"/> expects.</summary>
    /// <param name="dim">The dimension along which softmax is computed (counting the batch dimension).</param>
    public SequentialBuilder LogSoftmax(long dim) => WithDim("LogSoftmax", dim, () => nn.LogSoftmax(dim));

    /// <summary>Adds <c>nn.Dropout(p)</c>: active in training mode, the identity in evaluation mode.</summary>
    /// <param name="p">Probability of an element being zeroed, in [0, 1].</param>
    public SequentialBuilder Dropout(double p = 0.5)
    {
        ThrowIfFrozen();
        if (!(p >= 0 && p <= 1)) Problem($"Dropout({p})", Messages.SequentialProbability(p));
        return Append($"Dropout({p})", () => nn.Dropout(p));
    }

    /// <summary>Adds <c>nn.Identity()</c>.</summary>
    public SequentialBuilder Identity() => Elementwise("Identity", () => nn.Identity());

    /// <summary>
    /// Adds <c>nn.BatchNorm1d(numFeatures)</c> for (N, C) or (N, C, L) input, with the features taken from the
    /// previous layer unless given.
    /// </summary>
    /// <param name="numFeatures">C; inferred when null.</param>
    /// <param name="eps">Added to the variance for numerical stability.</param>
    /// <param name="momentum">Weight of the current batch in the running statistics.</param>
    public SequentialBuilder BatchNorm1d(long? numFeatures = null, double eps = 1e-5, double momentum = 0.1)
    {
        ThrowIfFrozen();
        const string description = "BatchNorm1d";
        if (shape.Dims is { Length: > 2 } dims)
            Problem(description, Messages.SequentialRank("BatchNorm1d", "(N, C) or (N, C, L)", dims, "BatchNorm2d"));
        var n = ResolveChannels(description, numFeatures, "features", "BatchNorm1d(numFeatures)", spatialRank: null);
        return Append(description, () => nn.BatchNorm1d(n, eps, momentum));
    }

    /// <summary>Adds <c>nn.BatchNorm2d(numFeatures)</c> for (N, C, H, W) input, with C taken from the previous layer unless given.</summary>
    /// <param name="numFeatures">C; inferred when null.</param>
    /// <param name="eps">Added to the variance for numerical stability.</param>
    /// <param name="momentum">Weight of the current batch in the running statistics.</param>
    public SequentialBuilder BatchNorm2d(long? numFeatures = null, double eps = 1e-5, double momentum = 0.1)
    {
        ThrowIfFrozen();
        const string description = "BatchNorm2d";
        var n = ResolveChannels(description, numFeatures, "channels", "BatchNorm2d(numFeatures)", spatialRank: 3);
        return Append(description, () => nn.BatchNorm2d(n, eps, momentum));
    }

    /// <summary>Adds <c>nn.LayerNorm(normalizedShape)</c> over the last dimension, whose size is inferred unless given.</summary>
    /// <param name="normalizedShape">Size of the last dimension; inferred when null.</param>
    /// <param name="eps">Added to the variance for numerical stability.</param>
    public SequentialBuilder LayerNorm(long? normalizedShape = null, double eps = 1e-5)
    {
        ThrowIfFrozen();
        const string description = "LayerNorm";
        long size = 0;
        if (normalizedShape is { } given)
        {
            if (given < 1) Problem(description, Messages.SequentialMustBePositive("normalizedShape", given));
            else if (shape.Last is { } k && k != given) Problem(description, Messages.SequentialSizeMismatch("normalized size", given, k, PreviousDescription(), "LayerNorm()"));
            size = given;
        }
        else if (shape.Last is { } k)
        {
            size = k;
        }
        else
        {
            Problem(description, Messages.SequentialCannotInfer("normalized size", PreviousDescription(), shape.ToString(), "LayerNorm(normalizedShape)"));
        }
        return Append(description, () => nn.LayerNorm(size, eps));
    }

    SequentialBuilder Elementwise(string description, Func<nn.Module<Tensor, Tensor>> create)
    {
        ThrowIfFrozen();
        return Append(description, create);
    }

    SequentialBuilder WithDim(string kind, long dim, Func<nn.Module<Tensor, Tensor>> create)
    {
        ThrowIfFrozen();
        var description = $"{kind}(dim: {dim})";
        if (shape.Dims is { } dims && (dim >= dims.Length + 1 || dim < -(dims.Length + 1)))
            Problem(description, Messages.SequentialDim(dim, dims.Length + 1));
        return Append(description, create);
    }

    /// <summary>The channels / features a layer consumes: given (checked against what is known) or inferred.</summary>
    long ResolveChannels(string description, long? given, string what, string explicitForm, int? spatialRank)
    {
        if (spatialRank is { } rank && shape.Dims is { } dims && dims.Length != rank)
            Problem(description, Messages.SequentialRank(description, "(N, C, H, W)", dims, dims.Length < rank ? "Unflatten or Input(C, H, W)" : "Flatten"));
        var known = shape.Leading;
        if (given is { } g)
        {
            if (g < 1) Problem(description, Messages.SequentialMustBePositive(what, g));
            else if (known is { } k && k != g) Problem(description, Messages.SequentialSizeMismatch(what, g, k, PreviousDescription(), description));
            return g;
        }
        if (known is { } inferred) return inferred;
        Problem(description, Messages.SequentialCannotInfer(what, PreviousDescription(), shape.ToString(), explicitForm));
        return 0;
    }

    void CheckSpatialRank(string description)
    {
        if (shape.Dims is { } dims && dims.Length != 3)
            Problem(description, Messages.SequentialRank(description, "(N, C, H, W)", dims, "Input(C, H, W)"));
    }

    /// <summary>Updates the tracked shape after a convolution or pooling window.</summary>
    void ApplyWindow(string description, long outChannels, long kernel, long stride, long padding, long dilation, bool keepChannelsUnknown = false)
    {
        if (shape.Dims is { Length: 3 } dims && kernel > 0 && stride > 0)
        {
            var h = SampleShape.WindowOutput(dims[1], kernel, stride, padding, dilation);
            var w = SampleShape.WindowOutput(dims[2], kernel, stride, padding, dilation);
            if (h < 1 || w < 1 || dims[1] + 2 * padding < dilation * (kernel - 1) + 1 || dims[2] + 2 * padding < dilation * (kernel - 1) + 1)
            {
                Problem(description, Messages.SequentialWindowTooLarge(kernel, dims));
                shape.Forget();
            }
            else
            {
                shape.Set([outChannels, h, w]);
            }
        }
        else if (keepChannelsUnknown || outChannels < 1)
        {
            shape.Forget();
        }
        else
        {
            shape.SetChannelsOnly(outChannels);
        }
    }

    /// <summary>What the builder can learn about the output of a module added as-is.</summary>
    void TrackAdded(string description, nn.Module module)
    {
        switch (module)
        {
            case TorchSharp.Modules.Linear linear:
                if (shape.Last is { } k && k != linear.in_features)
                    Problem(description, Messages.SequentialSizeMismatch("in-features", linear.in_features, k, PreviousDescription(), "a Linear with in_features " + k));
                shape.ReplaceLast(linear.out_features);
                break;
            case TorchSharp.Modules.ReLU or TorchSharp.Modules.LeakyReLU or TorchSharp.Modules.ELU or TorchSharp.Modules.GELU
                or TorchSharp.Modules.SiLU or TorchSharp.Modules.Sigmoid or TorchSharp.Modules.Tanh or TorchSharp.Modules.Softplus
                or TorchSharp.Modules.Dropout or TorchSharp.Modules.Identity or TorchSharp.Modules.Softmax or TorchSharp.Modules.LogSoftmax
                or TorchSharp.Modules.BatchNorm or TorchSharp.Modules.LayerNorm:
                break; // shape-preserving
            default:
                shape.Forget();
                break;
        }
    }
}
