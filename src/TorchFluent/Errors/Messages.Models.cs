namespace TorchFluent;

internal static partial class Messages
{
    // ---- Vision models (TorchFluent's ResNet and TorchVision's architectures) ----

    internal static string ModelInputShape(string model, long[] shape) =>
        $"{model} got an input of shape {ImageShape(shape)}.\n" +
        "Expected: a batch of RGB images [N, 3, H, W] (float, normalized as the weights expect).\n" +
        $"Received: {(shape.Length == 4 ? $"{shape[1]} channel{(shape[1] == 1 ? "" : "s")}" : $"a {shape.Length}-D tensor")}.\n" +
        (shape.Length == 3 && shape[0] == 3
            ? "Fix: add the batch dimension for a single image: image.unsqueeze(0)."
            : shape.Length == 4 && shape[3] == 3
                ? "Fix: this looks like [N, H, W, 3] images; use images.permute(0, 3, 1, 2)."
                : shape.Length == 4 && shape[1] == 1
                    ? "Fix: repeat the gray channel (Transforms.Grayscale(3), or images.expand(-1, 3, -1, -1))."
                    : shape.Length == 4 && shape[1] == 4
                        ? "Fix: drop the alpha channel (images[.., ..3]) or read the files with ImageReadMode.RGB."
                        : "Fix: reshape the input into [N, 3, H, W].");

    internal static string ModelInputDType(string model, string dtype, string weightType) =>
        $"{model} got an input of dtype {dtype}, but its weights are {weightType}.\n" +
        $"Expected: {weightType} images.\n" +
        $"Received: {dtype}.\n" +
        (dtype == "Byte"
            ? "Fix: convert uint8 images with Transforms.ConvertImageDtype(ScalarType.Float32) (or ToTensor for [H, W, C] arrays), then Normalize."
            : $"Fix: convert the input (x.to_type(ScalarType.{weightType})) or the model (model.to(ScalarType.{dtype})).");

    internal static string ModelUnknown(string name, IEnumerable<string> names) =>
        $"There is no model named '{name}'.\n" +
        $"Expected: one of {string.Join(", ", names)}.\n" +
        $"Received: '{name}'.\n" +
        "Fix: use one of those names (Models.Names lists them); they are torchvision's names.";

    internal static string ModelClasses(int numClasses) =>
        $"A model needs at least one class.\nExpected: numClasses of 1 or more.\nReceived: {numClasses}.\nFix: pass the number of classes of your data.";

    internal static string ModelNoHead(string type) =>
        $"Cannot find the classification head of a {type}.\n" +
        "Expected: a model from Models (ResNet, or TorchVision's AlexNet, VGG, GoogLeNet, InceptionV3, MobileNetV2/V3), whose last Linear layer is the head.\n" +
        $"Received: a {type} without a Linear layer.\n" +
        "Fix: replace the last layer yourself, and freeze parameters with requires_grad = false.";
}
