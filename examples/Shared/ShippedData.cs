using System.Globalization;
using System.IO.Compression;
using static TorchSharp.torch;

namespace TorchFluent.Examples;

/// <summary>
/// The small real data sets shipped in data/ (copied next to each example's binary by its project file), read into
/// tensors. Provenance and licence: data/&lt;set&gt;/README.md.
/// </summary>
internal static class ShippedData
{
    static string Folder(string set) => Path.Combine(AppContext.BaseDirectory, "data", set);

    /// <summary>Diabetes: 442 patients, 10 raw features (float32 [442, 10]) and the disease progression (float32 [442, 1]).</summary>
    public static (Tensor X, Tensor Y) Diabetes()
    {
        var features = ReadGz(Path.Combine(Folder("diabetes"), "diabetes_data_raw.csv.gz"), ' ');
        var target = ReadGz(Path.Combine(Folder("diabetes"), "diabetes_target.csv.gz"), ' ');
        return (ToTensor(features), ToTensor(target));
    }

    /// <summary>Digits: 1797 images of 8x8 pixels 0..16 as float32 [1797, 64], and labels 0..9 as int64 [1797].</summary>
    public static (Tensor X, Tensor Y) Digits()
    {
        var rows = ReadGz(Path.Combine(Folder("digits"), "digits.csv.gz"), ',');
        var pixels = rows.Select(r => r[..64]).ToList();
        var labels = rows.Select(r => (long)r[64]).ToArray();
        return (ToTensor(pixels), Tensors.From(labels));
    }

    static Tensor ToTensor(List<double[]> rows)
    {
        var flat = rows.SelectMany(r => r).Select(v => (float)v).ToArray();
        return Tensors.From<float>(flat, [rows.Count, rows[0].Length]);
    }

    static List<double[]> ReadGz(string path, char delimiter)
    {
        using var reader = new StreamReader(new GZipStream(System.IO.File.OpenRead(path), CompressionMode.Decompress));
        var rows = new List<double[]>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            rows.Add(line.Split(delimiter, StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray());
        }
        return rows;
    }
}
