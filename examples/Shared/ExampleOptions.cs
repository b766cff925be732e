using System.Globalization;

namespace TorchFluent.Examples;

/// <summary>
/// The command line every example understands: <c>--smoke</c> (a fast run that CI uses: fewer epochs, same code
/// paths), <c>--epochs N</c>, and <c>--out folder</c> (where plots and models go; default artifacts/&lt;Example&gt;).
/// </summary>
internal sealed class ExampleOptions
{
    ExampleOptions(bool smoke, int? epochs, string output)
    {
        Smoke = smoke;
        RequestedEpochs = epochs;
        Output = output;
    }

    public bool Smoke { get; }

    public int? RequestedEpochs { get; }

    public string Output { get; }

    /// <summary>The epoch count: --epochs if given, else <paramref name="smoke"/> or <paramref name="full"/>.</summary>
    public int Epochs(int full, int smoke) => RequestedEpochs ?? (Smoke ? smoke : full);

    public static ExampleOptions Parse(string[] args, string example)
    {
        int? epochs = null;
        var output = Path.Combine("artifacts", example);
        var smoke = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--smoke":
                    smoke = true;
                    break;
                case "--epochs" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
                    epochs = n;
                    i++;
                    break;
                case "--out" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                default:
                    throw new ArgumentException($"Unknown or incomplete option '{args[i]}'. Expected: --smoke, --epochs N (N >= 1), --out FOLDER.");
            }
        }
        Directory.CreateDirectory(output);
        return new ExampleOptions(smoke, epochs, Path.GetFullPath(output));
    }

    /// <summary>A file in the output folder.</summary>
    public string File(string name) => Path.Combine(Output, name);
}
