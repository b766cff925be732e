using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using TorchSharp;
using static TorchFluent.Transforms;
using static TorchSharp.torch;

namespace TorchFluent.Conformance;

/// <summary>
/// Reference text, Tools / Torchvision (SEED_ERRATA.md section C) and the rest of TorchFluent's transforms, against
/// torchvision 0.14 on tensors. Deterministic transforms are compared value for value.
/// </summary>
public sealed class TransformConformanceTests
{
    static readonly Golden Goldens = Golden.Load("transforms");

    public TransformConformanceTests() => TorchRuntime.EnsureLoaded();

    static Tensor Input(string name) => Goldens["inputs"].Tensor(name).ToTensor();

    static void Check(torchvision.ITransform transform, Tensor input, GoldenTensor expected, double atol = 0)
    {
        using var output = transform.call(input);
        TensorAssert.Equal(output, expected, atol);
    }

    [Fact]
    public void Normalize_SingleImageAndBatch_SubtractsMeanAndDividesByStdPerChannel()
    {
        var golden = Goldens["normalize"];
        using var image = Input("f32");
        using var batch = golden.Tensor("batch").ToTensor();
        var normalize = Normalize(golden.Doubles("mean"), golden.Doubles("std"));

        Check(normalize, image, golden.Tensor("output"));
        Check(normalize, batch, golden.Tensor("batch_output"));
        Check(Normalize([0.5], [0.25]), image, golden.Tensor("single_value_output"));
    }

    [Fact]
    public void ToTensor_Uint8Hwc_IsFloat32ChwOver255()
    {
        var golden = Goldens["to_tensor"];
        using var hwc = golden.Tensor("hwc").ToTensor();

        Check(ToTensor(), hwc, golden.Tensor("output"));
    }

    [Fact]
    public void ToTensor_Float64Hwc_StaysFloat64AndUnscaled()
    {
        var golden = Goldens["to_tensor"];
        using var hwc = golden.Tensor("hwc_float64").ToTensor();

        Check(ToTensor(), hwc, golden.Tensor("output_float64"));
    }

    [Fact]
    public void ToTensor_Uint8Hw_GetsOneChannel()
    {
        var golden = Goldens["to_tensor"];
        using var hw = golden.Tensor("hw").ToTensor();

        Check(ToTensor(), hw, golden.Tensor("output_hw"));
    }

    [Fact]
    public void Compose_ToTensorThenNormalizeHalf_MapsPixelsIntoMinusOneToOne()
    {
        var golden = Goldens["compose_to_tensor_normalize"];
        using var hwc = golden.Tensor("hwc").ToTensor();
        var transform = Compose(ToTensor(), Normalize([0.5], [0.5]));

        using var output = transform.call(hwc);

        TensorAssert.Equal(output, golden.Tensor("output"));
        output.min().item<float>().Should().Be((float)golden.Double("min")).And.Be(-1);
        output.max().item<float>().Should().Be((float)golden.Double("max")).And.Be(1);
    }

    [Theory]
    [InlineData("crop2_of_5", 2, 2)]
    [InlineData("crop7_of_5_pads", 7, 7)]
    public void CenterCrop_OnFiveByFive_MatchesTorchvision(string name, int height, int width)
    {
        var golden = Goldens["center_crop"];
        using var grid = golden.Tensor("grid5").ToTensor();

        Check(CenterCrop((height, width)), grid, golden.Tensor(name));
    }

    [Fact]
    public void CenterCrop_TwoOfFive_StartsAtIndexTwo()
    {
        using var grid = arange(25, dtype: ScalarType.Float32).reshape(1, 5, 5);

        using var crop = CenterCrop(2).call(grid);

        // round((5 - 2) / 2) = round(1.5) = 2 (half to even); TorchVision for .NET starts at 1.
        crop.data<float>().ToArray().Should().Equal(12, 13, 17, 18);
    }

    [Fact]
    public void CenterCrop_HalfwayOffsets_RoundHalfToEvenAndPadWhenLarger()
    {
        var golden = Goldens["center_crop"];
        using var six = arange(36, dtype: ScalarType.Float32).reshape(1, 6, 6);
        using var seven = arange(49, dtype: ScalarType.Float32).reshape(1, 7, 7);
        using var u8 = Input("u8");

        Check(CenterCrop(3), six, golden.Tensor("crop3_of_6"));
        Check(CenterCrop(2), seven, golden.Tensor("crop2_of_7"));
        Check(CenterCrop((2, 4)), u8, golden.Tensor("crop_2x4_of_u8"));
        Check(CenterCrop((8, 9)), u8, golden.Tensor("crop_6x8_of_u8_pads"));
    }

