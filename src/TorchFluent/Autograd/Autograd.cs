using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Autograd's global switches as scopes: <c>using (Autograd.NoGrad()) { ... }</c> (PyTorch: <c>with torch.no_grad():</c>).
/// Each scope restores the previous mode when disposed, so scopes nest.
/// </summary>
/// <remarks>
/// The modes are per thread, as in PyTorch: a scope covers the code that runs on the thread that opened it. Do not
/// await inside a scope (the continuation may run on another thread, and the scope would then be restored on the
/// wrong one); open a scope inside each synchronous piece of work instead.
/// </remarks>
public static class Autograd
{
    /// <summary>
    /// Disables gradient tracking until disposed (PyTorch: <c>torch.no_grad()</c>): results of operations do not
    /// require gradients and no graph is recorded. Use it for evaluation, and for updating weights by hand.
    /// </summary>
    /// <returns>A scope that restores the previous mode.</returns>
    public static IDisposable NoGrad()
    {
        TorchRuntime.EnsureLoaded();
        return no_grad();
    }

    /// <summary>Enables gradient tracking until disposed, for example inside a <see cref="NoGrad"/> scope (PyTorch: <c>torch.enable_grad()</c>).</summary>
    /// <returns>A scope that restores the previous mode.</returns>
    public static IDisposable EnableGrad()
    {
        TorchRuntime.EnsureLoaded();
        return enable_grad();
    }

    /// <summary>Sets gradient tracking on or off until disposed (PyTorch: <c>torch.set_grad_enabled(mode)</c>).</summary>
    /// <param name="enabled">True to track gradients.</param>
    /// <returns>A scope that restores the previous mode.</returns>
    public static IDisposable SetGradEnabled(bool enabled)
    {
        TorchRuntime.EnsureLoaded();
        return set_grad_enabled(enabled);
    }

    /// <summary>
    /// Inference mode until disposed (PyTorch: <c>torch.inference_mode()</c>): like <see cref="NoGrad"/>, and faster,
    /// but tensors created inside can never be used in a computation that records gradients afterwards.
    /// </summary>
    /// <param name="enabled">False disables inference mode inside an enclosing inference-mode scope.</param>
    /// <returns>A scope that restores the previous mode.</returns>
    public static IDisposable InferenceMode(bool enabled = true)
    {
        TorchRuntime.EnsureLoaded();
        return inference_mode(enabled);
    }

    /// <summary>True when operations record gradients on this thread (PyTorch: <c>torch.is_grad_enabled()</c>).</summary>
    public static bool IsGradEnabled
    {
        get
        {
            TorchRuntime.EnsureLoaded();
            return is_grad_enabled();
        }
    }

    /// <summary>True inside an inference-mode scope on this thread (PyTorch: <c>torch.is_inference_mode_enabled()</c>).</summary>
    public static bool IsInferenceModeEnabled
    {
        get
        {
            TorchRuntime.EnsureLoaded();
            return is_inference_mode_enabled();
        }
    }
}
