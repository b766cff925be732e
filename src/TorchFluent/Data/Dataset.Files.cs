using static TorchSharp.torch;

namespace TorchFluent;

public abstract partial class Dataset
{
    /// <summary>
    /// Reads a CSV file of numbers into a dataset of features and targets (what a PyTorch user does with pandas and
    /// <c>TensorDataset</c>). The whole file is read now; the dataset then serves rows of two tensors.
    /// </summary>
    /// <param name="path">The file; a name ending in <c>.gz</c> is read through gzip.</param>
    /// <param name="targets">
    /// The target columns, counted from 0; <c>^1</c> is the last column. Example: <c>targets: [^1]</c>.
    /// </param>
    /// <param name="features">The feature columns; null (the default) means every column that is not a target.</param>
    /// <param name="header">True (the default) when the first line names the columns rather than holding numbers.</param>
    /// <param name="delimiter">
    /// The field separator, <c>','</c> by default. A space or tab also accepts runs of spaces and tabs, as in
    /// whitespace-aligned files.
    /// </param>
    /// <param name="featureType">The dtype of <c>X</c>; float32 by default (what modules expect).</param>
    /// <param name="targetType">
    /// The dtype of <c>Y</c>; float32 by default (regression). Use <c>ScalarType.Int64</c> for class labels.
    /// </param>
    /// <returns>
    /// A dataset of <c>(X, Y)</c>: <c>X</c> is [rows, features]; <c>Y</c> is [rows, targets], except that a single
    /// integer target column gives [rows] (class indices, the shape cross-entropy expects).
    /// </returns>
    /// <exception cref="InvalidDataException">
    /// A field is not a number, or a line has a different number of fields; the message names the line and column.
    /// </exception>
    /// <exception cref="ArgumentException">A column index is outside the file's columns, or no targets were given.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static TensorDataset<(Tensor X, Tensor Y)> FromCsv(
        string path,
        IReadOnlyList<Index> targets,
        IReadOnlyList<Index>? features = null,
        bool header = true,
        char delimiter = ',',
        ScalarType featureType = ScalarType.Float32,
        ScalarType targetType = ScalarType.Float32)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(targets);
        TorchRuntime.EnsureLoaded();
        var (x, y) = CsvReader.Read(path, targets, features, header, delimiter, featureType, targetType);
        using (x)
        using (y)
        {
            return FromTensors(x, y);
        }
    }

    /// <summary>
    /// Reads a NumPy <c>.npy</c> file (as written by <c>numpy.save</c>) into a dataset whose samples are its rows.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>A dataset over the array, with its dtype and shape.</returns>
    /// <exception cref="InvalidDataException">The file is not a .npy file, is truncated, or holds an unsupported dtype.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static TensorDataset<Tensor> FromNpy(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        TorchRuntime.EnsureLoaded();
        using var x = NpyReader.Read(path);
        if (x.dim() == 0) throw new ArgumentException(Messages.NpyScalar(Path.GetFileName(path)), nameof(path));
        return FromTensors(x);
    }

    /// <summary>
    /// Reads features and targets from two NumPy <c>.npy</c> files (as written by <c>numpy.save</c>) into a dataset
    /// of <c>(X, Y)</c> pairs. Dtypes and shapes are kept as stored.
    /// </summary>
    /// <param name="featuresPath">The features file: one sample per row.</param>
    /// <param name="targetsPath">The targets file: as many rows as the features file.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="InvalidDataException">A file is not a .npy file, is truncated, or holds an unsupported dtype.</exception>
    /// <exception cref="ArgumentException">The files hold different numbers of rows.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    public static TensorDataset<(Tensor X, Tensor Y)> FromNpy(string featuresPath, string targetsPath)
    {
        ArgumentNullException.ThrowIfNull(featuresPath);
        ArgumentNullException.ThrowIfNull(targetsPath);
        TorchRuntime.EnsureLoaded();
        using var x = NpyReader.Read(featuresPath);
        using var y = NpyReader.Read(targetsPath);
        var (xShape, yShape) = (x.shape, y.shape);
        if (xShape.Length == 0 || yShape.Length == 0 || xShape[0] != yShape[0])
            throw new ArgumentException(Messages.NpyRowsDiffer(featuresPath, xShape, targetsPath, yShape), nameof(targetsPath));
        return FromTensors(x, y);
    }
}
