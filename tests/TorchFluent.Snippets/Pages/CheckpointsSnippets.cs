using TorchFluent.Snippets.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Snippets.Pages;

/// <summary>The C# blocks of docs/checkpoints.md. Snippets that write files work in a fresh temporary folder.</summary>
public static class CheckpointsSnippets
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

    [Snippet("checkpoints-save-load")]
    public static void SaveLoad() => InTempFolder(folder =>
    {
        #region checkpoints-save-load
        var path = Path.Combine(folder, "model.pth");

        using var model = nn.Sequential(("0", nn.Linear(10, 32)), ("1", nn.Sigmoid()), ("2", nn.Linear(32, 1)));
        model.SaveStateDict(path);                 // torch.save(model.state_dict(), path)

        using var restored = nn.Sequential(("0", nn.Linear(10, 32)), ("1", nn.Sigmoid()), ("2", nn.Linear(32, 1)));
        restored.LoadStateDict(path);              // model.load_state_dict(torch.load(path))

        using var state = restored.StateDict();    // model.state_dict(): detached tensors, PyTorch's keys and order
        Console.WriteLine(state);
        #endregion
    });

    [Snippet("checkpoints-formats")]
    public static void Formats() => InTempFolder(folder =>
    {
        #region checkpoints-formats
        using var model = nn.Sequential(("0", nn.Linear(10, 32)), ("1", nn.Sigmoid()), ("2", nn.Linear(32, 1)));

        model.SaveStateDict(Path.Combine(folder, "model.pth"));                    // PyTorch (torch.save)
        model.SaveStateDict(Path.Combine(folder, "model.safetensors"));            // safetensors
        model.SaveStateDict(Path.Combine(folder, "model.dat"));                    // TorchSharp (Module.save)
        model.SaveStateDict(Path.Combine(folder, "weights.bin"), CheckpointFormat.Safetensors);

        // Loading looks at the content, not the name.
        model.LoadStateDict(Path.Combine(folder, "weights.bin"));
        using var state = StateDict.Load(Path.Combine(folder, "model.dat"));    // torch.load(path)
        Console.WriteLine($"{state.Count} tensors, 0.weight is {state["0.weight"].dtype}");
        #endregion
    });

    [Snippet("checkpoints-strict")]
    public static void Strict()
    {
        #region checkpoints-strict
        using var small = nn.Linear(1, 1);
        using var wide = nn.Linear(1, 3);
        using var state = small.StateDict();

        try
        {
            wide.LoadStateDict(state);
        }
        catch (StateDictMismatchException e)
        {
            // Every problem at once; nothing was loaded. Raw TorchSharp would broadcast silently here.
            foreach (var mismatch in e.ShapeMismatches) Console.WriteLine(mismatch);
        }
        #endregion
    }

    [Snippet("checkpoints-not-strict")]
    public static void NotStrict()
    {
        #region checkpoints-not-strict
        using var model = nn.Sequential(("0", nn.Linear(10, 32)), ("1", nn.Sigmoid()), ("2", nn.Linear(32, 1)));
        using var head = nn.Linear(32, 1);
        using var headState = head.StateDict();

        // Load only the last layer: rename its keys, skip what is missing.
        using var renamed = StateDict.From(headState.Select(e => KeyValuePair.Create("2." + e.Key, e.Value)));
        var result = model.LoadStateDict(renamed, strict: false);
        Console.WriteLine(result);
        #endregion
    }

    [Snippet("checkpoints-resume")]
    public static void Resume() => InTempFolder(folder =>
    {
        #region checkpoints-resume
        using var model = nn.Sequential(("0", nn.Linear(10, 32)), ("1", nn.Sigmoid()), ("2", nn.Linear(32, 1)));
        using var optimizer = optim.SGD(model.parameters(), 0.1, momentum: 0.9);
        // ... train ...
        model.SaveStateDict(Path.Combine(folder, "model.pth"));
        optimizer.SaveStateDict(Path.Combine(folder, "optimizer.pth"));

        // Later, or in another process: build the same model and optimizer, then restore both.
        using var resumed = nn.Sequential(("0", nn.Linear(10, 32)), ("1", nn.Sigmoid()), ("2", nn.Linear(32, 1)));
        using var resumedOptimizer = optim.SGD(resumed.parameters(), 0.1, momentum: 0.9);
        resumed.LoadStateDict(Path.Combine(folder, "model.pth"));
        resumedOptimizer.LoadStateDict(Path.Combine(folder, "optimizer.pth"));
        Console.WriteLine("resumed");
        #endregion
    });

    [Snippet("checkpoints-errors")]
    public static void Errors() => InTempFolder(folder =>
    {
        #region checkpoints-errors
        var path = Path.Combine(folder, "model.pth");
        File.WriteAllText(path, "");    // what a crash during a non-atomic save can leave behind
        using var model = nn.Sequential(("0", nn.Linear(10, 32)), ("1", nn.Sigmoid()), ("2", nn.Linear(32, 1)));

        try
        {
            model.LoadStateDict(path);
        }
        catch (CheckpointException e)
        {
            Console.WriteLine($"{e.Problem}: {Path.GetFileName(e.FilePath)}");
        }
        #endregion
    });
}
