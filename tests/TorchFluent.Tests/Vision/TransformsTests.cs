using FluentAssertions;
using TorchSharp;
using static TorchFluent.Transforms;
using static TorchSharp.torch;

namespace TorchFluent.Tests;

public sealed class TransformsTests
{
    public TransformsTests() => TorchRuntime.EnsureLoaded();

    static string CallMessage(torchvision.ITransform transform, Tensor input) =>
        ((Action)(() => transform.call(input).Dispose())).Should().Throw<ArgumentException>().Which.Message;

    static string CreateMessage(Func<torchvision.ITransform> create) =>
        ((Action)(() => create())).Should().Throw<ArgumentException>().Which.Message;

    [Fact]
    public void Call_LibTorchRefusal_IsTorchOperationExceptionNamingTheTransform()
    {
        using var empty = zeros(3, 0, 5);   // an image with no rows: libtorch's interpolation refuses it

        var error = FluentActions.Invoking(() => Resize((4, 4)).call(empty)).Should().Throw<Exception>().Which;

        error.Should().BeOfType<TorchOperationException>(error.ToString());
        ((TorchOperationException)error).Operation.Should().Be("Resize");
        error.Message.Should().StartWith("Resize failed in libtorch: ").And.Contain("Inputs: input torch.Size([3, 0, 5]) float32 on cpu.");
    }

    [Fact]
    public void RandomAffine_ShearYWithoutShear_SaysHowToWriteIt()
    {
        CreateMessage(() => RandomAffine(10, shearY: (-5, 5))).Should().Be(
            "RandomAffine: shearY was given without shear.\n" +
            "Expected: a shear range for the x axis whenever there is one for the y axis (torchvision's four-value shear is (x min, x max, y min, y max)).\n" +
            "Received: shear null, shearY set.\n" +
            "Fix: pass shear: (0, 0) for no shear along x, or move the range to shear. (Parameter 'shearY')");
    }

    [Fact]
    public void RandomAffine_ShiftOrScaleOutOfRange_SaysWhatIsAllowed()
    {
        CreateMessage(() => RandomAffine(0, translate: (0.2, 1.5))).Should().Be(
            "RandomAffine got translate = (0.2, 1.5).\n" +
            "Expected: fractions of the width and of the height, each in [0, 1].\n" +
            "Received: (0.2, 1.5).\n" +
            "Fix: pass fractions such as (0.1, 0.1) for shifts of up to a tenth of the image. (Parameter 'translate')\n" +
            "Actual value was (0.2, 1.5).");
        CreateMessage(() => RandomAffine(0, scale: (0, 1))).Should().Be(
            "RandomAffine got the range scale = (0, 1).\nExpected: min <= max, both within positive numbers.\nReceived: (0, 1).\n" +
            "Fix: pass a range within positive numbers whose first value is not larger than the second. (Parameter 'scale')\n" +
            "Actual value was (0, 1).");
    }

    [Fact]
    public void RandomAffine_Description_ListsWhatIsSet()
    {
        RandomAffine(10, translate: (0.1, 0.2), scale: (0.9, 1.1), shear: (-5, 5), shearY: (-2, 2)).ToString().Should().Be(
            "RandomAffine(degrees: (-10, 10), translate: (0.1, 0.2), scale: (0.9, 1.1), shear: (-5, 5, -2, 2), interpolation: nearest, fill: 0)");
        RandomAffine((0, 30)).ToString().Should().Be("RandomAffine(degrees: (0, 30), interpolation: nearest, fill: 0)");
    }

