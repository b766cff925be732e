using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// PyTorch's module API on any TorchSharp module, with PyTorch's meaning: <c>Modules()</c> includes the module
/// itself, walks are depth-first pre-order without repeats, and a model holding parameters it never registered is
/// reported instead of silently ignored. Casting (<c>To(dtype)</c>, <c>Float()</c> ...) lives with the dtypes and moving (<c>To(device)</c>) with the devices.
/// </summary>
public static class ModuleExtensions
{
    extension(nn.Module module)
    {
        /// <summary>PyTorch's <c>parameters()</c>: every parameter once, in registration order.</summary>
        /// <exception cref="InvalidOperationException">A field holds parameters the module never registered.</exception>
        public IReadOnlyList<Parameter> Parameters() => module.NamedParameters().Select(p => p.Parameter).ToList();

        /// <summary>PyTorch's <c>named_parameters()</c>: ("fc1.weight", parameter) pairs, each parameter once.</summary>
        /// <exception cref="InvalidOperationException">A field holds parameters the module never registered.</exception>
        public IReadOnlyList<(string Name, Parameter Parameter)> NamedParameters()
        {
            Checked(module, "Parameters()");
            return module.named_parameters().Select(p => (p.name, p.parameter)).ToList();
        }

        /// <summary>PyTorch's <c>children()</c>: the direct sub-modules.</summary>
        public IReadOnlyList<nn.Module> Children() => module.NamedChildren().Select(c => c.Module).ToList();

        /// <summary>PyTorch's <c>named_children()</c>: (name, module) pairs of the direct sub-modules.</summary>
        public IReadOnlyList<(string Name, nn.Module Module)> NamedChildren()
        {
            Checked(module, "Children()");
            return ModuleTree.NamedChildren(module);
        }

        /// <summary>
        /// PyTorch's <c>modules()</c>: the module itself first, then every sub-module, depth first. (TorchSharp's
        /// <c>modules()</c> leaves the module itself out.)
        /// </summary>
        public IReadOnlyList<nn.Module> Modules() => module.NamedModules().Select(m => m.Module).ToList();

        /// <summary>PyTorch's <c>named_modules()</c>: ("", the module itself), then ("net", ...), ("net.0", ...) depth first.</summary>
        public IReadOnlyList<(string Name, nn.Module Module)> NamedModules()
        {
            Checked(module, "Modules()");
            return ModuleTree.NamedModules(module);
        }

        /// <summary>The number of parameter values (elements), each parameter counted once: 385 for the reference text's MyModel.</summary>
        public long ParameterCount => module.Parameters().Sum(p => p.numel());

        /// <summary>The number of parameter values that require gradients (not frozen).</summary>
        public long TrainableParameterCount => module.Parameters().Where(p => p.requires_grad).Sum(p => p.numel());

        /// <summary>True in training mode (after <c>Train()</c>), false in evaluation mode (after <c>Eval()</c>).</summary>
        public bool IsTraining => module.training;

        /// <summary>
        /// A Keras-style table of the model: one row per layer with its output shape and parameter count, then totals.
        /// With an input shape (batch dimension included, for example <c>Summary(1, 10)</c>) the model runs once on
        /// zeros, in evaluation mode and without gradients, to record output shapes; without one, shapes are left out.
        /// </summary>
        /// <param name="inputShape">The shape of an input batch, or nothing.</param>
        /// <exception cref="ArgumentException">The model cannot run on an input of that shape.</exception>
        public ModelSummary Summary(params long[] inputShape) => ModelSummary.Create(module, inputShape);

        /// <summary>Like <see cref="Summary(nn.Module, long[])"/>, with a real input batch (for models that need integer or non-zero input).</summary>
        /// <param name="exampleInput">An input batch; it is not modified.</param>
        public ModelSummary Summary(Tensor exampleInput) => ModelSummary.Create(module, exampleInput);
    }

    extension<T>(T module) where T : nn.Module
    {
        /// <summary>PyTorch's <c>train(mode)</c>: sets training mode on the module and every sub-module; returns the module.</summary>
        /// <param name="mode">True for training mode, false for evaluation mode.</param>
        public T Train(bool mode = true)
        {
            Checked(module, "Train()");
            module.train(mode);
            return module;
        }

        /// <summary>PyTorch's <c>eval()</c>: evaluation mode (Dropout off, BatchNorm uses running statistics); returns the module.</summary>
        public T Eval() => module.Train(false);

        /// <summary>Stops gradients for every parameter (requires_grad = false), for example a pretrained backbone; returns the module.</summary>
        public T Freeze() => SetRequiresGrad(module, false);

        /// <summary>Undoes <see cref="Freeze"/>: every parameter requires gradients again; returns the module.</summary>
        public T Unfreeze() => SetRequiresGrad(module, true);
    }

    static T SetRequiresGrad<T>(T module, bool value) where T : nn.Module
    {
        foreach (var p in module.Parameters()) p.requires_grad = value;
        return module;
    }

    static void Checked(nn.Module module, string operation)
    {
        ArgumentNullException.ThrowIfNull(module);
        ModuleTree.ThrowIfUnregistered(module, operation);
    }
}
