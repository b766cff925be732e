using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>Gradient clipping, PyTorch's <c>clip_grad_norm_</c> and <c>clip_grad_value_</c>, on any parameters: <c>model.Parameters().ClipGradNorm(1.0)</c>.</summary>
public static class GradientClippingExtensions
{
    extension(IEnumerable<Parameter> parameters)
    {
        /// <summary>
        /// Scales the gradients so that their total norm (as if concatenated into one vector) is at most
        /// <paramref name="maxNorm"/>, in place; returns the total norm before clipping. PyTorch returns it as a 0-d
        /// tensor, TorchFluent (like TorchSharp) as a double. Parameters without a gradient are skipped.
        /// </summary>
        /// <param name="maxNorm">The largest total norm allowed; more than 0.</param>
        /// <param name="normType">2 (default), 1, or double.PositiveInfinity for the largest absolute value.</param>
        /// <returns>The total norm of the gradients before clipping (5 for a gradient [3, 4]).</returns>
        public double ClipGradNorm(double maxNorm, double normType = 2.0)
        {
            ArgumentNullException.ThrowIfNull(parameters);
            if (!(maxNorm > 0) || double.IsInfinity(maxNorm))
                throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, Messages.WrapperInvalidArgument("ClipGradNorm maxNorm", "a finite number > 0", maxNorm));
            if (!(normType > 0))
                throw new ArgumentOutOfRangeException(nameof(normType), normType, Messages.WrapperInvalidArgument("ClipGradNorm normType", "a number > 0 or double.PositiveInfinity", normType));
            TorchRuntime.EnsureLoaded();
            return nn.utils.clip_grad_norm_(parameters.ToList(), maxNorm, normType);
        }

        /// <summary>Clamps every gradient value to [-clipValue, clipValue], in place. Parameters without a gradient are skipped.</summary>
        /// <param name="clipValue">0 or more.</param>
        public void ClipGradValue(double clipValue)
        {
            ArgumentNullException.ThrowIfNull(parameters);
            if (!(clipValue >= 0) || double.IsInfinity(clipValue))
                throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue, Messages.WrapperInvalidArgument("ClipGradValue clipValue", "a finite number >= 0", clipValue));
            TorchRuntime.EnsureLoaded();
            nn.utils.clip_grad_value_(parameters.ToList(), clipValue);
        }
    }
}
