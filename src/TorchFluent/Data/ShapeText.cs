namespace TorchFluent;

/// <summary>Shapes as messages print them: <c>[16, 10]</c> (PyTorch prints <c>torch.Size([16, 10])</c>).</summary>
internal static class ShapeText
{
    public static string Of(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";
}
