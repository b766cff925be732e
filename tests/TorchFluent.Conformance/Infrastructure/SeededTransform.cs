using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.Infrastructure;

/// <summary>
/// Checks a random transform against a golden written by <c>seeded(transform, image, seed, calls)</c> in the
/// generators: after <c>manual_seed(seed)</c>, call i on the same input gives output i.
/// </summary>
public static class SeededTransform
{
    /// <summary>Seeds libtorch's global generator, then compares each call's output with the golden's "outputs".</summary>
    public static void Check(GoldenCase golden, torchvision.ITransform transform, Tensor input, int seed, double atol = 0)
    {
        var expected = golden.Tensors("outputs");
        manual_seed(seed);
        for (var i = 0; i < expected.Count; i++)
        {
            using var output = transform.call(input);
            TensorAssert.Equal(output, expected[i], atol);
        }
    }
}
