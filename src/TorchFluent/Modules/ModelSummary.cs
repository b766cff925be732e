using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// A Keras-style summary of a model (<c>model.Summary(1, 10)</c>): one row per layer with its output shape and
/// parameter count, and the totals. <see cref="ToString"/> renders the table.
/// </summary>
public sealed class ModelSummary
{
    ModelSummary(string model, IReadOnlyList<ModelSummaryRow> rows, long total, long trainable, bool hasShapes)
    {
        Model = model;
        Rows = rows;
        TotalParameters = total;
        TrainableParameters = trainable;
        HasOutputShapes = hasShapes;
    }

    /// <summary>The model's type name.</summary>
    public string Model { get; }

    /// <summary>The layers, depth first: modules without children, and modules holding parameters of their own.</summary>
    public IReadOnlyList<ModelSummaryRow> Rows { get; }

    /// <summary>Parameter values in the model, each parameter counted once.</summary>
    public long TotalParameters { get; }

    /// <summary>Parameter values that require gradients.</summary>
    public long TrainableParameters { get; }

    /// <summary>Parameter values that are frozen (requires_grad false).</summary>
    public long NonTrainableParameters => TotalParameters - TrainableParameters;

    /// <summary>True when a forward pass recorded output shapes.</summary>
    public bool HasOutputShapes { get; }

    internal static ModelSummary Create(nn.Module model, long[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length == 0) return Create(model, (Tensor?)null);
        if (inputShape.Any(d => d < 1))
            throw new ArgumentException(Messages.ModuleSummaryInputMismatch(model.GetType().Name, $"the shape [{string.Join(", ", inputShape)}] has a dimension below 1."), nameof(inputShape));
        var first = model.Parameters().FirstOrDefault();
        using var input = zeros(inputShape, first?.dtype ?? ScalarType.Float32, first?.device);
        return Create(model, input);
    }

    internal static ModelSummary Create(nn.Module model, Tensor? input)
    {
        ArgumentNullException.ThrowIfNull(model);
        var modules = model.NamedModules();
        var shapes = input is null ? null : RecordShapes(model, modules, input);

        var rows = new List<ModelSummaryRow>();
        foreach (var (name, module) in modules)
        {
            var own = module.named_parameters(recurse: false).Sum(p => p.parameter.numel());
            var isLeaf = !module.named_children().Any();
            if ((name.Length == 0 && own == 0) || (!isLeaf && own == 0)) continue;
            long[]? shape = null;
            shapes?.TryGetValue(module, out shape);
            rows.Add(new ModelSummaryRow(name.Length == 0 ? "(self)" : name, module.GetType().Name, shape, own));
        }
        var parameters = model.Parameters();
        return new ModelSummary(model.GetType().Name, rows, parameters.Sum(p => p.numel()),
            parameters.Where(p => p.requires_grad).Sum(p => p.numel()), shapes is not null);
    }

    /// <summary>Runs the model once with forward hooks on every layer; restores each module's training flag.</summary>
    static Dictionary<nn.Module, long[]>? RecordShapes(nn.Module model, IReadOnlyList<(string Name, nn.Module Module)> modules, Tensor input)
    {
        if (model is not nn.Module<Tensor, Tensor> runnable) return null;
        var shapes = new Dictionary<nn.Module, long[]>(ReferenceEqualityComparer.Instance);
        var flags = modules.Select(m => m.Module.training).ToList();
        var removers = new List<Action>();
        try
        {
            foreach (var (_, module) in modules)
            {
                if (module is nn.Module<Tensor, Tensor> hookable)
                    {
                    var remover = hookable.register_forward_hook((m, _, output) => { shapes[m] = output.shape; return null!; });
                    removers.Add(remover.remove);
                }
            }
            model.eval();
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            runnable.call(input);
        }
        catch (ExternalException e)
        {
            throw new ArgumentException(Messages.ModuleSummaryInputMismatch(model.GetType().Name, e.Message.Split('\n')[0]), "inputShape", e);
        }
        finally
        {
            foreach (var remove in removers) remove();
            // Pre-order: a parent's train() also sets its children, so children are restored after their parent.
            for (var i = 0; i < modules.Count; i++) modules[i].Module.train(flags[i]);
        }
        return shapes;
    }

    /// <summary>The table: layer (type), output shape (when recorded), parameter count; then the totals.</summary>
    public override string ToString()
    {
        static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
        var header = HasOutputShapes ? new[] { "Layer (type)", "Output Shape", "Param #" } : ["Layer (type)", "Param #"];
        var table = Rows.Select(r =>
        {
            var layer = $"{r.Name} ({r.Type})";
            var shape = r.OutputShape is null ? "-" : "[" + string.Join(", ", r.OutputShape) + "]";
            return HasOutputShapes ? new[] { layer, shape, Count(r.Parameters) } : [layer, Count(r.Parameters)];
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, table.Count == 0 ? 0 : table.Max(r => r[i].Length))).ToArray();
        var totalWidth = widths.Sum() + 3 * (widths.Length - 1);

        var text = new StringBuilder();
        text.Append("Model: ").Append(Model).Append('\n');
        text.Append(new string('-', totalWidth)).Append('\n');
        AppendRow(text, header, widths);
        text.Append(new string('=', totalWidth)).Append('\n');
        foreach (var row in table) AppendRow(text, row, widths);
        text.Append(new string('=', totalWidth)).Append('\n');
        text.Append("Total params: ").Append(Count(TotalParameters)).Append('\n');
        text.Append("Trainable params: ").Append(Count(TrainableParameters)).Append('\n');
        text.Append("Non-trainable params: ").Append(Count(NonTrainableParameters));
        return text.ToString();
    }

    static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            var last = i == cells.Length - 1;
            // Numbers are right-aligned, like Keras.
            text.Append(last ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
            if (!last) text.Append("   ");
        }
        text.Append('\n');
    }
}
