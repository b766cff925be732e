using System.Globalization;

namespace TorchFluent;

internal static partial class Messages
{
    static string ImageShape(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";

    static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // A likely HWC image ([H, W, C] with C in 1..4 and H > 4) explains most channel and rank mistakes.
    static bool LooksHwc(long[] shape) => shape.Length == 3 && shape[2] is >= 1 and <= 4 && shape[0] > 4;

    // ---- Transforms applied to image tensors ----

    internal static string TransformImageRank(string transform, long[] shape, int minRank) =>
        $"{transform} got a tensor of shape {ImageShape(shape)} (rank {shape.Length}), which is not an image.\n" +
        (minRank == 2
            ? "Expected: an image tensor [..., H, W] (rank 2 or more), usually [C, H, W] or a batch [N, C, H, W].\n"
            : "Expected: an image tensor [..., C, H, W] (rank 3 or more): [C, H, W] or a batch [N, C, H, W].\n") +
        $"Received: rank {shape.Length}.\n" +
        (shape.Length == 2
            ? "Fix: give the image its channel dimension (x.unsqueeze(0) for [1, H, W]), or convert an [H, W] array with Transforms.ToTensor() first."
            : "Fix: reshape the data into [C, H, W] images; Transforms.ToTensor() turns an [H, W, C] array into one.");

    internal static string TransformChannels(string transform, long[] shape, string allowed) =>
        $"{transform} got an image with {shape[^3]} channels (shape {ImageShape(shape)}).\n" +
        $"Expected: [..., C, H, W] with C = {allowed}.\n" +
        $"Received: C = {shape[^3]}.\n" +
        (LooksHwc(shape)
            ? $"Fix: this looks like an [H, W, C] array; convert it with Transforms.ToTensor() (or x.permute(2, 0, 1)) to get [C, H, W] first."
            : shape[^3] == 4
                ? "Fix: drop the alpha channel (x[.., ..3] on a [C, H, W] image, or read the file with ImageReadMode.RGB)."
                : $"Fix: convert the image to {allowed} channels first (Transforms.Grayscale(3) makes 3 from 1).");

    internal static string NormalizeNotFloat(string dtype) =>
        $"Normalize got an image of dtype {dtype}.\n" +
        "Expected: a floating-point image (float32 or float64), as PyTorch requires.\n" +
        $"Received: {dtype}.\n" +
        "Fix: put Transforms.ToTensor() (for an [H, W, C] array) or Transforms.ConvertImageDtype(ScalarType.Float32) (for a [C, H, W] uint8 image) before Normalize.";

    internal static string NormalizeChannels(int means, int stds, long[] shape) =>
        $"Normalize has {means} mean{(means == 1 ? "" : "s")} and {stds} standard deviation{(stds == 1 ? "" : "s")}, but the image has {shape[^3]} channel{(shape[^3] == 1 ? "" : "s")} (shape {ImageShape(shape)}).\n" +
        $"Expected: one mean and one standard deviation per channel ({shape[^3]} each), or a single value for all channels.\n" +
        $"Received: {means} and {stds} for C = {shape[^3]}.\n" +
        (LooksHwc(shape)
            ? "Fix: this looks like an [H, W, C] array; convert it with Transforms.ToTensor() first."
            : $"Fix: give {shape[^3]} values (for example mean: [0.5], std: [0.5] for one channel), or convert the image (Transforms.Grayscale(3) makes 3 channels from 1).");

    internal static string NormalizeStdZero(string std) =>
        $"Normalize got a standard deviation of zero ({std}), which would divide by zero.\n" +
        "Expected: non-zero standard deviations.\n" +
        $"Received: std = {std}.\n" +
        "Fix: compute the standard deviations over the data again, or leave that channel out.";

    internal static string NormalizeCounts(int means, int stds) =>
        $"Normalize got {means} mean{(means == 1 ? "" : "s")} and {stds} standard deviation{(stds == 1 ? "" : "s")}.\n" +
        "Expected: at least one of each; one per channel, or one for all channels.\n" +
        $"Received: {means} and {stds}.\n" +
        "Fix: pass the per-channel values, for example Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]).";

    internal static string ToTensorRank(long[] shape) =>
        $"ToTensor got a tensor of shape {ImageShape(shape)} (rank {shape.Length}).\n" +
        "Expected: an image array [H, W, C] or [H, W], as PyTorch's ToTensor takes a PIL image or a NumPy array.\n" +
        $"Received: rank {shape.Length}.\n" +
        (shape.Length == 4
            ? "Fix: apply ToTensor to one image at a time (a dataset's transform sees one sample), or use x.permute(0, 3, 1, 2) on a batch of [N, H, W, C] arrays."
            : "Fix: reshape the data into [H, W] or [H, W, C] images first.");

    internal static string CropTooLarge(string transform, long cropHeight, long cropWidth, long height, long width) =>
        $"{transform} cannot cut a {cropHeight}x{cropWidth} crop from a {height}x{width} image.\n" +
        $"Expected: a crop no larger than the image (height <= {height}, width <= {width}).\n" +
        $"Received: crop {cropHeight}x{cropWidth}.\n" +
        "Fix: pass padIfNeeded: true to pad small images first, resize them before cropping, or choose a smaller crop.";

    internal static string PaddingTooLarge(string transform, string mode, long padding, long size) =>
        $"{transform} cannot pad by {padding} in {mode} mode along an edge of {size} pixels.\n" +
        (mode == "Reflect"
            ? $"Expected: reflect padding smaller than the image edge (at most {size - 1}).\n"
            : $"Expected: symmetric padding no larger than the image edge (at most {size}).\n") +
        $"Received: padding {padding} for an edge of {size}.\n" +
        "Fix: pad less, or use PadMode.Constant or PadMode.Edge, which have no such limit.";

    // ---- Transform arguments (checked when the transform is created) ----

    internal static string TransformProbability(string transform, double p) =>
        $"{transform} got p = {Num(p)}.\nExpected: a probability between 0 and 1.\nReceived: {Num(p)}.\nFix: pass p in [0, 1]; 0.5 flips half the images.";

    internal static string TransformPositive(string transform, string name, double value) =>
        $"{transform} got {name} = {Num(value)}.\nExpected: {name} greater than 0.\nReceived: {Num(value)}.\nFix: pass a positive {name}.";

    internal static string TransformNonNegative(string transform, string name, double value) =>
        $"{transform} got {name} = {Num(value)}.\nExpected: {name} of 0 or more.\nReceived: {Num(value)}.\nFix: pass a {name} of 0 or more.";

    internal static string TransformFractions(string transform, string name, double x, double y) =>
        $"{transform} got {name} = ({Num(x)}, {Num(y)}).\nExpected: fractions of the width and of the height, each in [0, 1].\n" +
        $"Received: ({Num(x)}, {Num(y)}).\nFix: pass fractions such as (0.1, 0.1) for shifts of up to a tenth of the image.";

    internal static string TransformRange(string transform, string name, double min, double max, string bounds) =>
        $"{transform} got the range {name} = ({Num(min)}, {Num(max)}).\n" +
        $"Expected: min <= max, both within {bounds}.\n" +
        $"Received: ({Num(min)}, {Num(max)}).\n" +
        $"Fix: pass a range within {bounds} whose first value is not larger than the second.";

    internal static string TransformHue(double hue) =>
        $"ColorJitter got hue = {Num(hue)}.\nExpected: a hue shift between 0 and 0.5 (a fraction of a turn of the color wheel).\nReceived: {Num(hue)}.\nFix: pass hue in [0, 0.5], or a (min, max) range within [-0.5, 0.5].";

    internal static string TransformKernelSize(int size) =>
        $"GaussianBlur got kernel size {size}.\nExpected: an odd positive kernel size (3, 5, 7 ...), so the kernel has a center.\nReceived: {size}.\nFix: use {(size <= 0 ? 3 : size + 1)}.";

    internal static string TransformOutputChannels(int channels) =>
        $"Grayscale got numOutputChannels = {channels}.\nExpected: 1 or 3.\nReceived: {channels}.\nFix: pass 1 for a single gray channel, 3 to repeat it for RGB models.";

    internal static string ResizeMaxSize(int maxSize, int size) =>
        $"Resize got maxSize = {maxSize} with size = {size}.\nExpected: maxSize greater than size (the smaller edge).\nReceived: {maxSize} <= {size}.\nFix: raise maxSize above {size}, or leave it out.";

    internal static string ComposeNullTransform(int position) =>
        $"Compose got null at position {position}.\nExpected: transforms.\nReceived: null.\nFix: pass only transforms (Transforms.ToTensor(), ...).";

    internal static string TransformInterpolation(string transform, string mode, string supported) =>
        $"{transform} does not support {mode} interpolation.\nExpected: {supported}.\nReceived: {mode}.\nFix: pick one of {supported}.";

    internal static string TransformShearYWithoutX(string transform) =>
        $"{transform}: shearY was given without shear.\nExpected: a shear range for the x axis whenever there is one for the y axis (torchvision's four-value shear is (x min, x max, y min, y max)).\n" +
        "Received: shear null, shearY set.\nFix: pass shear: (0, 0) for no shear along x, or move the range to shear.";
}
