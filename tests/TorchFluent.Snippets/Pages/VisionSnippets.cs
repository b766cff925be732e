using TorchFluent.Snippets.Infrastructure;
using TorchSharp;
using static TorchFluent.Transforms;
using static TorchSharp.torch;

namespace TorchFluent.Snippets.Pages;

/// <summary>The C# blocks of docs/vision.md. Snippets that write files work in a fresh temporary folder.</summary>
public static class VisionSnippets
{
    static void InTempFolder(Action<string> body)
    {
        var folder = Directory.CreateTempSubdirectory("torchfluent-docs-").FullName;
        try
        {
            body(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Snippet("vision-compose")]
    public static void ComposeSnippet()
    {
        #region vision-compose
        // transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
        var transform = Compose(ToTensor(), Normalize([0.5], [0.5]));

        using var pixels = tensor(new byte[] { 0, 64, 128, 255 }, [2, 2, 1]);   // an [H, W, C] uint8 image
        using var x = transform.call(pixels);                                     // [C, H, W] float32 in [-1, 1]
        Console.WriteLine($"{x.dtype} [{string.Join(", ", x.shape)}] min {x.min().item<float>()} max {x.max().item<float>()}");
        Console.WriteLine(transform);
        #endregion
    }

    [Snippet("vision-to-tensor")]
    public static void ToTensorSnippet()
    {
        #region vision-to-tensor
        using var bytes = full([2, 3, 3], (byte)51, ScalarType.Byte);            // [H, W, C] uint8
        using var doubles = full([2, 3, 3], 51.0, ScalarType.Float64);           // [H, W, C] float64

        using var a = ToTensor().call(bytes);
        using var b = ToTensor().call(doubles);
        Console.WriteLine($"uint8 -> {a.dtype} [{string.Join(", ", a.shape)}], first value {a[0, 0, 0].item<float>()}");
        Console.WriteLine($"float64 -> {b.dtype} [{string.Join(", ", b.shape)}], first value {b[0, 0, 0].item<double>()}");
        #endregion
    }

    [Snippet("vision-normalize")]
    public static void NormalizeSnippet()
    {
        #region vision-normalize
        using var image = ones(3, 2, 2);                                          // one [C, H, W] image, no batch
        var normalize = Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]);

        using var x = normalize.call(image);
        using var means = x.mean([1, 2]);                                         // (1 - mean[c]) / std[c]
        Console.WriteLine(string.Join(", ", means.data<float>().ToArray().Select(v => v.ToString("0.0000"))));
        #endregion
    }

    [Snippet("vision-center-crop")]
    public static void CenterCropSnippet()
    {
        #region vision-center-crop
        using var grid = arange(25, dtype: ScalarType.Float32).reshape(1, 5, 5);

        using var crop = CenterCrop(2).call(grid);
        Console.WriteLine(string.Join(", ", crop.data<float>().ToArray()));      // rows 2-3, columns 2-3
        #endregion
    }

