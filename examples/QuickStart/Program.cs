// QuickStart: the reference text's gradient example, then its MyNet(10, 20, 1) trained on the diabetes data.
// Run: dotnet run --project examples/QuickStart [-- --smoke | --epochs N]
using QuickStart;
using TorchFluent;
using static TorchSharp.torch;

var smoke = args.Contains("--smoke");
var epochs = smoke ? 2 : 20;
var epochsAt = Array.IndexOf(args, "--epochs");
if (epochsAt >= 0 && epochsAt + 1 < args.Length) epochs = int.Parse(args[epochsAt + 1]);

TorchRuntime.EnsureLoaded();
manual_seed(0);

// x = torch.tensor([[1., 0.], [-1., 1.]], requires_grad=True); z = x.pow(2).sum(); z.backward()
using (var x = tensor(new float[] { 1, 0, -1, 1 }, new long[] { 2, 2 }, requires_grad: true))
using (var z = x.pow(2).sum())
{
    z.backward();
    var g = x.grad!.data<float>().ToArray();
    Console.WriteLine($"z = {z.item<float>()}, x.grad = [[{g[0]}, {g[1]}], [{g[2]}, {g[3]}]]");
}

var (features, target) = Diabetes.Load(Path.Combine(AppContext.BaseDirectory, "data"));
using var xs = tensor(features);
using var ys = tensor(target).unsqueeze(1);
var count = xs.shape[0];
Console.WriteLine($"diabetes: {count} samples x {xs.shape[1]} features (standardised)");

using var model = new MyNet(10, 20, 1);
using var optimizer = optim.SGD(model.parameters(), learningRate: 0.05);
using var criterion = nn.MSELoss();
const int batchSize = 16;

for (var epoch = 1; epoch <= epochs; epoch++)
{
    model.train();
    double total = 0;
    using var order = randperm(count);
    for (long start = 0; start < count; start += batchSize)
    {
        using var scope = NewDisposeScope();   // frees every temporary of this step
        var index = order.narrow(0, start, Math.Min(batchSize, count - start));
        var xb = xs.index_select(0, index);
        var yb = ys.index_select(0, index);
        optimizer.zero_grad();
        var loss = criterion.forward(model.forward(xb), yb);
        loss.backward();
        optimizer.step();
        total += loss.item<float>() * xb.shape[0];
    }
    Console.WriteLine($"epoch {epoch,2}/{epochs}  train MSE {total / count:F4}");
}
