using System.Text.Json;

namespace TorchFluent.Conformance.Infrastructure;

/// <summary>
/// One golden file (goldens/&lt;area&gt;.json), written by generators/gen_&lt;area&gt;.py with real PyTorch.
/// <c>Golden.Load("autograd_basics")["gradient_example"].Tensor("grad")</c>.
/// </summary>
public sealed class Golden
{
    static readonly Dictionary<string, Golden> Cache = [];
    readonly JsonElement cases;

    Golden(string area, JsonDocument document)
    {
        Area = area;
        Torch = document.RootElement.GetProperty("torch").GetString()!;
        cases = document.RootElement.GetProperty("cases");
    }

    /// <summary>The area (file name without extension).</summary>
    public string Area { get; }

    /// <summary>The PyTorch version that wrote the file.</summary>
    public string Torch { get; }

    /// <summary>Loads (once per process) goldens/<paramref name="area"/>.json from the test output folder.</summary>
    public static Golden Load(string area)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(area, out var golden)) return golden;
            var path = Path.Combine(AppContext.BaseDirectory, "goldens", area + ".json");
            if (!File.Exists(path))
                throw new FileNotFoundException($"Golden file {path} is missing: run tests/TorchFluent.Conformance/generators/generate_all.sh and commit the result.", path);
            golden = new Golden(area, JsonDocument.Parse(File.ReadAllText(path)));
            Cache[area] = golden;
            return golden;
        }
    }

    /// <summary>One case by name.</summary>
    public GoldenCase this[string name] =>
        cases.TryGetProperty(name, out var element)
            ? new GoldenCase($"{Area}/{name}", element)
            : throw new KeyNotFoundException($"Golden case '{name}' is not in goldens/{Area}.json: regenerate the goldens.");

    /// <summary>All case names in the file.</summary>
    public IEnumerable<string> CaseNames => cases.EnumerateObject().Select(p => p.Name);
}
