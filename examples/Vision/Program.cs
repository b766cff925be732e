// Vision: the reference text's "Torchvision" tool on real image files. The shipped 8x8 digits become PNG files in an
// ImageFolder layout (<out>/digits/<class>/<n>.png); ImageFolder reads them back through a transforms pipeline
// (ToTensor, Resize to 16x16, RandomRotation + RandomCrop for training only, Normalize), and a small CNN built with
// the Sequential builder learns them with CrossEntropy and Adam through the Trainer (above 95% test accuracy with the
// full run). Writes the model (.pth), the loss and accuracy curves and a grid of augmented inputs (PNG).
//   dotnet run --project examples/Vision [-- --smoke | --epochs N | --out FOLDER]
using TorchFluent;
using TorchFluent.Examples;
using static TorchFluent.Transforms;
using static TorchSharp.torch;
using ImageReadMode = TorchSharp.torchvision.io.ImageReadMode;

var options = ExampleOptions.Parse(args, "Vision");
var epochs = options.Epochs(full: 30, smoke: 2);
manual_seed(0);
// One libtorch thread: on 16x16 images and a 38k-parameter CNN every op is too small to split, and splitting it costs
// far more than it saves on a busy machine (RandomRotation measured 40 ms per image with 2 threads, 0.5 ms with 1).
set_num_threads(1);

// 1. Real files: each digit as a grayscale PNG, pixels 0..16 scaled to 0..255, one folder per class.
var root = options.File("digits");
WriteImageFolder(root);

// 2. Read them back. The digits are gray, so the loader opens them as one channel
//    (Python: loader=lambda p: Image.open(p).convert("L")); ToTensor gives [1, 8, 8] floats in [0, 1].
static Tensor OpenGray(string path) => Images.Open(path, ImageReadMode.GRAY);
using var plain = new ImageFolder(root, loader: OpenGray);
var counts = plain.Targets.CountBy(label => label).OrderBy(p => p.Key).Select(p => $"{plain.Classes[p.Key]}={p.Value}");
Console.WriteLine($"ImageFolder: {plain.Count} images in {plain.Classes.Count} classes ({string.Join(", ", counts)})");

// random_split(dataset, [0.7, 0.1, 0.2], generator=torch.Generator().manual_seed(42)); the same indices select the
// samples of a second ImageFolder whose transform augments, so only training images are rotated and shifted.
var split = Dataset.RandomSplit(plain, [0.7, 0.1, 0.2], seed: 42);
var (mean, std) = PixelStatistics(plain, split[0].Indices);
Console.WriteLine($"split: {split[0].Count} train, {split[1].Count} validation, {split[2].Count} test; training pixels mean {mean:F4}, std {std:F4}");

var evaluate = Compose(ToTensor(), Resize((16, 16)), Normalize([mean], [std]));
var augment = Compose(
    ToTensor(),
    Resize((16, 16)),
    RandomRotation(10, InterpolationMode.Bilinear),
    RandomCrop(16, padding: 1),                       // shifts by up to one pixel
    Normalize([mean], [std]));
Console.WriteLine($"training transform: {augment}");

using var augmented = new ImageFolder(root, augment, loader: OpenGray);
using var evaluated = new ImageFolder(root, evaluate, loader: OpenGray);
using var trainSet = Dataset.Subset(augmented, split[0].Indices);
using var validSet = Dataset.Subset(evaluated, split[1].Indices);
using var testSet = Dataset.Subset(evaluated, split[2].Indices);

var grid = options.File("augmented.png");
SaveAugmentedGrid(evaluated, augmented, split[0].Indices, mean, std, grid);
Console.WriteLine($"augmented samples: {grid}");

// Training draws its augmentation from torch's global generator, so it reads on the training thread (reproducible);
// validation and test have no random transforms and decode their files on two worker threads.
using var train = DataLoader.From(trainSet).Batch(32).Shuffle(seed: 0).Build();
using var valid = DataLoader.From(validSet).Batch(256).Workers(2).Build();
using var test = DataLoader.From(testSet).Batch(256).Workers(2).Build();

