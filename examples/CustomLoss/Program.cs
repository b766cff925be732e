// CustomLoss: the reference text's "Customized Loss Function". Three ways to write a loss - a plain function, a
// class, and a custom autograd function with a hand-written backward - checked against the built-in loss (value and
// gradient) and with a finite-difference gradient check, then each used to train MyNet on the diabetes data.
//   dotnet run --project examples/CustomLoss [-- --smoke | --epochs N | --out FOLDER]
using TorchFluent;
using TorchFluent.Examples;
using static TorchSharp.torch;

var options = ExampleOptions.Parse(args, "CustomLoss");
var epochs = options.Epochs(full: 40, smoke: 2);
manual_seed(0);

// 1. A class, like PyTorch's nn.Module loss: MSE written by hand equals nn.MSELoss in value and gradient.
using var output = randn(8, 1, requires_grad: true);
using var target = randn(8, 1);
using var builtIn = Losses.Mse();
using var handMade = new HandMadeMse();
var (builtInValue, builtInGrad) = ValueAndGradient(builtIn, output, target);
var (handMadeValue, handMadeGrad) = ValueAndGradient(handMade, output, target);
Console.WriteLine($"class MSE {handMadeValue:F6} vs nn.MSELoss {builtInValue:F6}; largest gradient difference {MaxDifference(handMadeGrad, builtInGrad):E1}; parameters: {handMade.parameters().Count()}");

// 2. RMSE = sqrt(MSE), and its gradient: d sqrt(m)/dx = (dm/dx) / (2 sqrt(m)).
using var rmse = Losses.From((o, t) => nn.functional.mse_loss(o, t).sqrt(), "RMSE");
var (rmseValue, rmseGrad) = ValueAndGradient(rmse, output, target);
using var expectedRmseGrad = builtInGrad.div(2 * Math.Sqrt(builtInValue));
Console.WriteLine($"RMSE {rmseValue:F6} = sqrt(MSE) {Math.Sqrt(builtInValue):F6}; gradient difference {MaxDifference(rmseGrad, expectedRmseGrad):E1}");

// 3. A plain function: an L1 loss that weighs errors on extreme targets more (weight 1 + |target|).
using var weightedL1 = Losses.From((o, t) => ((1 + t.abs()) * (o - t).abs()).mean(), "WeightedL1");
Console.WriteLine($"weighted L1 {ValueAndGradient(weightedL1, output, target).Value:F6}");

// 4. A custom autograd function with a hand-written backward, checked against finite differences in float64.
using var x64 = randn(5, 1, dtype: float64, requires_grad: true);
using var t64 = randn(5, 1, dtype: float64);
Console.WriteLine($"Huber autograd function passes the gradient check: {GradCheck.Passes(x64, t64)}");

// Each loss trains MyNet(10, 20, 1) on the standardised diabetes data; the curves show the same MSE metric.
var (features, labels) = ShippedData.Diabetes();
using var _f = features;
using var _l = labels;
using var xScale = new Standardizer(features);
using var yScale = new Standardizer(labels);
using var x = xScale.Apply(features);
using var y = yScale.Apply(labels);
using var loader = DataLoader.From(Dataset.FromTensors(x, y)).Batch(16).Shuffle(seed: 0).Build();
using var huber = Losses.From((o, t) => HuberFunction.apply(o, t), "Huber");
var plot = new LinePlot("MyNet on diabetes: MSE per epoch, trained with each loss", "epoch");
foreach (var criterion in new TorchSharp.Loss<Tensor, Tensor, Tensor>[] { builtIn, handMade, rmse, weightedL1, huber })
{
    manual_seed(0);
    using var model = new MyNet(10, 20, 1);
    var history = Trainer.For(model).Loss(criterion).Optimizer(Optim.Sgd(lr: 0.05)).Metrics(Metrics.Mse()).Fit(loader, epochs: epochs);
    Console.WriteLine($"{criterion.GetName(),-12} training MSE after {epochs} epochs: {history["mse"][^1]:F4}");
    plot.Add(criterion.GetName(), history["mse"]);
}
plot.SavePng(options.File("losses.png"));
Console.WriteLine($"curves: {options.File("losses.png")}");

static (double Value, Tensor Gradient) ValueAndGradient(TorchSharp.Loss<Tensor, Tensor, Tensor> loss, Tensor output, Tensor target)
{
    output.grad?.zero_();
    using var value = loss.call(output, target);
    value.backward();
    return (value.item<float>(), output.grad!.clone());
}

static double MaxDifference(Tensor a, Tensor b)
{
    using var difference = a.sub(b).abs().max();
    return difference.item<float>();
}
