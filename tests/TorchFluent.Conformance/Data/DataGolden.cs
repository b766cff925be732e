using System.Text.Json;
using TorchFluent.Conformance.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.Data;

/// <summary>Reads goldens/data.json values that the shared golden types do not cover (lists of batches, nested lists).</summary>
internal static class DataGolden
{
    public static GoldenCase Case(string name) => Golden.Load("data")[name];

    /// <summary>A tensor with the golden's dtype, shape and values.</summary>
    public static Tensor ToTensor(GoldenTensor golden)
    {
        var type = golden.DType switch
        {
            "float32" => ScalarType.Float32,
            "float64" => ScalarType.Float64,
            "int64" => ScalarType.Int64,
            "int32" => ScalarType.Int32,
            _ => throw new NotSupportedException(golden.DType),
        };
        using var values = tensor(golden.Values, golden.Shape, ScalarType.Float64);
        return values.to_type(type);
    }

    public static GoldenTensor TensorAt(JsonElement element, string name) =>
        new GoldenCase(name, JsonDocument.Parse("{\"t\":" + element.GetRawText() + "}").RootElement).Tensor("t");

    public static int[][] IntLists(JsonElement element) =>
        element.EnumerateArray().Select(list => list.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();

    /// <summary>The values of a tensor as longs.</summary>
    public static long[] Longs(Tensor t)
    {
        using var asLong = t.to_type(ScalarType.Int64);
        return asLong.data<long>().ToArray();
    }
}
