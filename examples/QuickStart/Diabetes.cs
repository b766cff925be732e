using System.Globalization;
using System.IO.Compression;

namespace QuickStart;

/// <summary>Reads the shipped diabetes data (442 patients, 10 features, 1 target) and standardises it.</summary>
internal static class Diabetes
{
    public static (float[,] Features, float[] Target) Load(string folder)
    {
        var rows = ReadRows(Path.Combine(folder, "diabetes_data_raw.csv.gz"));
        var target = ReadRows(Path.Combine(folder, "diabetes_target.csv.gz")).Select(r => r[0]).ToArray();
        var features = new float[rows.Count, rows[0].Length];
        for (var j = 0; j < rows[0].Length; j++)
        {
            var column = rows.Select(r => r[j]).ToArray();
            var (mean, std) = Moments(column);
            for (var i = 0; i < rows.Count; i++) features[i, j] = (float)((column[i] - mean) / std);
        }
        var (tMean, tStd) = Moments(target);
        return (features, target.Select(t => (float)((t - tMean) / tStd)).ToArray());
    }

    static (double Mean, double Std) Moments(double[] values)
    {
        var mean = values.Average();
        return (mean, Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average()));
    }

    static List<double[]> ReadRows(string path)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var rows = new List<double[]>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            rows.Add(line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray());
        }
        return rows;
    }
}