    [Snippet("vision-augment")]
    public static void Augment()
    {
        #region vision-augment
        var train = Compose(
            RandomResizedCrop(32),
            RandomHorizontalFlip(),
            ColorJitter(brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1),
            RandomRotation(15),
            ConvertImageDtype(ScalarType.Float32),
            Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]));

        manual_seed(0);                                                           // same draws as PyTorch after torch.manual_seed(0)
        using var image = randint(0, 256, [3, 48, 64], dtype: ScalarType.Byte);   // a [C, H, W] uint8 image (Images.Read)
        using var x = train.call(image);
        Console.WriteLine($"{x.dtype} [{string.Join(", ", x.shape)}]");
        #endregion
    }

    [Snippet("vision-random-affine")]
    public static void RandomAffineDigits()
    {
        #region vision-random-affine
        var digits = Compose(
            RandomAffine(10, translate: (0.1, 0.1), scale: (0.9, 1.1), shear: (-8, 8)),
            ConvertImageDtype(ScalarType.Float32));

        manual_seed(0);
        using var digit = randint(0, 256, [1, 28, 28], dtype: ScalarType.Byte);
        using var augmented = digits.call(digit);
        Console.WriteLine($"{augmented.dtype} [{string.Join(", ", augmented.shape)}]");   // same size: pixels moved in, zeros at the edges
        #endregion
    }

    [Snippet("vision-images")]
    public static void ImageFiles() => InTempFolder(folder =>
    {
        #region vision-images
        var path = Path.Combine(folder, "gradient.png");
        using var image = arange(0, 256, 4, dtype: ScalarType.Int32).to_type(ScalarType.Byte).expand(3, 48, 64).contiguous();

        Images.Write(image, path);                                // torchvision.io.write_png(image, path)
        using var chw = Images.Read(path);                        // torchvision.io.read_image(path): [C, H, W]
        using var gray = Images.Read(path, torchvision.io.ImageReadMode.GRAY);
        using var hwc = Images.Open(path);                        // np.asarray(PIL.Image.open(path)): [H, W, C]
        Console.WriteLine($"Read [{string.Join(", ", chw.shape)}], GRAY [{string.Join(", ", gray.shape)}], Open [{string.Join(", ", hwc.shape)}], {hwc.dtype}");

        using var x = ToTensor().call(hwc);                       // what transforms.ToTensor()(Image.open(path)) gives
        Console.WriteLine($"ToTensor [{string.Join(", ", x.shape)}], max {x.max().item<float>()}");
        #endregion
    });

    [Snippet("vision-idx-cifar")]
    public static void IdxCifar() => InTempFolder(folder =>
    {
        #region vision-idx-cifar
        // An MNIST-format file: what train-images-idx3-ubyte holds, for 4 images.
        var path = Path.Combine(folder, "images-idx3-ubyte.gz");
        using (var images = randint(0, 256, [4, 28, 28], dtype: ScalarType.Byte))
            Idx.Write(images, path);

        using var read = Idx.Read(path);                          // .gz is read through gzip
        Console.WriteLine($"IDX: {read.dtype} [{string.Join(", ", read.shape)}]");

        // A CIFAR-10 binary batch: per image 1 label byte, then 3072 bytes (red, green, blue planes).
        var batch = Path.Combine(folder, "data_batch_1.bin");
        File.WriteAllBytes(batch, [.. Enumerable.Range(0, 2).SelectMany(i => new byte[3073].Select((_, k) => k == 0 ? (byte)(7 + i) : (byte)k))]);
        var (pixels, labels) = Cifar10.ReadBatch(batch);
        using (pixels) using (labels)
            Console.WriteLine($"CIFAR-10: images [{string.Join(", ", pixels.shape)}], labels {string.Join(", ", labels.data<long>().ToArray())}");
        #endregion
    });

    [Snippet("vision-image-folder")]
    public static void ImageFolderSnippet() => InTempFolder(root =>
    {
        foreach (var (cls, count) in new[] { ("dog", 3), ("cat", 2) })
        {
            Directory.CreateDirectory(Path.Combine(root, cls));
            for (var i = 0; i < count; i++)
            {
                using var img = randint(0, 256, [3, 40 + i, 30], dtype: ScalarType.Byte);
                Images.Write(img, Path.Combine(root, cls, $"{i}.png"));
            }
        }

        #region vision-image-folder
        // root/cat/0.png, root/cat/1.png, root/dog/0.png ...  (datasets.ImageFolder(root, transform=...))
        var transform = Compose(ToTensor(), Resize((32, 32)), Normalize([0.5], [0.5]));
        using var dataset = new ImageFolder(root, transform);
        Console.WriteLine($"{dataset.Count} images, classes {string.Join(", ", dataset.ClassToIndex.Select(p => $"{p.Key}={p.Value}"))}");

        using var loader = DataLoader.From(dataset).Batch(4).Shuffle(seed: 0).Build();
        foreach (var (images, labels) in loader)
            Console.WriteLine($"images [{string.Join(", ", images.shape)}], labels {labels.dtype} [{string.Join(", ", labels.shape)}]");
        #endregion
    });

    [Snippet("vision-mnist")]
    public static void MnistSnippet() => InTempFolder(root =>
    {
        var raw = Path.Combine(root, "MNIST", "raw");
        Directory.CreateDirectory(raw);
        using (var images = randint(0, 256, [10, 28, 28], dtype: ScalarType.Byte))
            Idx.Write(images, Path.Combine(raw, "train-images-idx3-ubyte.gz"));
        using (var labels = arange(10).to_type(ScalarType.Byte))
            Idx.Write(labels, Path.Combine(raw, "train-labels-idx1-ubyte.gz"));

        #region vision-mnist
        // datasets.MNIST(root, train=True, transform=transforms.ToTensor()), from root/MNIST/raw (nothing is downloaded)
        using var mnist = new Mnist(root, train: true, transform: ToTensor());
        var (image, label) = mnist[3];
        using (image)
            Console.WriteLine($"{mnist.Count} samples; sample 3: {image.dtype} [{string.Join(", ", image.shape)}], label {label} ({mnist.Classes[label]})");
        Console.WriteLine($"data {mnist.Data.dtype} [{string.Join(", ", mnist.Data.shape)}], targets {mnist.Targets.dtype}");
        #endregion
    });

    [Snippet("vision-models")]
    public static void ModelsSnippet()
    {
        #region vision-models
        using var model = Models.ResNet18();                      // torchvision.models.resnet18(weights=None)
        Console.WriteLine($"{model.parameters().Sum(p => p.numel()):N0} parameters, children: {string.Join(", ", model.named_children().Select(c => c.name))}");

        model.eval();
        using var images = rand(1, 3, 224, 224);
        using (no_grad())
        using (var logits = model.call(images))
            Console.WriteLine($"[{string.Join(", ", logits.shape)}]");

        using var vgg = Models.Create("vgg16_bn", numClasses: 10); // torchvision.models.get_model("vgg16_bn", num_classes=10)
        Console.WriteLine($"{Models.Names.Count} architectures, vgg16_bn: {vgg.parameters().Sum(p => p.numel()):N0} parameters");
        #endregion
    }

    [Snippet("vision-fine-tune")]
    public static void FineTune()
    {
        #region vision-fine-tune
        // for p in model.parameters(): p.requires_grad = False
        // model.fc = nn.Linear(512, 10)
        using var model = Models.ResNet18().FreezeBackbone().ReplaceHead(10);
        Console.WriteLine($"trainable: {model.parameters().Where(p => p.requires_grad).Sum(p => p.numel()):N0}");

        model.Fc = nn.Sequential(nn.Dropout(0.2), nn.Linear(512, 10));           // any head, as model.fc = ...
        Console.WriteLine($"head: {string.Join(", ", model.Fc.named_parameters().Select(p => $"fc.{p.name} [{string.Join(", ", p.parameter.shape)}]"))}");
        #endregion
    }

    [Snippet("vision-weights")]
    public static void Weights() => InTempFolder(folder =>
    {
        #region vision-weights
        var path = Path.Combine(folder, "resnet18.pth");          // in practice: a file from Python's torch.save(model.state_dict(), path)
        using (var trained = Models.ResNet18())
            trained.SaveStateDict(path);

        using var model = Models.ResNet18();
        var result = model.LoadStateDict(path);                   // model.load_state_dict(torch.load(path))
        Console.WriteLine($"{model.state_dict().Count} entries, exact match: {result.IsExactMatch}");
        #endregion
    });

    [Snippet("vision-errors")]
    public static void Errors()
    {
        #region vision-errors
        using var gray = rand(1, 28, 28);                         // an MNIST image after ToTensor
        try
        {
            Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]).call(gray);
        }
        catch (ArgumentException e)
        {
            Console.WriteLine(e.Message);
        }
        #endregion
    }
}
