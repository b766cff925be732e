using System.Globalization;
using static TorchSharp.torch;

namespace TorchFluent;

internal static partial class Messages
{
    static string Shape(long[] shape) => ShapeText.Of(shape);

    static string Inner(Exception e) => e.GetType().Name + ": " + e.Message.Split('\n', 2)[0].Trim();

    // ---- Datasets

    internal static string IndexOutOfRange(int index, int count) =>
        $"Index {index} is outside the dataset. Expected: 0 <= index < {count} (the dataset has {count} samples). Received: {index}. Fix: use an index below Count.";

    internal static string TensorDatasetDisposed(string name) =>
        $"Dataset.FromTensors got a disposed tensor ({name}).\n" +
        "Expected: live tensors; the dataset keeps its own references to them.\n" +
        $"Received: {name}, already disposed.\n" +
        "Fix: create the dataset before disposing the tensors (disposing yours afterwards is fine).";

    internal static string TensorDatasetScalar(string name) =>
        $"Dataset.FromTensors got a 0-d tensor ({name}), which has no samples to index.\n" +
        "Expected: tensors with at least one dimension; the first dimension counts the samples.\n" +
        $"Received: {name} with shape [].\n" +
        $"Fix: give one value per sample, for example {name}.reshape(-1) or {name}.unsqueeze(0).";

    internal static string TensorDatasetRowsDiffer(string firstName, long[] firstShape, string name, long[] shape) =>
        "Dataset.FromTensors got tensors with different numbers of samples.\n" +
        "Expected: the same size in the first dimension for every tensor (one row per sample).\n" +
        $"Received: {firstName} with shape {Shape(firstShape)} ({firstShape[0]} samples) and {name} with shape {Shape(shape)} ({shape[0]} samples).\n" +
        "Fix: pass features and targets of the same samples; a tensor of samples along another dimension needs a transpose first.";

    internal static string TensorDatasetTooLarge(string name, long[] shape) =>
        $"Dataset.FromTensors got more samples than a dataset can index.\nExpected: at most {int.MaxValue} samples.\nReceived: {name} with shape {Shape(shape)}.\nFix: split the data into several datasets.";

    internal static string SubsetIndexOutOfRange(int position, int index, int count) =>
        $"Dataset.Subset got index {index} (at position {position}), outside the dataset.\n" +
        $"Expected: indices from 0 to {count - 1} (the dataset has {count} samples).\n" +
        $"Received: {index}.\n" +
        "Fix: take indices from the dataset's range, for example Enumerable.Range(0, dataset.Count).";

    internal const string ConcatNoDatasets =
        "Dataset.Concat got no datasets.\nExpected: at least one dataset.\nReceived: none.\nFix: pass the datasets to join, for example Dataset.Concat(first, second).";

    internal static string ConcatNullDataset(int position) =>
        $"Dataset.Concat got null at position {position}. Expected: datasets. Received: null. Fix: pass only datasets.";

    internal static string ConcatTooLarge(long total) =>
        $"Dataset.Concat would hold more samples than a dataset can index.\nExpected: at most {int.MaxValue} samples.\nReceived: {total} samples in all.\nFix: concatenate fewer datasets.";

    internal static string SplitNegativeLength(int position, int length) =>
        $"Dataset.RandomSplit got a negative length ({length} at position {position}).\nExpected: lengths of 0 or more.\nReceived: {length}.\nFix: give the number of samples of each part.";

    internal static string SplitLengthsSum(IReadOnlyList<int> lengths, long sum, int count) =>
        "Dataset.RandomSplit got lengths that do not add up to the dataset's size.\n" +
        $"Expected: lengths whose sum is {count} (the dataset's Count).\n" +
        $"Received: [{string.Join(", ", lengths)}], whose sum is {sum}.\n" +
        "Fix: adjust the lengths, or pass fractions such as [0.8, 0.2] and let the split round them.";

    internal static string SplitFractionRange(int position, double fraction) =>
        $"Dataset.RandomSplit got a fraction outside [0, 1] ({Number(fraction)} at position {position}).\nExpected: fractions between 0 and 1 that add up to 1.\nReceived: {Number(fraction)}.\nFix: give the share of each part, for example [0.8, 0.2].";

    internal static string SplitFractionsSum(IReadOnlyList<double> fractions, double total) =>
        "Dataset.RandomSplit got fractions that do not add up to 1.\n" +
        "Expected: fractions between 0 and 1 whose sum is 1.\n" +
        $"Received: [{string.Join(", ", fractions.Select(Number))}], whose sum is {Number(total)}.\n" +
        "Fix: adjust the fractions, or pass lengths (numbers of samples) instead.";

