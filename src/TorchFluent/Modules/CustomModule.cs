using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Base class for your own modules (PyTorch's <c>class MyNet(nn.Module)</c>). Fields holding sub-modules, parameters
/// or tensors are registered for you, under the field's name (or the property's name for an auto-property), the
/// first time anything asks for them: parameters(), state_dict(), to(), train() and so on. Forgetting TorchSharp's
/// <c>RegisterComponents()</c> is therefore impossible. Implement <see cref="nn.Module{T, TResult}.forward"/>.
/// </summary>
/// <remarks>
/// Assign every field before the first use of the module (normally in field initializers or the constructor).
/// A field assigned later is not registered; TorchFluent's module extensions then report it instead of ignoring it.
/// Lists of modules are not registered (as in PyTorch): hold them in an <c>nn.ModuleList</c>.
/// </remarks>
public abstract class CustomModule : nn.Module<Tensor, Tensor>
{
    bool registered;

    /// <summary>Creates the module; its name is the derived type's name.</summary>
    protected CustomModule() : base(Loaded("CustomModule")) => name = GetType().Name;

    /// <summary>Creates the module with a name (TorchSharp's module name, used in messages).</summary>
    /// <param name="name">The module name.</param>
    protected CustomModule(string name) : base(Loaded(name))
    {
    }

    // The base constructor creates a native module, so libtorch must be loaded (with a clear error) before it runs.
    static string Loaded(string name)
    {
        TorchRuntime.EnsureLoaded();
        return name;
    }

    /// <summary>
    /// Registers the fields of the derived classes: sub-modules, parameters, and tensors (as buffers, as TorchSharp's
    /// RegisterComponents does). Called for you; calling it again does nothing.
    /// </summary>
    protected override void RegisterComponents()
    {
        if (registered) return;
        registered = true;
        var known = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var (_, m) in _internal_submodules) known.Add(m);
        foreach (var (_, p) in _internal_params) known.Add(p);
        foreach (var (_, (b, _)) in _internal_buffers) known.Add(b);
        foreach (var field in ModuleTree.UserFields(GetType()))
        {
            var value = field.GetValue(this);
            if (value is null || ReferenceEquals(value, this) || !known.Add(value)) continue;
            var fieldName = ModuleTree.ComponentName(field);
            if (_internal_submodules.ContainsKey(fieldName) || _internal_params.ContainsKey(fieldName) || _internal_buffers.ContainsKey(fieldName)) continue;
            switch (value)
            {
                case nn.Module module:
                    register_module(fieldName, module);
                    break;
                case Parameter parameter: // before Tensor: a Parameter is a Tensor
                    register_parameter(fieldName, parameter);
                    break;
                case Tensor tensor:
                    register_buffer(fieldName, tensor);
                    break;
            }
        }
    }

    void EnsureRegistered()
    {
        if (!registered) RegisterComponents();
    }

    /// <inheritdoc/>
    public override IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true)
    {
        EnsureRegistered();
        return base.named_parameters(recurse);
    }

    /// <inheritdoc/>
    public override IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true, bool include_nonpersistent = true)
    {
        EnsureRegistered();
        return base.named_buffers(recurse, include_nonpersistent);
    }

    /// <inheritdoc/>
    public override IEnumerable<(string name, nn.Module module)> named_children()
    {
        EnsureRegistered();
        return base.named_children();
    }

    /// <inheritdoc/>
    public override IEnumerable<(string name, nn.Module module)> named_modules()
    {
        EnsureRegistered();
        return base.named_modules();
    }

    /// <inheritdoc/>
    public override Dictionary<string, Tensor> state_dict(Dictionary<string, Tensor>? destination = null, string? prefix = null)
    {
        EnsureRegistered();
        return base.state_dict(destination, prefix);
    }

    /// <inheritdoc/>
    public override (IList<string> missing_keys, IList<string> unexpected_keyes) load_state_dict(Dictionary<string, Tensor> source, bool strict = true, IList<string>? skip = null)
    {
        EnsureRegistered();
        return base.load_state_dict(source, strict, skip);
    }

    /// <inheritdoc/>
    public override void train(bool train = true)
    {
        EnsureRegistered();
        base.train(train);
    }

    /// <inheritdoc/>
    public override nn.Module apply(Action<nn.Module> fn)
    {
        EnsureRegistered();
        return base.apply(fn);
    }

    /// <inheritdoc/>
    public override void zero_grad(bool set_to_none = true)
    {
        EnsureRegistered();
        base.zero_grad(set_to_none);
    }

    /// <inheritdoc/>
    public override bool has_parameter(string target)
    {
        EnsureRegistered();
        return base.has_parameter(target);
    }

    /// <inheritdoc/>
    public override bool has_buffer(string target)
    {
        EnsureRegistered();
        return base.has_buffer(target);
    }

    /// <inheritdoc/>
    public override Parameter? get_parameter(string target)
    {
        EnsureRegistered();
        return base.get_parameter(target);
    }

    /// <inheritdoc/>
    public override Tensor? get_buffer(string target)
    {
        EnsureRegistered();
        return base.get_buffer(target);
    }

    /// <inheritdoc/>
    protected override nn.Module _to(Device device, ScalarType dtype, bool non_blocking)
    {
        EnsureRegistered();
        return base._to(device, dtype, non_blocking);
    }

    /// <inheritdoc/>
    protected override nn.Module _to(DeviceType deviceType, int deviceIndex, bool non_blocking)
    {
        EnsureRegistered();
        return base._to(deviceType, deviceIndex, non_blocking);
    }

    /// <inheritdoc/>
    protected override nn.Module _to(ScalarType dtype, bool non_blocking)
    {
        EnsureRegistered();
        return base._to(dtype, non_blocking);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        // Children never asked for are still owned: register them so the base class disposes them.
        if (disposing) EnsureRegistered();
        base.Dispose(disposing);
    }
}
