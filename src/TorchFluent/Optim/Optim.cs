using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Optimizers with one shape: the learning rate first, other options chained, then <c>Build(...)</c>:
/// <c>Optim.Sgd(lr: 0.1).Momentum(0.9).Build(model)</c>. A spec can also be handed to a trainer, which builds it for
/// its model. For the hand-written loop, <c>Optim.Sgd(model.Parameters(), lr: 0.1)</c> builds at once (PyTorch's
/// <c>torch.optim.SGD(model.parameters(), 0.1)</c>). The learning rate is always required; PyTorch's defaults are
/// given in each factory's documentation.
/// </summary>
public static class Optim
{
    /// <summary>SGD (PyTorch has no default learning rate for it either).</summary>
    /// <param name="lr">Learning rate, 0 or more.</param>
    public static SgdSpec Sgd(double lr) => new(lr);

    /// <summary>SGD over <paramref name="parameters"/>, built at once: <c>Optim.Sgd(model.Parameters(), lr: 0.1)</c>.</summary>
    /// <param name="parameters">The parameters to optimize.</param>
    /// <param name="lr">Learning rate, 0 or more.</param>
    public static optim.Optimizer Sgd(IEnumerable<Parameter> parameters, double lr) => Sgd(lr).Build(parameters);

    /// <summary>Adam (PyTorch's default lr is 1e-3).</summary>
    /// <param name="lr">Learning rate, 0 or more.</param>
    public static AdamSpec Adam(double lr) => new(lr);

    /// <summary>Adam over <paramref name="parameters"/>, built at once.</summary>
    /// <param name="parameters">The parameters to optimize.</param>
    /// <param name="lr">Learning rate, 0 or more (PyTorch's default 1e-3).</param>
    public static optim.Optimizer Adam(IEnumerable<Parameter> parameters, double lr) => Adam(lr).Build(parameters);

    /// <summary>AdamW (PyTorch's default lr is 1e-3, weight decay 0.01).</summary>
    /// <param name="lr">Learning rate, 0 or more.</param>
    public static AdamWSpec AdamW(double lr) => new(lr);

    /// <summary>AdamW over <paramref name="parameters"/>, built at once (weight decay 0.01, as in PyTorch).</summary>
    /// <param name="parameters">The parameters to optimize.</param>
    /// <param name="lr">Learning rate, 0 or more (PyTorch's default 1e-3).</param>
    public static optim.Optimizer AdamW(IEnumerable<Parameter> parameters, double lr) => AdamW(lr).Build(parameters);

    /// <summary>RMSprop (PyTorch's default lr is 1e-2).</summary>
    /// <param name="lr">Learning rate, 0 or more.</param>
    public static RmsPropSpec RmsProp(double lr) => new(lr);

    /// <summary>RMSprop over <paramref name="parameters"/>, built at once.</summary>
    /// <param name="parameters">The parameters to optimize.</param>
    /// <param name="lr">Learning rate, 0 or more (PyTorch's default 1e-2).</param>
    public static optim.Optimizer RmsProp(IEnumerable<Parameter> parameters, double lr) => RmsProp(lr).Build(parameters);

    /// <summary>Adagrad (PyTorch's default lr is 1e-2).</summary>
    /// <param name="lr">Learning rate, 0 or more.</param>
    public static AdagradSpec Adagrad(double lr) => new(lr);

    /// <summary>Adagrad over <paramref name="parameters"/>, built at once.</summary>
    /// <param name="parameters">The parameters to optimize.</param>
    /// <param name="lr">Learning rate, 0 or more (PyTorch's default 1e-2).</param>
    public static optim.Optimizer Adagrad(IEnumerable<Parameter> parameters, double lr) => Adagrad(lr).Build(parameters);
}
