using System.IO.Compression;
using FluentAssertions;
using TorchFluent.Tests.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Data;

public sealed class CsvDatasetTests : IDisposable
{
    readonly string folder = TestPaths.NewTempFolder("csv");

    public CsvDatasetTests() => TorchRuntime.EnsureLoaded();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void FromCsv_HeaderAndLastColumnTarget_GivesFloatFeaturesAndColumnTargets()
    {
        var path = Write("data.csv", "a,b,c,target\n1,2,3,0.5\n4,5,6,1.5\n\n");

        using var dataset = Dataset.FromCsv(path, targets: [^1]);

        dataset.Count.Should().Be(2);
        var (x, y) = (dataset.Tensors[0], dataset.Tensors[1]);
        x.dtype.Should().Be(ScalarType.Float32);
        x.shape.Should().Equal(2, 3);
        TestData.Floats(x).Should().Equal(1, 2, 3, 4, 5, 6);
        y.shape.Should().Equal(2, 1);
        TestData.Floats(y).Should().Equal(0.5f, 1.5f);
    }

    [Fact]
    public void FromCsv_IntegerTargetColumn_GivesClassIndicesOfShapeN()
    {
        var path = Write("labels.csv", "f1;f2;label\n0.1;0.2;2\n0.3;0.4;0\n0.5;0.6;1.0\n");

        using var dataset = Dataset.FromCsv(path, targets: [2], delimiter: ';', targetType: ScalarType.Int64);

        var y = dataset.Tensors[1];
        y.dtype.Should().Be(ScalarType.Int64);
        y.shape.Should().Equal(3);
        TestData.Longs(y).Should().Equal(2, 0, 1);
    }

    [Fact]
    public void FromCsv_ExplicitColumnsAndFloat64_ReadsOnlyThose()
    {
        var path = Write("cols.csv", "1,2,3,4\n5,6,7,8\n");

        using var dataset = Dataset.FromCsv(path, targets: [1, 3], features: [2, 0], header: false, featureType: ScalarType.Float64);

        dataset.Tensors[0].dtype.Should().Be(ScalarType.Float64);
        TestData.Floats(dataset.Tensors[0]).Should().Equal(3, 1, 7, 5);
        TestData.Floats(dataset.Tensors[1]).Should().Equal(2, 4, 6, 8);
    }

    [Fact]
    public void FromCsv_WhitespaceDelimiterAndGzip_ReadsRunsOfSpaces()
    {
        var path = Path.Combine(folder, "spaced.csv.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        using (var writer = new StreamWriter(gzip))
            writer.Write("1  2\t3\n  4 5   6  \n");

        using var dataset = Dataset.FromCsv(path, targets: [^1], header: false, delimiter: ' ');

        TestData.Floats(dataset.Tensors[0]).Should().Equal(1, 2, 4, 5);
        TestData.Floats(dataset.Tensors[1]).Should().Equal(3, 6);
    }

    [Fact]
    public void FromCsv_QuotedNumbers_AreRead()
    {
        var path = Write("quoted.csv", "\"x\",\"y\"\n\"1.5\", \"2\"\n");

        using var dataset = Dataset.FromCsv(path, targets: [^1]);

        TestData.Floats(dataset.Tensors[0]).Should().Equal(1.5f);
    }

    [Fact]
    public void FromCsv_FieldThatIsNotANumber_NamesLineAndColumn()
    {
        var path = Write("bad.csv", "a,b,c\n1,2,3\n4,x7,6\n");

        var act = () => Dataset.FromCsv(path, targets: [^1]);

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            "bad.csv, line 3, column 2 ('b'): 'x7' is not a number.\n" +
            "Expected: a number such as 1.5 or -2e-3 (invariant culture).\n" +
            "Received: 'x7'.\n" +
            "Fix: repair the field, choose other columns, or pass header: true if this line names the columns.");
    }

    [Fact]
    public void FromCsv_HeaderReadAsData_NamesLineOne()
    {
        var path = Write("header.csv", "a,b\n1,2\n");

        var act = () => Dataset.FromCsv(path, targets: [^1], header: false);

        act.Should().Throw<InvalidDataException>().WithMessage("header.csv, line 1, column 1: 'a' is not a number.*");
    }

    [Fact]
    public void FromCsv_FractionInIntegerColumn_NamesLineAndColumn()
    {
        var path = Write("labels.csv", "x,label\n1,0\n2,2.5\n");

        var act = () => Dataset.FromCsv(path, targets: [^1], targetType: ScalarType.Int64);

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            "labels.csv, line 3, column 2 ('label'): '2.5' is not an integer.\n" +
            "Expected: a whole number for an integer dtype.\n" +
            "Received: '2.5'.\n" +
            "Fix: repair the field, or read the column as float (ScalarType.Float32).");
    }

    [Fact]
    public void FromCsv_LineWithMissingField_NamesTheLine()
    {
        var path = Write("short.csv", "a,b,c\n1,2,3\n4,5\n");

        var act = () => Dataset.FromCsv(path, targets: [^1]);

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            "short.csv, line 3: 2 fields where line 2 has 3.\n" +
            "Expected: 3 fields on every line.\n" +
            "Received: 2 fields on line 3.\n" +
            "Fix: repair the line, or check the delimiter (a space or tab delimiter accepts runs of whitespace).");
    }

    [Fact]
    public void FromCsv_ColumnOutsideFile_Throws()
    {
        var path = Write("two.csv", "1,2\n");

        var act = () => Dataset.FromCsv(path, targets: [5], header: false);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Dataset.FromCsv: column 5 in targets is not a column of two.csv.\n" +
            "Expected: columns from 0 to 1 (or ^1 to ^2 from the end).\n" +
            "Received: 5; the file has 2 columns.\n" +
            "Fix: count columns from 0; ^1 is the last column. (Parameter 'targets')");
    }

    [Fact]
    public void FromCsv_HeaderOnly_Throws()
    {
        var path = Write("empty.csv", "a,b\n");

        var act = () => Dataset.FromCsv(path, targets: [^1]);

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            "empty.csv holds no data rows.\nExpected: at least one line of numbers after the header line.\n" +
            "Received: an empty file or a header alone.\nFix: check the path, or pass header: false if the first line is data.");
    }

    [Fact]
    public void FromCsv_NoTargets_Throws()
    {
        var path = Write("x.csv", "1,2\n");

        var act = () => Dataset.FromCsv(path, targets: []);

        act.Should().Throw<ArgumentException>().WithMessage("Dataset.FromCsv got no target columns.*");
    }

    [Fact]
    public void FromCsv_ShippedIris_Has150FlowersOfThreeClasses()
    {
        using var iris = Dataset.FromCsv(Path.Combine(TestPaths.RepoRoot, "data", "iris", "iris.csv"), targets: [^1], targetType: ScalarType.Int64);

        iris.Count.Should().Be(150);
        iris.Tensors[0].shape.Should().Equal(150, 4);
        TestData.Floats(iris.Tensors[0][0]).Should().Equal(5.1f, 3.5f, 1.4f, 0.2f);
        TestData.Longs(iris.Tensors[1]).GroupBy(c => c).Select(g => (g.Key, g.Count())).Should().Equal((0L, 50), (1L, 50), (2L, 50));
    }
}
