using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Walks modules the way PyTorch does (depth-first pre-order, the module itself first, each module once) and finds
/// fields that hold parameters the module never registered: TorchSharp's silent trap, where a forgotten
/// <c>RegisterComponents()</c> leaves <c>parameters()</c> empty and the optimizer does nothing.
/// </summary>
internal static partial class ModuleTree
{
    static readonly ConcurrentDictionary<Type, FieldInfo[]> FieldCache = new();
    static readonly Assembly TorchSharpAssembly = typeof(nn.Module).Assembly;
    static readonly Assembly OwnAssembly = typeof(ModuleTree).Assembly;

    [GeneratedRegex(@"^<(?<name>[^>]+)>(k__BackingField|P)$")]
    private static partial Regex CompilerGeneratedField();

    /// <summary>PyTorch's <c>named_modules()</c>: "" for the module itself, then dotted paths, depth first, no repeats.</summary>
    public static List<(string Name, nn.Module Module)> NamedModules(nn.Module root)
    {
        var result = new List<(string, nn.Module)>();
        var seen = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        Walk(root, "", result, seen);
        return result;
    }

    static void Walk(nn.Module module, string prefix, List<(string, nn.Module)> result, HashSet<nn.Module> seen)
    {
        if (!seen.Add(module)) return;
        result.Add((prefix, module));
        foreach (var (name, child) in module.named_children())
        {
            if (child is null) continue;
            Walk(child, prefix.Length == 0 ? name : prefix + "." + name, result, seen);
        }
    }

    /// <summary>PyTorch's <c>named_children()</c>: each child once.</summary>
    public static List<(string Name, nn.Module Module)> NamedChildren(nn.Module module)
    {
        var seen = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        return module.named_children().Where(c => c.module is not null && seen.Add(c.module)).Select(c => (c.name, c.module)).ToList();
    }

    /// <summary>The name a field is registered under: its ComponentName, or the property name behind a backing field.</summary>
    public static string ComponentName(FieldInfo field)
    {
        if (field.GetCustomAttribute<TorchSharp.Utils.ComponentNameAttribute>()?.Name is { } named) return named;
        var match = CompilerGeneratedField().Match(field.Name);
        return match.Success ? match.Groups["name"].Value : field.Name;
    }

    /// <summary>Instance fields declared by user types, from the module's type up to (not including) library types.</summary>
    public static FieldInfo[] UserFields(Type type) => FieldCache.GetOrAdd(type, static t =>
    {
        var fields = new List<FieldInfo>();
        for (var current = t; current is not null && current.Assembly != TorchSharpAssembly && current != typeof(CustomModule); current = current.BaseType)
        {
            fields.AddRange(current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(f => !f.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)) || CompilerGeneratedField().IsMatch(f.Name)));
        }
        return fields.ToArray();
    });

    /// <summary>
    /// Throws when any module in the tree has a field holding parameters (a sub-module with parameters, a Parameter,
    /// or a list of either) that the tree does not reach. Library modules (TorchSharp's, TorchFluent's) are trusted.
    /// </summary>
    public static void ThrowIfUnregistered(nn.Module root, string operation)
    {
        var problems = FindUnregistered(root);
        if (problems.Count > 0)
            throw new InvalidOperationException(Messages.ModuleUnregistered(operation, problems));
    }

    public static List<string> FindUnregistered(nn.Module root)
    {
        var problems = new List<string>();
        foreach (var (path, module) in NamedModules(root))
        {
            var type = module.GetType();
            if (type.Assembly == TorchSharpAssembly || (type.Assembly == OwnAssembly && module is not CustomModule)) continue;
            var fields = UserFields(type);
            if (fields.Length == 0) continue;

            var reachableModules = new HashSet<nn.Module>(NamedModules(module).Select(m => m.Module), ReferenceEqualityComparer.Instance);
            var reachableParameters = module.named_parameters().Select(p => p.parameter.Handle).ToHashSet();
            foreach (var field in fields)
            {
                var value = field.GetValue(module);
                var where = (path.Length == 0 ? type.Name : $"{path} ({type.Name})") + "." + ComponentName(field);
                switch (value)
                {
                    case nn.Module sub when !reachableModules.Contains(sub) && HoldsState(sub):
                        problems.Add($"{where}: a {sub.GetType().Name} with {CountParameters(sub)} parameters");
                        break;
                    case Parameter p when !reachableParameters.Contains(p.Handle):
                        problems.Add($"{where}: a Parameter of shape [{string.Join(", ", p.shape)}]");
                        break;
                    case System.Collections.IEnumerable items and not Tensor and not string and not nn.Module:
                        var missing = items.OfType<object>().Count(item =>
                            (item is nn.Module m && !reachableModules.Contains(m) && HoldsState(m)) ||
                            (item is Parameter q && !reachableParameters.Contains(q.Handle)));
                        if (missing > 0)
                            problems.Add($"{where}: a {value.GetType().Name} holding {missing} unregistered module{(missing == 1 ? "" : "s")} or parameter{(missing == 1 ? "" : "s")} (use nn.ModuleList or nn.ParameterList)");
                        break;
                }
            }
        }
        return problems;
    }

    /// <summary>True when the module has parameters or buffers, registered or held in fields it forgot to register.</summary>
    static bool HoldsState(nn.Module module, int depth = 0)
    {
        if (module.named_parameters().Any() || module.named_buffers().Any()) return true;
        var type = module.GetType();
        if (depth > 8 || type.Assembly == TorchSharpAssembly) return false;
        return UserFields(type).Select(f => f.GetValue(module)).Any(v => v is Parameter || (v is nn.Module m && !ReferenceEquals(m, module) && HoldsState(m, depth + 1)));
    }

    static long CountParameters(nn.Module module) => module.named_parameters().Sum(p => p.parameter.numel());
}