    [Fact]
    public void RandomAffine_KeepsSizeAndDType_AndZeroRangesAreTheIdentity()
    {
        using var img = randint(0, 256, [3, 9, 11], dtype: ScalarType.Byte);
        using var moved = RandomAffine(30, translate: (0.2, 0.2), scale: (0.8, 1.2), shear: (-10, 10)).call(img);
        moved.shape.Should().Equal(3, 9, 11);
        moved.dtype.Should().Be(ScalarType.Byte);

        using var same = RandomAffine(0).call(img);
        same.equal(img).all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void Compose_FreesIntermediatesAndNeverTheInput()
    {
        using var input = rand(3, 8, 8);
        var seen = new List<Tensor>();
        var spy = Lambda(x => { seen.Add(x); return x.mul(2); }, "Spy()");
        var transform = Compose(spy, spy, spy);

        using var output = transform.call(input);

        seen.Should().HaveCount(3);
        seen[0].Should().BeSameAs(input);
        input.IsInvalid.Should().BeFalse("the caller owns the input");
        seen[1].IsInvalid.Should().BeTrue("Compose frees the results it passes on");
        seen[2].IsInvalid.Should().BeTrue();
        using var expected = input * 8;
        output.allclose(expected).Should().BeTrue();
    }

    [Fact]
    public void Compose_OfNothingOrIdentity_ReturnsANewHandleTheCallerMayDispose()
    {
        using var input = rand(3, 4, 4);
        var identity = Lambda(x => x);

        var output = Compose(identity, Compose()).call(input);
        output.Dispose();

        input.IsInvalid.Should().BeFalse();
        input.sum().item<float>().Should().BeGreaterThan(0);
    }

    [Fact]
    public void Compose_MixesTorchVisionTransforms()
    {
        using var input = arange(6, dtype: ScalarType.Float32).reshape(1, 2, 3);

        using var output = Compose(torchvision.transforms.HorizontalFlip(), Normalize([1], [2])).call(input);

        output.data<float>().ToArray().Should().Equal(0.5f, 0f, -0.5f, 2f, 1.5f, 1f);
    }

    [Fact]
    public void Compose_ToString_ListsTheTransformsLikeTorchvision()
    {
        Compose(ToTensor(), Normalize([0.5], [0.5])).ToString().Should().Be(
            "Compose(\n    ToTensor()\n    Normalize(mean: [0.5], std: [0.5])\n)");
    }

    [Fact]
    public void Transforms_NeverModifyTheirInput()
    {
        using var input = rand(3, 9, 9);
        using var copy = input.clone();

        foreach (var t in new[] { Normalize([0.5], [0.2]), ColorJitter(0.5, 0.5, 0.5, 0.2), RandomRotation(30), GaussianBlur(3), Resize(5), Pad(2), RandomHorizontalFlip(1) })
            t.call(input).Dispose();

        input.equal(copy).all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void RandomHorizontalFlip_ProbabilityZero_NeverFlips()
    {
        using var input = arange(6, dtype: ScalarType.Float32).reshape(1, 2, 3);
        var flip = RandomHorizontalFlip(0);

        for (var i = 0; i < 20; i++)
        {
            using var output = flip.call(input);
            output.equal(input).all().item<bool>().Should().BeTrue();
        }
    }

    [Fact]
    public void Normalize_OnUint8_SaysToConvertFirst()
    {
        using var image = zeros([3, 4, 4], ScalarType.Byte);

        CallMessage(Normalize([0.5], [0.5]), image).Should().Be(
            "Normalize got an image of dtype Byte.\n" +
            "Expected: a floating-point image (float32 or float64), as PyTorch requires.\n" +
            "Received: Byte.\n" +
            "Fix: put Transforms.ToTensor() (for an [H, W, C] array) or Transforms.ConvertImageDtype(ScalarType.Float32) (for a [C, H, W] uint8 image) before Normalize. (Parameter 'img')");
    }

    [Fact]
    public void Normalize_ThreeMeansOnOneChannel_NamesTheChannelCount()
    {
        using var image = zeros(1, 5, 5);

        CallMessage(Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]), image).Should().Be(
            "Normalize has 3 means and 3 standard deviations, but the image has 1 channel (shape [1, 5, 5]).\n" +
            "Expected: one mean and one standard deviation per channel (1 each), or a single value for all channels.\n" +
            "Received: 3 and 3 for C = 1.\n" +
            "Fix: give 1 values (for example mean: [0.5], std: [0.5] for one channel), or convert the image (Transforms.Grayscale(3) makes 3 channels from 1). (Parameter 'img')");
    }

