using TorchFluent.Conformance.Infrastructure;
using TorchSharp;
using static TorchFluent.Transforms;
using static TorchSharp.torch;

namespace TorchFluent.Conformance;

/// <summary>
/// Random transforms draw from libtorch's global generator in torchvision's order: after the same manual_seed, each of
/// several calls gives torchvision 0.14's output.
/// </summary>
[Collection(GlobalTorchStateCollection.Name)]
public sealed class RandomTransformConformanceTests
{
    static readonly Golden Goldens = Golden.Load("transforms");

    public RandomTransformConformanceTests() => TorchRuntime.EnsureLoaded();

    static Tensor Input(string name) => Goldens["inputs"].Tensor(name).ToTensor();

    static void Seeded(string golden, torchvision.ITransform transform, Tensor input, int seed, double atol = 0) =>
        SeededTransform.Check(Goldens[golden], transform, input, seed, atol);

    [Fact]
    public void RandomFlips_Seeded_FlipTheSameCallsAsTorchvision()
    {
        using var u8 = Input("u8");

        Seeded("random_hflip", RandomHorizontalFlip(), u8, 3);
        Seeded("random_vflip", RandomVerticalFlip(0.3), u8, 4);
    }

    [Fact]
    public void RandomRotation_Seeded_MatchesTorchvision()
    {
        using var f32 = Input("f32");
        using var u8 = Input("u8");

        Seeded("random_rotation", RandomRotation(45), f32, 5, 1e-6);
        Seeded("random_rotation_bilinear_expand_fill", RandomRotation((10, 80), InterpolationMode.Bilinear, expand: true, fill: 0.5), f32, 6, 1e-5);
        Seeded("random_rotation_u8_center", RandomRotation(30, center: (1, 2)), u8, 7);
    }

    [Fact]
    public void ColorJitter_Seeded_MatchesTorchvision()
    {
        using var f32 = Input("f32");
        using var u8 = Input("u8");

        Seeded("color_jitter_f32", ColorJitter(0.4, 0.4, 0.4, 0.1), f32, 8, 1e-6);
        Seeded("color_jitter_u8", ColorJitter(brightness: 0.5, hue: 0.2), u8, 9);
        Seeded("color_jitter_ranges", ColorJitter((0.5, 0.9), (1.0, 1.0), (0.0, 2.0), (-0.1, 0.3)), f32, 10, 1e-6);
    }

    [Fact]
    public void RandomGrayscale_Seeded_MatchesTorchvision()
    {
        using var u8 = Input("u8");

        Seeded("random_grayscale", RandomGrayscale(0.5), u8, 11);
    }

    [Fact]
    public void GaussianBlur_Seeded_MatchesTorchvision()
    {
        using var f32 = Input("f32");
        using var u8 = Input("u8");

        Seeded("gaussian_blur", GaussianBlur(5), f32, 12, 1e-6);
        Seeded("gaussian_blur_u8", GaussianBlur(3, 1.5, 1.5), u8, 13);
    }

    [Fact]
    public void RandomCrop_Seeded_MatchesTorchvision()
    {
        using var u8 = Input("u8");

        Seeded("random_crop", RandomCrop(4), u8, 14);
        Seeded("random_crop_padding", RandomCrop(6, padding: 2, fill: 9), u8, 15);
        Seeded("random_crop_pad_if_needed", RandomCrop((8, 10), padIfNeeded: true, paddingMode: PadMode.Edge), u8, 16);
    }

    [Fact]
    public void RandomResizedCrop_Seeded_MatchesTorchvision()
    {
        using var big = Goldens["resize"].Tensor("big").ToTensor();

        Seeded("random_resized_crop", RandomResizedCrop(5), big, 17, 1e-6);
        Seeded("random_resized_crop_narrow", RandomResizedCrop(4, (0.9, 1.0), (3.0, 4.0)), big, 18, 1e-6);
    }

    [Fact]
    public void Compose_OfRandomTransforms_Seeded_MatchesTorchvision()
    {
        using var u8 = Input("u8");
        var transform = Compose(RandomCrop(5, padding: 1), RandomHorizontalFlip(), ConvertImageDtype(ScalarType.Float32), Normalize([0.5], [0.5]));

        Seeded("compose_random", transform, u8, 19);
    }
}