    internal static string SplitDeconstruct(int parts, int variables) =>
        $"The split has {parts} parts but is deconstructed into {variables} variables.\nExpected: as many variables as parts.\nReceived: {parts} parts.\nFix: deconstruct into {parts} variables, or index the array.";

    static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // ---- Files

    internal const string CsvNoTargets =
        "Dataset.FromCsv got no target columns.\nExpected: at least one target column.\nReceived: targets: [].\nFix: name the target columns, for example targets: [^1] for the last column.";

    internal static string CsvNoFeatures(string file, int fieldCount) =>
        $"Dataset.FromCsv found no feature columns in {file}.\nExpected: at least one feature column.\nReceived: {fieldCount} columns, all of them targets.\nFix: pass features explicitly, or fewer targets.";

    internal static string CsvColumnOutOfRange(string file, string parameter, string column, int fieldCount) =>
        $"Dataset.FromCsv: column {column} in {parameter} is not a column of {file}.\n" +
        $"Expected: columns from 0 to {fieldCount - 1} (or ^1 to ^{fieldCount} from the end).\n" +
        $"Received: {column}; the file has {fieldCount} columns.\n" +
        "Fix: count columns from 0; ^1 is the last column.";

    internal static string CsvFieldCount(string file, int line, int fields, int expected, int firstLine) =>
        $"{file}, line {line}: {fields} fields where line {firstLine} has {expected}.\n" +
        $"Expected: {expected} fields on every line.\n" +
        $"Received: {fields} fields on line {line}.\n" +
        "Fix: repair the line, or check the delimiter (a space or tab delimiter accepts runs of whitespace).";

    internal static string CsvNotANumber(string file, int line, int column, string? name, string field) =>
        $"{file}, line {line}, column {column + 1}{Named(name)}: '{field}' is not a number.\n" +
        "Expected: a number such as 1.5 or -2e-3 (invariant culture).\n" +
        $"Received: '{field}'.\n" +
        "Fix: repair the field, choose other columns, or pass header: true if this line names the columns.";

    internal static string CsvNotAnInteger(string file, int line, int column, string? name, string field) =>
        $"{file}, line {line}, column {column + 1}{Named(name)}: '{field}' is not an integer.\n" +
        "Expected: a whole number for an integer dtype.\n" +
        $"Received: '{field}'.\n" +
        "Fix: repair the field, or read the column as float (ScalarType.Float32).";

    static string Named(string? name) => name is null ? "" : $" ('{name}')";

    internal static string CsvNoRows(string file, bool header) =>
        $"{file} holds no data rows.\nExpected: at least one line of numbers{(header ? " after the header line" : "")}.\nReceived: an empty file{(header ? " or a header alone" : "")}.\nFix: check the path{(header ? ", or pass header: false if the first line is data" : "")}.";

    internal static string CsvUnsupportedType(ScalarType type) =>
        $"Dataset.FromCsv cannot read numbers as {type}.\nExpected: Float32, Float64, Float16, BFloat16, Int64, Int32, Int16, Int8 or Byte.\nReceived: {type}.\nFix: read as Float32 or Int64 and convert the tensor.";

    internal static string NpyNotNpy(string file) =>
        $"{file} is not a NumPy .npy file.\nExpected: a file written by numpy.save, starting with \\x93NUMPY.\nReceived: other bytes.\nFix: check the path; an .npz archive must be unpacked first.";

    internal static string NpyVersion(string file, int major, int minor) =>
        $"{file} uses .npy format version {major}.{minor}, which this reader does not know.\nExpected: version 1.0, 2.0 or 3.0.\nReceived: {major}.{minor}.\nFix: save it again with numpy.save.";

    internal static string NpyBadHeader(string file, string header) =>
        $"{file} has a .npy header this reader cannot parse.\nExpected: a dict with 'descr', 'fortran_order' and 'shape'.\nReceived: {header}\nFix: save it again with numpy.save.";

    internal static string NpyDType(string file, string descr) =>
        $"{file} holds dtype '{descr}', which has no tensor dtype.\nExpected: bool, int8, uint8, int16, int32, int64, float16, float32, float64, complex64 or complex128.\nReceived: '{descr}'.\nFix: convert the array in NumPy (for example array.astype(numpy.float32)) and save it again.";

    internal static string NpyTruncated(string file, long read, long expected) =>
        $"{file} ends before its data does.\nExpected: {expected} bytes of data.\nReceived: {read} bytes.\nFix: the file is truncated; copy or save it again.";

    internal static string NpyTooLarge(string file, long bytes) =>
        $"{file} holds {bytes} bytes of data, more than this reader handles.\nExpected: at most {int.MaxValue} bytes.\nReceived: {bytes}.\nFix: split the array into several files.";

