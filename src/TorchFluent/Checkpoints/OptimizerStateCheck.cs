using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Checks a PyTorch optimizer state dict (<c>{"state": {index: {...}}, "param_groups": [{"params": [...], ...}]}</c>)
/// against a TorchSharp optimizer before TorchSharp.PyBridge copies it: same number of groups, same number of
/// parameters per group, and every non-scalar state tensor shaped like its parameter. PyBridge checks only the
/// counts, so a momentum buffer of another model would otherwise load and fail at the next step inside libtorch.
/// </summary>
internal static class OptimizerStateCheck
{
    public static void Validate(OptimizerHelper optimizer, object? root, string path)
    {
        if (root is not RestrictedUnpickler.Dict dict
            || dict.Get("state") is not RestrictedUnpickler.Dict state
            || dict.Get("param_groups") is not List<object?> groups)
        {
            throw CheckpointErrors.Unsupported(path, CheckpointFormat.PyTorch, Messages.OptimizerNotAnOptimizerState(RestrictedUnpickler.Describe(root)));
        }

        var ownGroups = optimizer.ParamGroups.Cast<ParamGroup>().Select(g => g.Parameters.ToList()).ToList();
        var savedGroups = new List<List<object?>>();
        foreach (var group in groups)
        {
            if (group is not RestrictedUnpickler.Dict g || g.Get("params") is not List<object?> ids)
                throw CheckpointErrors.Unsupported(path, CheckpointFormat.PyTorch, Messages.OptimizerNotAnOptimizerState("a param group without 'params'"));
            savedGroups.Add(ids);
        }

        var ownCounts = ownGroups.Select(g => g.Count).ToList();
        var savedCounts = savedGroups.Select(g => g.Count).ToList();
        if (!ownCounts.SequenceEqual(savedCounts))
            throw new InvalidOperationException(Messages.OptimizerGroupsMismatch(path, savedCounts, ownCounts));

        var problems = new List<string>();
        for (var g = 0; g < ownGroups.Count; g++)
        {
            for (var p = 0; p < ownGroups[g].Count; p++)
            {
                var id = savedGroups[g][p];
                if (id is null || state.Get(id) is not RestrictedUnpickler.Dict entry) continue;
                var shape = ownGroups[g][p].shape;
                for (var i = 0; i < entry.Keys.Count; i++)
                {
                    if (entry.Values[i] is RestrictedUnpickler.TensorView view && view.Shape.Length > 0 && !view.Shape.SequenceEqual(shape))
                        problems.Add(Messages.OptimizerStateShape(g, p, entry.Keys[i]?.ToString() ?? "?", view.Shape, shape));
                }
            }
        }
        if (problems.Count > 0) throw new InvalidOperationException(Messages.OptimizerStateShapes(path, problems));
    }
}
