using TorchFluent.Snippets.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Snippets.Pages;

/// <summary>The C# blocks of docs/devices.md.</summary>
public static class DevicesSnippets
{
    [Snippet("devices-naming")]
    public static void Naming()
    {
        #region devices-naming
        Device cpu = Device.Cpu;                  // torch.device("cpu")
        Device second = Device.Cuda(1);           // torch.device("cuda:1"): naming needs no GPU
        Device parsed = Device.Parse("cuda:0");   // the strings PyTorch takes: "cpu", "cuda", "cuda:1", "mps"
        Console.WriteLine($"{cpu} {second} {parsed} {Device.Cuda()}");
        Console.WriteLine($"{cpu.Index?.ToString() ?? "None"} {second.Index}");
        Console.WriteLine(Device.TryParse("CUDA", out _));   // lowercase only, as in PyTorch
        #endregion
    }

    [Snippet("devices-best")]
    public static void Best()
    {
        #region devices-best
        // device = "cuda" if torch.cuda.is_available() else "cpu"
        var device = Device.Best;
        using var model = nn.Linear(10, 1).To(device);
        using var x = ones(5, 10).To(device);
        using var y = model.forward(x);
        Console.WriteLine(y.Shape);
        #endregion
    }

    [Snippet("devices-to")]
    public static void To()
    {
        #region devices-to
        using var x = ones(2, 2);
        Console.WriteLine(ReferenceEquals(x.To("cpu"), x));   // already there: the same tensor, as in PyTorch
        if (!Cuda.IsAvailable)
        {
            try
            {
                using var onGpu = x.To("cuda");
            }
            catch (InvalidOperationException e)
            {
                Console.WriteLine(e.Message.Split('\n')[0]);
            }
        }
        #endregion
    }
}
