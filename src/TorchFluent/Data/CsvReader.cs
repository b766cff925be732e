using System.Globalization;
using System.IO.Compression;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>Reads a CSV file of numbers into a features tensor and a targets tensor (<see cref="Dataset.FromCsv"/>).</summary>
internal static class CsvReader
{
    internal static (Tensor X, Tensor Y) Read(
        string path, IReadOnlyList<Index> targets, IReadOnlyList<Index>? features, bool header, char delimiter,
        ScalarType featureType, ScalarType targetType)
    {
        if (targets.Count == 0) throw new ArgumentException(Messages.CsvNoTargets, nameof(targets));
        CheckType(featureType, nameof(featureType));
        CheckType(targetType, nameof(targetType));
        var whitespace = delimiter is ' ' or '\t';
        var name = Path.GetFileName(path);

        using var stream = File.OpenRead(path);
        using var reader = new StreamReader(path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(stream, CompressionMode.Decompress)
            : stream);

        string[]? names = null;
        int[]? targetColumns = null, featureColumns = null;
        int fieldCount = -1, firstDataLine = 0, lineNumber = 0;
        var featureValues = new List<double>();
        var targetValues = new List<double>();
        var featureLongs = new List<long>();
        var targetLongs = new List<long>();
        var featureIntegral = IsIntegral(featureType);
        var targetIntegral = IsIntegral(targetType);
        var rows = 0;

        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var fields = Split(line, delimiter, whitespace);
            if (header && names is null)
            {
                names = fields;
                continue;
            }
            if (fieldCount < 0)
            {
                fieldCount = fields.Length;
                firstDataLine = lineNumber;
                targetColumns = Resolve(targets, fieldCount, nameof(targets), name);
                featureColumns = features is null
                    ? Enumerable.Range(0, fieldCount).Where(c => !targetColumns.Contains(c)).ToArray()
                    : Resolve(features, fieldCount, nameof(features), name);
                if (featureColumns.Length == 0) throw new ArgumentException(Messages.CsvNoFeatures(name, fieldCount), nameof(features));
            }
            else if (fields.Length != fieldCount)
            {
                throw new InvalidDataException(Messages.CsvFieldCount(name, lineNumber, fields.Length, fieldCount, firstDataLine));
            }
            foreach (var c in featureColumns!)
                Parse(fields[c], featureIntegral, featureValues, featureLongs, name, lineNumber, c, names);
            foreach (var c in targetColumns!)
                Parse(fields[c], targetIntegral, targetValues, targetLongs, name, lineNumber, c, names);
            rows++;
        }
        if (rows == 0) throw new InvalidDataException(Messages.CsvNoRows(name, header));

        var x = Build(featureIntegral ? featureLongs : null, featureValues, [rows, featureColumns!.Length], featureType);
        // One integer target column: class indices, shaped [rows] as cross-entropy expects.
        long[] yShape = targetColumns!.Length == 1 && targetIntegral ? [rows] : [rows, targetColumns.Length];
        var y = Build(targetIntegral ? targetLongs : null, targetValues, yShape, targetType);
        return (x, y);
    }

    static string[] Split(string line, char delimiter, bool whitespace)
    {
        var fields = whitespace
            ? line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
            : line.Split(delimiter);
        for (var i = 0; i < fields.Length; i++)
        {
            var f = fields[i].Trim();
            if (f.Length >= 2 && f[0] == '"' && f[^1] == '"') f = f[1..^1].Trim();
            fields[i] = f;
        }
        return fields;
    }

    static int[] Resolve(IReadOnlyList<Index> columns, int fieldCount, string parameter, string file)
    {
        var result = new int[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var offset = columns[i].GetOffset(fieldCount);
            if ((uint)offset >= (uint)fieldCount)
                throw new ArgumentException(Messages.CsvColumnOutOfRange(file, parameter, columns[i].ToString(), fieldCount), parameter);
            result[i] = offset;
        }
        return result;
    }

    static void Parse(string field, bool integral, List<double> values, List<long> longs, string file, int line, int column, string[]? names)
    {
        if (integral)
        {
            if (long.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
            {
                longs.Add(l);
                return;
            }
            // "3.0" in a label column is an integer written as a float: accept it when it is whole.
            if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var whole) && whole == Math.Floor(whole) && Math.Abs(whole) < 9e15)
            {
                longs.Add((long)whole);
                return;
            }
            throw new InvalidDataException(Messages.CsvNotAnInteger(file, line, column, ColumnName(names, column), field));
        }
        if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            values.Add(d);
            return;
        }
        throw new InvalidDataException(Messages.CsvNotANumber(file, line, column, ColumnName(names, column), field));
    }

    static string? ColumnName(string[]? names, int column) =>
        names is not null && column < names.Length && names[column].Length > 0 ? names[column] : null;

    static Tensor Build(List<long>? longs, List<double> values, long[] shape, ScalarType type)
    {
        using var raw = longs is not null
            ? torch.tensor(longs.ToArray(), shape, ScalarType.Int64)
            : torch.tensor(values.ToArray(), shape, ScalarType.Float64);
        return raw.to_type(type);
    }

    static bool IsIntegral(ScalarType type) => type is ScalarType.Int64 or ScalarType.Int32 or ScalarType.Int16 or ScalarType.Int8 or ScalarType.Byte;

    static void CheckType(ScalarType type, string parameter)
    {
        if (type is not (ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16
            or ScalarType.Int64 or ScalarType.Int32 or ScalarType.Int16 or ScalarType.Int8 or ScalarType.Byte))
            throw new ArgumentException(Messages.CsvUnsupportedType(type), parameter);
    }
}