    [Fact]
    public void Flips_WithProbabilityOne_ReverseWidthOrHeight()
    {
        var golden = Goldens["flips"];
        using var u8 = Input("u8");

        Check(RandomHorizontalFlip(1), u8, golden.Tensor("hflip"));
        Check(RandomVerticalFlip(1), u8, golden.Tensor("vflip"));
    }

    [Fact]
    public void Resize_ModesAndAntialias_MatchTorchvision()
    {
        var golden = Goldens["resize"];
        using var big = golden.Tensor("big").ToTensor();
        using var bigu8 = golden.Tensor("bigu8").ToTensor();

        Check(Resize((10, 12)), big, golden.Tensor("bilinear_aa_10x12"), 1e-6);
        Check(Resize((10, 12), antialias: false), big, golden.Tensor("bilinear_noaa_10x12"), 1e-6);
        Check(Resize((25, 41)), big, golden.Tensor("bilinear_aa_up_25x41"), 1e-6);
        Check(Resize(7, InterpolationMode.Nearest), big, golden.Tensor("nearest_7"));
        Check(Resize((9, 13), InterpolationMode.Bicubic), bigu8, golden.Tensor("bicubic_aa_u8_9x13"));
        Check(Resize(8), bigu8, golden.Tensor("bilinear_aa_u8_smaller_edge_8"));
        Check(Resize(16, maxSize: 20), big, golden.Tensor("smaller_edge_16_max_20"), 1e-6);
    }

    [Fact]
    public void Pad_EveryMode_MatchesTorchvision()
    {
        var golden = Goldens["pad"];
        using var small = golden.Tensor("small").ToTensor();
        using var u8 = Input("u8");

        Check(Pad(2, fill: 7), small, golden.Tensor("constant"));
        Check(Pad(2, paddingMode: PadMode.Edge), small, golden.Tensor("edge"));
        Check(Pad(2, paddingMode: PadMode.Reflect), small, golden.Tensor("reflect"));
        Check(Pad(1, 2, 3, 0, paddingMode: PadMode.Symmetric), small, golden.Tensor("symmetric"));
        Check(Pad(1, paddingMode: PadMode.Reflect), u8, golden.Tensor("u8_reflect"));
    }

    [Fact]
    public void Grayscale_FloatAndUint8_MatchTorchvision()
    {
        var golden = Goldens["color"];
        using var f32 = Input("f32");
        using var u8 = Input("u8");

        Check(Grayscale(), f32, golden.Tensor("gray_f32"), 1e-7);
        Check(Grayscale(), u8, golden.Tensor("gray_u8"));
        Check(Grayscale(3), u8, golden.Tensor("gray3_u8"));
    }

    [Fact]
    public void ColorAdjustments_MatchTorchvisionFunctional()
    {
        var golden = Goldens["color"];
        using var f32 = Input("f32");
        using var u8 = Input("u8");

        void Same(Tensor actual, string name, double atol = 0)
        {
            using (actual) TensorAssert.Equal(actual, golden.Tensor(name), atol);
        }

        Same(ImageOps.AdjustBrightness(u8, 1.3), "brightness_u8");
        Same(ImageOps.AdjustContrast(u8, 0.6), "contrast_u8");
        Same(ImageOps.AdjustContrast(f32, 1.4), "contrast_f32", 1e-7);
        Same(ImageOps.AdjustSaturation(f32, 1.7), "saturation_f32", 1e-7);
        Same(ImageOps.AdjustHue(f32, 0.2), "hue_f32", 1e-6);
        Same(ImageOps.AdjustHue(u8, -0.3), "hue_u8");
    }

    [Fact]
    public void ConvertImageDtype_Uint8AndFloat_MatchTorchvision()
    {
        var golden = Goldens["convert_image_dtype"];
        using var f32 = Input("f32");
        using var u8 = Input("u8");

        Check(ConvertImageDtype(ScalarType.Float32), u8, golden.Tensor("to_float"));
        Check(ConvertImageDtype(ScalarType.Byte), f32, golden.Tensor("to_u8"));
    }
}