    internal static string NpyScalar(string file) =>
        $"{file} holds a 0-d array, which has no samples to index.\nExpected: an array with at least one dimension.\nReceived: shape ().\nFix: save an array with one row per sample.";

    internal static string NpyRowsDiffer(string featuresFile, long[] featuresShape, string targetsFile, long[] targetsShape) =>
        "Dataset.FromNpy got files with different numbers of samples.\n" +
        "Expected: as many rows of targets as rows of features.\n" +
        $"Received: {Path.GetFileName(featuresFile)} with shape {Shape(featuresShape)} and {Path.GetFileName(targetsFile)} with shape {Shape(targetsShape)}.\n" +
        "Fix: save features and targets of the same samples.";

    // ---- DataLoader options

    internal static string BatchSizeInvalid(int size) =>
        "The batch size must be at least 1.\n" +
        "Expected: Batch(size) with size >= 1 (PyTorch's batch_size).\n" +
        $"Received: Batch({size}).\n" +
        "Fix: pass the number of samples per batch, for example Batch(16).";

    internal static string DatasetEmpty(string datasetType) =>
        "The dataset is empty, so there is nothing to load.\n" +
        "Expected: a dataset with at least one sample.\n" +
        $"Received: a {datasetType} whose Count is 0.\n" +
        "Fix: check the file, filter or split that produced the dataset.";

    internal static string DatasetEmptyAtEpoch(string datasetType) =>
        "The dataset is empty, so there is no epoch to load.\n" +
        "Expected: a dataset with at least one sample when an epoch starts.\n" +
        $"Received: a {datasetType} whose Count is now 0 (it had samples when the loader was built).\n" +
        "Fix: do not empty a dataset while a loader reads it.";

    internal static string WorkersInvalid(int count) =>
        "The number of workers cannot be negative.\n" +
        "Expected: Workers(count) with count >= 0 (0 makes batches on the enumerating thread, like PyTorch's num_workers=0).\n" +
        $"Received: Workers({count}).\n" +
        "Fix: pass 0 or more, for example Workers(2).";

    internal static string PrefetchInvalid(int prefetch) =>
        "Each worker must be allowed at least one finished batch.\n" +
        "Expected: Workers(count, prefetch) with prefetch >= 1 (PyTorch's prefetch_factor, default 2).\n" +
        $"Received: prefetch {prefetch}.\n" +
        "Fix: leave prefetch at its default of 2, or pass 1 or more.";

    internal static string CollationUnsupported(string sampleType, string details) =>
        $"Samples of type {sampleType} cannot be collated by default.\n" +
        "Expected: a Tensor, a .NET scalar (float, double, Half, int, long, short, sbyte, byte, bool), an array of those, a Tensor[], or a tuple of two or three of those.\n" +
        $"Received: {sampleType} ({details}).\n" +
        "Fix: pass a collate function that makes the batch: .Collate(samples => ...).";

    internal static string ElementUnsupported(string type) => $"{type} is not a tensor, a supported scalar or an array of one";

    internal static string DeviceUnsupported(string batchType, string device) =>
        $"The loader cannot move batches of type {batchType} to a device.\n" +
        "Expected: batches that are a Tensor, a tuple of two or three tensors, or a Tensor[] when To(device) is used.\n" +
        $"Received: To({device}) with batches of type {batchType}.\n" +
        "Fix: move the tensors in your collate function, or return one of those types.";

    internal static string BatchOwnershipUnsupported(string batchType) =>
        $"The loader cannot free batches of type {batchType}.\n" +
        "Expected: a batch that is a Tensor, a tuple, array, list or dictionary of tensors, or a type that implements IDisposable.\n" +
        $"Received: {batchType}, which is none of those.\n" +
        $"Fix: implement IDisposable on {batchType}, return a tuple of tensors, or call KeepBatches() and dispose each batch yourself.";

    internal static string LoaderProblems(IReadOnlyList<string> problems) =>
        $"The DataLoader cannot be built: {problems.Count} problems.\n" +
        string.Join("\n", problems.Select((p, i) => $"{i + 1}. {p}"));

    internal const string BuilderFrozen =
        "This DataLoader builder has already been used.\nExpected: options set before Build() or Collate(...).\nReceived: an option set afterwards.\nFix: start a new builder with DataLoader.From(dataset).";

    internal const string EnumeratorReset =
        "A DataLoader epoch cannot be restarted.\nExpected: a new enumeration (foreach) for a new epoch.\nReceived: Reset().\nFix: enumerate the loader again.";

    // ---- Making batches

