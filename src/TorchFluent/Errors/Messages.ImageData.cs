namespace TorchFluent;

internal static partial class Messages
{
    // ---- MNIST's IDX files ----

    internal static string IdxTooShort(string path, long length) =>
        $"The IDX file {path} is too short to be one: {length} bytes.\n" +
        "Expected: a 4-byte magic number (0, 0, type, dimensions), 4 bytes per dimension, then the values.\n" +
        $"Received: {length} bytes.\n" +
        "Fix: the file is truncated or empty; download or extract it again.";

    internal static string IdxMagic(string path, ReadOnlySpan<byte> head) =>
        $"The file {path} is not an IDX file.\n" +
        "Expected: a magic number starting with two zero bytes (00 00 08 03 for MNIST images, 00 00 08 01 for labels).\n" +
        $"Received: {Hex(head)}.\n" +
        (head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B
            ? "Fix: the file is gzip-compressed; name it with a .gz extension (it is then read through gzip) or decompress it first."
            : "Fix: pass an IDX file such as train-images-idx3-ubyte (or its .gz).");

    internal static string IdxType(string path, byte code) =>
        $"The IDX file {path} declares value type 0x{code:X2}, which IDX does not define.\n" +
        "Expected: 0x08 (uint8), 0x09 (int8), 0x0B (int16), 0x0C (int32), 0x0D (float32) or 0x0E (float64).\n" +
        $"Received: 0x{code:X2}.\n" +
        "Fix: the file is damaged or not an IDX file; download it again.";

    internal static string IdxNoDimensions(string path) =>
        $"The IDX file {path} declares 0 dimensions.\nExpected: 1 or more dimensions (1 for labels, 3 for images).\nReceived: 0.\nFix: the file is damaged or not an IDX file; download it again.";

    internal static string IdxLength(string path, long[] shape, string dtype, long expected, long received) =>
        $"The IDX file {path} holds {received} bytes of values, but its header declares {dtype} {ImageShape(shape)}.\n" +
        $"Expected: {expected} bytes of values.\n" +
        $"Received: {received} bytes{(received < expected ? " (the file is truncated)" : " (extra bytes after the values)")}.\n" +
        "Fix: download or extract the file again; a partial download is the usual cause.";

    internal static string IdxWriteDType(string dtype) =>
        $"Idx.Write got a tensor of dtype {dtype}.\nExpected: uint8, int8, int16, int32, float32 or float64 (the types IDX defines).\nReceived: {dtype}.\nFix: convert the tensor first, for example x.to_type(ScalarType.Int32).";

    internal static string IdxWriteRank(long[] shape) =>
        $"Idx.Write got a tensor of shape {ImageShape(shape)}.\nExpected: 1 to 255 dimensions (IDX stores the count in one byte).\nReceived: {shape.Length} dimensions.\nFix: reshape the tensor, for example x.reshape(-1) for a scalar.";

    // ---- CIFAR binary files ----

    internal static string CifarLength(string path, long length, string variant, int recordSize) =>
        $"The file {path} is not a {variant} binary batch: its {length} bytes are not a whole number of {recordSize}-byte records.\n" +
        $"Expected: a multiple of {recordSize} bytes ({(recordSize == 3073 ? "1 label byte" : "2 label bytes")} and 3072 pixel bytes per image; 30,730,000 bytes for a CIFAR-10 batch of 10,000).\n" +
        $"Received: {length} bytes ({length / recordSize} whole records and {length % recordSize} bytes left over).\n" +
        (length % 3073 == 0 && recordSize == 3074 ? "Fix: this looks like a CIFAR-10 file; read it with Cifar10.ReadBatch." :
         length % 3074 == 0 && recordSize == 3073 ? "Fix: this looks like a CIFAR-100 file; read it with Cifar100.ReadBatch." :
         "Fix: the file is truncated or is not from the binary version of CIFAR (cifar-10-binary.tar.gz / cifar-100-binary.tar.gz); extract it again.");

    internal static string CifarLabel(string path, long record, int label, int classes, string variant) =>
        $"The file {path} has label {label} in record {record}, but {variant} has {classes} classes.\n" +
        $"Expected: labels from 0 to {classes - 1}.\n" +
        $"Received: {label}.\n" +
        (variant == "CIFAR-10"
            ? "Fix: this may be a CIFAR-100 file (2 label bytes per record); read it with Cifar100.ReadBatch, or extract the file again."
            : "Fix: this may be a CIFAR-10 file; read it with Cifar10.ReadBatch, or extract the file again.");

    internal static string GzipDamaged(string path, string detail) =>
        $"The gzip file {path} could not be decompressed: {detail}\n" +
        "Expected: a complete .gz file.\nReceived: damaged or truncated gzip data.\n" +
        "Fix: download the file again, or decompress it with another tool to see where it breaks.";

    // ---- Datasets read from local folders ----

    internal static string DatasetFilesMissing(string dataset, string folder, IEnumerable<string> missing, string source) =>
        $"{dataset} cannot find its files in {folder}.\n" +
        $"Expected: {string.Join(", ", missing)} in that folder{(dataset.Contains("MNIST", StringComparison.Ordinal) ? " (or the same names ending in .gz)" : "")}.\n" +
        "Received: a folder without them.\n" +
        $"Fix: nothing is downloaded here; get {source} and extract it so that the files sit in {folder}, or pass the root folder that holds it.";

    internal static string MnistFileContent(string path, string expected, string dtype, long[] shape) =>
        $"The MNIST file {path} does not hold {expected}.\n" +
        $"Expected: {expected}.\n" +
        $"Received: {dtype} {ImageShape(shape)}.\n" +
        "Fix: check that the images and labels files were not swapped or renamed, and extract them again.";

    internal static string MnistCountsDiffer(string images, long imageCount, string labels, long labelCount) =>
        $"The MNIST files hold {imageCount} images but {labelCount} labels.\n" +
        "Expected: one label per image.\n" +
        $"Received: {imageCount} images in {images}, {labelCount} labels in {labels}.\n" +
        "Fix: use the images and labels files of the same split (train-* with train-*, t10k-* with t10k-*).";

    internal static string ImageFolderNoClasses(string root) =>
        $"ImageFolder found no class folders in {root}.\n" +
        "Expected: one subfolder per class, holding that class's images (root/cat/1.png, root/dog/2.png ...).\n" +
        "Received: a folder without subfolders.\n" +
        "Fix: pass the folder whose subfolders are the classes (for a train/val layout, root/train rather than root).";

    internal static string ImageFolderEmptyClasses(string root, IEnumerable<string> classes, IEnumerable<string> extensions) =>
        $"ImageFolder found no images for the classes {string.Join(", ", classes)} in {root}.\n" +
        $"Expected: at least one file per class folder with one of the extensions {string.Join(", ", extensions)}.\n" +
        "Received: class folders without such files.\n" +
        "Fix: remove the empty class folders, add their images, or pass the extensions your files use.";

    internal static string ImageFolderNoRoot(string root) =>
        $"ImageFolder's root folder {root} does not exist.\n" +
        "Expected: an existing folder with one subfolder per class.\n" +
        $"Received: {root} (full path: {Path.GetFullPath(root)}).\n" +
        "Fix: check the path; a relative path is resolved from the current directory, not from the program's folder.";
}
