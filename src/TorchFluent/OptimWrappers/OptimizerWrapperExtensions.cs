using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Wraps any TorchSharp optimizer (for example one made with raw TorchSharp) with the behaviours an
/// <see cref="OptimizerSpec"/> offers. Each returns a new optimizer that owns the given one: dispose only the result.
/// </summary>
public static class OptimizerWrapperExtensions
{
    extension(optim.Optimizer optimizer)
    {
        /// <summary>Clips the gradients' total norm before every step (see <see cref="OptimizerSpec{TSelf}.ClipGradNorm"/>).</summary>
        /// <param name="maxNorm">The largest total norm allowed; more than 0.</param>
        /// <param name="normType">2 (default), 1, or double.PositiveInfinity.</param>
        public optim.Optimizer WithClipGradNorm(double maxNorm, double normType = 2.0)
        {
            ArgumentNullException.ThrowIfNull(optimizer);
            if (!(maxNorm > 0) || double.IsInfinity(maxNorm))
                throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, Messages.WrapperInvalidArgument("WithClipGradNorm maxNorm", "a finite number > 0", maxNorm));
            if (!(normType > 0))
                throw new ArgumentOutOfRangeException(nameof(normType), normType, Messages.WrapperInvalidArgument("WithClipGradNorm normType", "a number > 0 or double.PositiveInfinity", normType));
            return new ClippingOptimizer(optimizer, maxNorm, normType, null);
        }

        /// <summary>Clamps gradient values before every step (see <see cref="OptimizerSpec{TSelf}.ClipGradValue"/>).</summary>
        /// <param name="clipValue">0 or more.</param>
        public optim.Optimizer WithClipGradValue(double clipValue)
        {
            ArgumentNullException.ThrowIfNull(optimizer);
            if (!(clipValue >= 0) || double.IsInfinity(clipValue))
                throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue, Messages.WrapperInvalidArgument("WithClipGradValue clipValue", "a finite number >= 0", clipValue));
            return new ClippingOptimizer(optimizer, null, 2.0, clipValue);
        }

        /// <summary>Accumulates gradients over <paramref name="steps"/> step() calls (see <see cref="OptimizerSpec{TSelf}.AccumulateGradients"/>).</summary>
        /// <param name="steps">1 or more.</param>
        public optim.Optimizer WithGradientAccumulation(int steps)
        {
            ArgumentNullException.ThrowIfNull(optimizer);
            if (steps < 1)
                throw new ArgumentOutOfRangeException(nameof(steps), steps, Messages.WrapperInvalidArgument("WithGradientAccumulation steps", "an integer >= 1", steps));
            return new AccumulatingOptimizer(optimizer, steps);
        }

        /// <summary>Wraps the optimizer in Lookahead (see <see cref="OptimizerSpec{TSelf}.Lookahead"/>).</summary>
        /// <param name="k">Inner steps between synchronisations; 1 or more.</param>
        /// <param name="alpha">Slow-weight step size in [0, 1].</param>
        public optim.Optimizer WithLookahead(int k = 5, double alpha = 0.5)
        {
            ArgumentNullException.ThrowIfNull(optimizer);
            if (k < 1)
                throw new ArgumentOutOfRangeException(nameof(k), k, Messages.WrapperInvalidArgument("WithLookahead k", "an integer >= 1", k));
            if (!(alpha >= 0 && alpha <= 1))
                throw new ArgumentOutOfRangeException(nameof(alpha), alpha, Messages.WrapperInvalidArgument("WithLookahead alpha", "a number in [0, 1]", alpha));
            return new LookaheadOptimizer(optimizer, k, alpha);
        }
    }
}