    internal static string IndexerFailed(int index, int batch, string datasetType, int count, Exception e) =>
        $"Reading sample {index} failed (batch {batch}): {Inner(e)}\n" +
        $"Expected: {datasetType}[{index}] to return a sample (the dataset has {count} samples).\n" +
        $"Received: the {e.GetType().Name} above, thrown by the indexer.\n" +
        $"Fix: fix the dataset's indexer for sample {index}; the original exception is the InnerException.";

    internal static string NullSample(int batch, int index) =>
        $"Sample {index} (batch {batch}) is null.\nExpected: a Tensor[] for every sample.\nReceived: null.\nFix: return an array of tensors from the indexer.";

    // A sample's part in messages: "sample 4" for one-value samples, "element 1 of sample 4" for tuples and arrays.
    static string Part(int? position, int index) => position is { } p ? $"element {p} of sample {index}" : $"sample {index}";

    internal static string NullElement(int batch, int index, int? position) =>
        $"Cannot collate batch {batch}: {Part(position, index)} is null.\n" +
        $"Expected: a value {(position is { } p ? $"for element {p} of every sample" : "for every sample")}.\n" +
        "Received: null.\n" +
        "Fix: return a value from the indexer, or pass a collate function that handles missing values.";

    internal static string DisposedElement(int batch, int index, int? position) =>
        $"Cannot collate batch {batch}: {Part(position, index)} is a disposed tensor.\n" +
        "Expected: live tensors from the indexer.\n" +
        "Received: a tensor disposed before it was collated.\n" +
        "Fix: do not dispose what the indexer returns; a tensor it created inside a DisposeScope must be moved out of it (MoveToOuterDisposeScope).";

    internal static string TensorArrayLengthsDiffer(int batch, int index, int length, int firstIndex, int firstLength) =>
        $"Cannot collate batch {batch}: sample {index} has {length} tensors but sample {firstIndex} has {firstLength}.\n" +
        "Expected: the same number of tensors in every sample.\n" +
        $"Received: {firstLength} tensors in sample {firstIndex} (the batch's first) and {length} in sample {index}.\n" +
        "Fix: return the same number of tensors for every sample, or pass a collate function.";

    internal static string StackShapesDiffer(int batch, int? position, int index, long[] shape, int firstIndex, long[] firstShape) =>
        $"Cannot stack batch {batch}: {Part(position, index)} has shape {Shape(shape)} but {Part(position, firstIndex)} has shape {Shape(firstShape)}.\n" +
        $"Expected: {(position is { } p ? $"element {p} of the same shape in every sample" : "samples of the same shape")} in a batch (torch.stack).\n" +
        $"Received: {Shape(firstShape)} in sample {firstIndex} (the batch's first) and {Shape(shape)} in sample {index}.\n" +
        "Fix: make every sample the same shape in the dataset (crop, pad or resize), or pass a collate function that pads.";

    internal static string StackFailed(int batch, int? position, string native, string shape, string dtypes, string devices) =>
        $"Cannot stack batch {batch}: torch.stack failed on {(position is { } p ? $"element {p}" : "the samples")}: {native}\n" +
        "Expected: tensors of one shape that can be stacked on one device.\n" +
        $"Received: shape {shape}, dtypes {dtypes}, devices {devices}.\n" +
        "Fix: return tensors on the same device from the indexer, or pass a collate function.";

    internal static string ArrayShapesDiffer(int batch, int? position, string arrayType, int index, long[] dims, int firstIndex, long[] firstDims) =>
        $"Cannot collate batch {batch}: {Part(position, index)} is a {arrayType} of shape {Shape(dims)} but {Part(position, firstIndex)} has shape {Shape(firstDims)}.\n" +
        "Expected: arrays of the same shape in every sample of a batch.\n" +
        $"Received: {Shape(firstDims)} in sample {firstIndex} (the batch's first) and {Shape(dims)} in sample {index}.\n" +
        "Fix: make every sample's array the same length (pad or crop), or pass a collate function.";

    internal static string CollateFailed(int batch, int[] indices, Exception e) =>
        $"The collate function failed on batch {batch}: {Inner(e)}\n" +
        "Expected: a batch made from the samples.\n" +
        $"Received: the {e.GetType().Name} above for samples {string.Join(", ", indices)}.\n" +
        "Fix: fix the collate function; the original exception is the InnerException.";

    internal static string DeviceMoveFailed(int batch, string device, Exception e) =>
        $"Moving batch {batch} to {device} failed: {Inner(e)}\n" +
        $"Expected: a device this machine has.\n" +
        $"Received: {device}.\n" +
        "Fix: pick an available device (torch.cuda.is_available() tells whether CUDA is there).";

    internal static string WorkerEndedEarly(int batch) =>
        $"A DataLoader worker stopped before making batch {batch}.\nExpected: a batch or the worker's exception.\nReceived: neither.\nFix: this is a TorchFluent bug; please report it.";
}
