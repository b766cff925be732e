using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>The learning rate in effect, readable on any TorchSharp optimizer (PyTorch's <c>param_groups[i]["lr"]</c>).</summary>
public static class OptimizerExtensions
{
    extension(optim.Optimizer optimizer)
    {
        /// <summary>The learning rate each parameter group uses now, in group order.</summary>
        public IReadOnlyList<double> LearningRates => optimizer.ParamGroups.Select(g => g.LearningRate).ToList();

        /// <summary>The learning rate in effect, when every parameter group uses the same one.</summary>
        /// <exception cref="InvalidOperationException">Groups use different learning rates (read <c>LearningRates</c>).</exception>
        public double LearningRate
        {
            get
            {
                var rates = optimizer.LearningRates;
                if (rates.Count == 0 || rates.Any(r => r != rates[0])) throw new InvalidOperationException(Messages.OptimLearningRateDiffers(rates));
                return rates[0];
            }
        }
    }
}