    [Fact]
    public void Normalize_OnHwcImage_SuggestsToTensor()
    {
        using var image = zeros(32, 32, 3);

        CallMessage(Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5]), image).Should().Be(
            "Normalize has 3 means and 3 standard deviations, but the image has 32 channels (shape [32, 32, 3]).\n" +
            "Expected: one mean and one standard deviation per channel (32 each), or a single value for all channels.\n" +
            "Received: 3 and 3 for C = 32.\n" +
            "Fix: this looks like an [H, W, C] array; convert it with Transforms.ToTensor() first. (Parameter 'img')");
    }

    [Fact]
    public void Normalize_ZeroStd_IsRefusedAtCreation()
    {
        CreateMessage(() => Normalize([0.5, 0.5], [0.5, 0])).Should().Be(
            "Normalize got a standard deviation of zero ([0.5, 0]), which would divide by zero.\n" +
            "Expected: non-zero standard deviations.\n" +
            "Received: std = [0.5, 0].\n" +
            "Fix: compute the standard deviations over the data again, or leave that channel out. (Parameter 'std')");
    }

    [Fact]
    public void Normalize_NoValues_IsRefusedAtCreation()
    {
        CreateMessage(() => Normalize([], [1])).Should().Be(
            "Normalize got 0 means and 1 standard deviation.\n" +
            "Expected: at least one of each; one per channel, or one for all channels.\n" +
            "Received: 0 and 1.\n" +
            "Fix: pass the per-channel values, for example Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]). (Parameter 'mean')");
    }

    [Fact]
    public void ToTensor_OnBatch_SaysOneImageAtATime()
    {
        using var batch = zeros([2, 4, 4, 3], ScalarType.Byte);

        CallMessage(ToTensor(), batch).Should().Be(
            "ToTensor got a tensor of shape [2, 4, 4, 3] (rank 4).\n" +
            "Expected: an image array [H, W, C] or [H, W], as PyTorch's ToTensor takes a PIL image or a NumPy array.\n" +
            "Received: rank 4.\n" +
            "Fix: apply ToTensor to one image at a time (a dataset's transform sees one sample), or use x.permute(0, 3, 1, 2) on a batch of [N, H, W, C] arrays. (Parameter 'pic')");
    }

    [Fact]
    public void ToTensor_OnVector_SaysToReshape()
    {
        using var vector = zeros([4], ScalarType.Byte);

        CallMessage(ToTensor(), vector).Should().Be(
            "ToTensor got a tensor of shape [4] (rank 1).\n" +
            "Expected: an image array [H, W, C] or [H, W], as PyTorch's ToTensor takes a PIL image or a NumPy array.\n" +
            "Received: rank 1.\n" +
            "Fix: reshape the data into [H, W] or [H, W, C] images first. (Parameter 'pic')");
    }

    [Fact]
    public void Resize_OnTwoDimensionalTensor_SaysToAddChannels()
    {
        using var image = zeros(5, 5);

        CallMessage(Resize(3), image).Should().Be(
            "Resize got a tensor of shape [5, 5] (rank 2), which is not an image.\n" +
            "Expected: an image tensor [..., C, H, W] (rank 3 or more): [C, H, W] or a batch [N, C, H, W].\n" +
            "Received: rank 2.\n" +
            "Fix: give the image its channel dimension (x.unsqueeze(0) for [1, H, W]), or convert an [H, W] array with Transforms.ToTensor() first. (Parameter 'img')");
    }

    [Fact]
    public void CenterCrop_OnVector_NeedsRankTwo()
    {
        using var vector = zeros(5);

        CallMessage(CenterCrop(2), vector).Should().Be(
            "CenterCrop got a tensor of shape [5] (rank 1), which is not an image.\n" +
            "Expected: an image tensor [..., H, W] (rank 2 or more), usually [C, H, W] or a batch [N, C, H, W].\n" +
            "Received: rank 1.\n" +
            "Fix: reshape the data into [C, H, W] images; Transforms.ToTensor() turns an [H, W, C] array into one. (Parameter 'img')");
    }

    [Fact]
    public void ColorJitter_OnRgbaImage_SaysToDropAlpha()
    {
        using var image = zeros(4, 3, 3);

        CallMessage(ColorJitter(0.5), image).Should().Be(
            "ColorJitter got an image with 4 channels (shape [4, 3, 3]).\n" +
            "Expected: [..., C, H, W] with C = 1 or 3.\n" +
            "Received: C = 4.\n" +
            "Fix: drop the alpha channel (x[.., ..3] on a [C, H, W] image, or read the file with ImageReadMode.RGB). (Parameter 'img')");
    }

    [Fact]
    public void Grayscale_OnHwcImage_SuggestsToTensor()
    {
        using var image = zeros([28, 28, 3], ScalarType.Byte);

        CallMessage(Grayscale(), image).Should().Be(
            "Grayscale got an image with 28 channels (shape [28, 28, 3]).\n" +
            "Expected: [..., C, H, W] with C = 1 or 3.\n" +
            "Received: C = 28.\n" +
            "Fix: this looks like an [H, W, C] array; convert it with Transforms.ToTensor() (or x.permute(2, 0, 1)) to get [C, H, W] first. (Parameter 'img')");
    }

    [Fact]
    public void RandomGrayscale_OnTwoChannels_SaysHowToConvert()
    {
        using var image = zeros(2, 3, 3);

        CallMessage(RandomGrayscale(), image).Should().Be(
            "RandomGrayscale got an image with 2 channels (shape [2, 3, 3]).\n" +
            "Expected: [..., C, H, W] with C = 1 or 3.\n" +
            "Received: C = 2.\n" +
            "Fix: convert the image to 1 or 3 channels first (Transforms.Grayscale(3) makes 3 from 1). (Parameter 'img')");
    }

    [Fact]
    public void RandomCrop_LargerThanImage_SuggestsPadIfNeeded()
    {
        using var image = zeros(3, 4, 5);

        CallMessage(RandomCrop(6), image).Should().Be(
            "RandomCrop cannot cut a 6x6 crop from a 4x5 image.\n" +
            "Expected: a crop no larger than the image (height <= 4, width <= 5).\n" +
            "Received: crop 6x6.\n" +
            "Fix: pass padIfNeeded: true to pad small images first, resize them before cropping, or choose a smaller crop. (Parameter 'img')");
    }

    [Fact]
    public void RandomCrop_PadIfNeeded_PadsSmallImages()
    {
        using var image = ones(1, 2, 3);

        using var crop = RandomCrop(4, padIfNeeded: true).call(image);

        crop.shape.Should().Equal(1, 4, 4);
        crop.sum().item<float>().Should().Be(6);
    }

    [Fact]
    public void Pad_ReflectWiderThanImage_NamesTheLimit()
    {
        using var image = zeros(1, 3, 3);

        CallMessage(Pad(3, paddingMode: PadMode.Reflect), image).Should().Be(
            "Pad cannot pad by 3 in Reflect mode along an edge of 3 pixels.\n" +
            "Expected: reflect padding smaller than the image edge (at most 2).\n" +
            "Received: padding 3 for an edge of 3.\n" +
            "Fix: pad less, or use PadMode.Constant or PadMode.Edge, which have no such limit. (Parameter 'img')");
    }

    [Fact]
    public void Pad_SymmetricWiderThanImage_NamesTheLimit()
    {
        using var image = zeros(1, 3, 2);

        CallMessage(Pad(0, 0, 3, 0, paddingMode: PadMode.Symmetric), image).Should().Be(
            "Pad cannot pad by 3 in Symmetric mode along an edge of 2 pixels.\n" +
            "Expected: symmetric padding no larger than the image edge (at most 2).\n" +
            "Received: padding 3 for an edge of 2.\n" +
            "Fix: pad less, or use PadMode.Constant or PadMode.Edge, which have no such limit. (Parameter 'img')");
    }

    [Fact]
    public void CreationChecks_RefuseBadArgumentsWithTheirNames()
    {
        CreateMessage(() => RandomHorizontalFlip(1.5)).Should().Be(
            "RandomHorizontalFlip got p = 1.5.\nExpected: a probability between 0 and 1.\nReceived: 1.5.\nFix: pass p in [0, 1]; 0.5 flips half the images. (Parameter 'p')\nActual value was 1.5.");
        CreateMessage(() => CenterCrop(0)).Should().Be(
            "CenterCrop got height = 0.\nExpected: height greater than 0.\nReceived: 0.\nFix: pass a positive height. (Parameter 'height')\nActual value was 0.");
        CreateMessage(() => ColorJitter(brightness: -0.1)).Should().Be(
            "ColorJitter got brightness = -0.1.\nExpected: brightness of 0 or more.\nReceived: -0.1.\nFix: pass a brightness of 0 or more. (Parameter 'brightness')\nActual value was -0.1.");
        CreateMessage(() => ColorJitter(hue: 0.7)).Should().Be(
            "ColorJitter got hue = 0.7.\nExpected: a hue shift between 0 and 0.5 (a fraction of a turn of the color wheel).\nReceived: 0.7.\nFix: pass hue in [0, 0.5], or a (min, max) range within [-0.5, 0.5]. (Parameter 'hue')\nActual value was 0.7.");
        CreateMessage(() => ColorJitter((1, 1), (1, 1), (1, 1), (0.2, -0.2))).Should().Be(
            "ColorJitter got the range hue = (0.2, -0.2).\nExpected: min <= max, both within [-0.5, 0.5].\nReceived: (0.2, -0.2).\nFix: pass a range within [-0.5, 0.5] whose first value is not larger than the second. (Parameter 'hue')\nActual value was (0.2, -0.2).");
        CreateMessage(() => GaussianBlur(4)).Should().Be(
            "GaussianBlur got kernel size 4.\nExpected: an odd positive kernel size (3, 5, 7 ...), so the kernel has a center.\nReceived: 4.\nFix: use 5. (Parameter 'kernelSize')\nActual value was 4.");
        CreateMessage(() => Grayscale(2)).Should().Be(
            "Grayscale got numOutputChannels = 2.\nExpected: 1 or 3.\nReceived: 2.\nFix: pass 1 for a single gray channel, 3 to repeat it for RGB models. (Parameter 'numOutputChannels')\nActual value was 2.");
        CreateMessage(() => Resize(32, maxSize: 32)).Should().Be(
            "Resize got maxSize = 32 with size = 32.\nExpected: maxSize greater than size (the smaller edge).\nReceived: 32 <= 32.\nFix: raise maxSize above 32, or leave it out. (Parameter 'maxSize')\nActual value was 32.");
        CreateMessage(() => Resize(32, InterpolationMode.Trilinear)).Should().Be(
            "Resize does not support Trilinear interpolation.\nExpected: Nearest, NearestExact, Bilinear or Bicubic.\nReceived: Trilinear.\nFix: pick one of Nearest, NearestExact, Bilinear or Bicubic. (Parameter 'interpolation')\nActual value was Trilinear.");
        CreateMessage(() => Pad(-1)).Should().Be(
            "Pad got left = -1.\nExpected: left of 0 or more.\nReceived: -1.\nFix: pass a left of 0 or more. (Parameter 'left')\nActual value was -1.");
        CreateMessage(() => Compose(ToTensor(), null!)).Should().Be(
            "Compose got null at position 1.\nExpected: transforms.\nReceived: null.\nFix: pass only transforms (Transforms.ToTensor(), ...). (Parameter 'transforms')");
    }
}
