using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using TorchSharp;
using static TorchFluent.Transforms;
using static TorchSharp.torch;

namespace TorchFluent.Conformance;

/// <summary>
/// RandomAffine draws angle, shift, scale and shear from libtorch's global generator in torchvision's order: after the
/// same manual_seed, each of several calls gives torchvision 0.14's output (generators/gen_affine.py).
/// </summary>
[Collection(GlobalTorchStateCollection.Name)]
public sealed class RandomAffineConformanceTests
{
    static readonly Golden Goldens = Golden.Load("affine");

    public RandomAffineConformanceTests() => TorchRuntime.EnsureLoaded();

    static Tensor Input(string name) => Goldens["inputs"].Tensor(name).ToTensor();

    static void Seeded(string golden, torchvision.ITransform transform, Tensor input, int seed, double atol = 0) =>
        SeededTransform.Check(Goldens[golden], transform, input, seed, atol);

    [Fact]
    public void RandomAffine_RotationOnly_MatchesTorchvision()
    {
        using var u8 = Input("u8");
        Seeded("degrees_only", RandomAffine(30), u8, 21);
    }

    [Fact]
    public void RandomAffine_Translate_RoundsShiftsAsTorchvision()
    {
        using var u8 = Input("u8");
        Seeded("translate", RandomAffine(0, translate: (0.2, 0.3)), u8, 22);
    }

    [Fact]
    public void RandomAffine_ScaleAndShear_MatchTorchvision()
    {
        using var f32 = Input("f32");
        Seeded("scale", RandomAffine(0, scale: (0.7, 1.3)), f32, 23, 1e-6);
        Seeded("shear_x", RandomAffine(0, shear: (-20, 20)), f32, 24, 1e-6);
    }

    [Fact]
    public void RandomAffine_EverythingBilinearWithFill_MatchesTorchvision()
    {
        using var f32 = Input("f32");
        Seeded("all_bilinear_fill", RandomAffine((-15, 40), translate: (0.1, 0.1), scale: (0.8, 1.2), shear: (-10, 10), shearY: (-5, 5),
            interpolation: InterpolationMode.Bilinear, fill: 0.25), f32, 25, 1e-5);
    }

    [Fact]
    public void RandomAffine_AboutAGivenCenter_MatchesTorchvision()
    {
        using var u8 = Input("u8");
        Seeded("center_u8", RandomAffine(25, translate: (0.1, 0.2), center: (2, 3)), u8, 26);
    }

    [Fact]
    public void RandomAffine_ArgumentsTorchvisionRefuses_AreRefused()
    {
        var refusals = Goldens["refusals"];
        refusals.Case("negative_degrees").PyTorchRaised().Should().Contain("must be positive");
        refusals.Case("translate_above_one").PyTorchRaised().Should().Contain("between 0 and 1");
        refusals.Case("non_positive_scale").PyTorchRaised().Should().Contain("should be positive");

        FluentActions.Invoking(() => RandomAffine(-1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("degrees");
        FluentActions.Invoking(() => RandomAffine(0, translate: (1.5, 0.1))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("translate");
        FluentActions.Invoking(() => RandomAffine(0, scale: (0, 1))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("scale");
    }
}
