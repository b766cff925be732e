using System.Globalization;
using System.Text;
using static TorchSharp.torch;

namespace TorchFluent.Examples;

/// <summary>
/// A tensor's values on one line, nested like a Python list: <c>[[2, 0], [-2, 2]]</c>. Whole numbers print without
/// a decimal point, others with up to four decimals, bools as True / False. For the small tensors the tours print.
/// </summary>
internal static class TensorText
{
    public static string Values(Tensor tensor)
    {
        using var scope = NewDisposeScope();   // frees the detached, moved and cast copies
        var isBool = tensor.dtype == ScalarType.Bool;
        var values = tensor.detach().cpu().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        var shape = tensor.shape;
        var text = new StringBuilder();
        var index = 0;
        Append(0);
        return text.ToString();

        void Append(int dim)
        {
            if (dim == shape.Length)
            {
                text.Append(Number(values[index++], isBool));
                return;
            }
            text.Append('[');
            for (var i = 0; i < shape[dim]; i++)
            {
                if (i > 0) text.Append(", ");
                Append(dim + 1);
            }
            text.Append(']');
        }
    }

    static string Number(double value, bool isBool) =>
        isBool ? (value != 0 ? "True" : "False")
        : value == 0 ? "0"   // never "-0"
        : value.ToString("0.####", CultureInfo.InvariantCulture);
}