using var model = Sequential.Create().Input(1, 16, 16)
    .Conv2d(16, kernelSize: 3, padding: 1).ReLU().MaxPool2d(2)    // [16, 8, 8]
    .Conv2d(32, kernelSize: 3, padding: 1).ReLU().MaxPool2d(2)    // [32, 4, 4]
    .Flatten().Dropout(0.25)
    .Linear(64).ReLU()
    .Linear(10)                                                   // raw class scores for CrossEntropy
    .Build();
Console.WriteLine(model.Summary(1, 1, 16, 16));

using var trainer = Trainer.For(model)
    .Loss(Losses.CrossEntropy())
    .Optimizer(Optim.Adam(lr: 2e-3))
    .Schedule(Schedules.CosineAnnealing(tMax: epochs))
    .Metrics(Metrics.Accuracy())
    .Seed(0)
    .ShowProgress()
    .Build();
var history = trainer.Fit(train, valid, epochs);

var result = trainer.Evaluate(test);
Console.WriteLine($"test: loss {result.Loss:F4}, accuracy {100 * result.Values["accuracy"]:F2}% on {result.Samples} images");
var weights = options.File("digits-cnn.pth");
model.SaveStateDict(weights);
Console.WriteLine($"model: {weights}");

var plot = options.File("curves.png");
new LinePlot("Digits CNN on PNG files: loss and accuracy per epoch", "epoch")
    .Curves(history, "loss", "accuracy")
    .SavePng(plot);
Console.WriteLine($"curves: {plot}");

// <root>/<label>/<n>.png for sample n (zero-padded, so the files sort in sample order), from a clean folder.
static void WriteImageFolder(string root)
{
    var (pixels, labels) = ShippedData.Digits();
    using var _ = NewDisposeScope();
    using var images = pixels.mul(255.0 / 16).round_().to_type(ScalarType.Byte).reshape(-1, 1, 8, 8);   // [N, C, H, W] uint8
    var classes = labels.data<long>().ToArray();
    if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    foreach (var label in classes.Distinct()) Directory.CreateDirectory(Path.Combine(root, label.ToString()));
    for (var n = 0; n < classes.Length; n++)
    {
        using var image = images[n];
        Images.Write(image, Path.Combine(root, classes[n].ToString(), $"{n:D4}.png"));   // torchvision.io.write_png
    }
    pixels.Dispose();
    labels.Dispose();
    Console.WriteLine($"wrote {classes.Length} PNG files of 8x8 pixels to {root}");
}

// The mean and standard deviation of the training images' pixels after ToTensor (Normalize's arguments).
static (double Mean, double Std) PixelStatistics(ImageFolder images, IReadOnlyList<int> indices)
{
    using var _ = NewDisposeScope();
    var toTensor = ToTensor();
    var all = cat(indices.Select(i => { var (image, _) = images[i]; using (image) return toTensor.call(image); }).ToArray());
    return (all.mean().item<float>(), all.std().item<float>());
}

// One row per training image: the evaluation input, then seven augmented draws of it; un-normalized, framed in gray
// and enlarged 4x.
static void SaveAugmentedGrid(ImageFolder plain, ImageFolder augmented, IReadOnlyList<int> indices, double mean, double std, string path)
{
    using var _ = NewDisposeScope();
    Tensor Tile(Tensor normalized) => nn.functional.pad(normalized.mul(std).add(mean).clamp(0, 1), [1, 1, 1, 1], value: 0.5);
    var rows = indices.Take(8).Select(i =>
    {
        var tiles = new List<Tensor> { Tile(plain[i].Image) };
        for (var k = 0; k < 7; k++) tiles.Add(Tile(augmented[i].Image));
        return cat(tiles, dim: 2);
    }).ToArray();
    var grid = cat(rows, dim: 1);                                                 // [1, 8 * 18, 8 * 18] in [0, 1]
    var pixels = grid.mul(255).round_().to_type(ScalarType.Byte).repeat_interleave(4, dim: 1).repeat_interleave(4, dim: 2);
    Images.Write(pixels, path);
}
