// Autograd: the reference text's "Gradient Calculation", "Leaf Tensor and Autograd" and "Notices" - requires_grad,
// the gradient example z = x.pow(2).sum() with its derivation, leaf tensors and RetainGrad, gradients accumulating
// (and the text's plain z.backward(); z.backward(), which fails in real PyTorch too), ZeroGrad, the NoGrad and
// InferenceMode scopes. Then linear regression on the shipped diabetes data trained with autograd by hand (no
// optimizer: w -= lr * w.Grad under NoGrad), its loss plotted to loss.png and checked against least squares.
//   dotnet run --project examples/Autograd [-- --smoke | --epochs N | --out FOLDER]
using System.Globalization;
using TorchFluent;
using TorchFluent.Examples;
using static TorchSharp.torch;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = ExampleOptions.Parse(args, "Autograd");
var epochs = options.Epochs(full: 5000, smoke: 10);
manual_seed(0);
static string Show(Tensor t) => TensorText.Values(t);

Section("requires_grad");
using var x = Tensors.From(new float[,] { { 1, 0 }, { -1, 1 } }, requiresGrad: true);
Console.WriteLine($"x = {Show(x)}, x.RequiresGrad = {x.RequiresGrad}");
using (var ints = Tensors.From(new[] { 1, 2, 3 }))
{
    try
    {
        ints.RequiresGrad = true;   // torch.tensor([1, 2, 3], requires_grad=True)  # invalid
    }
    catch (ArgumentException e)
    {
        Console.WriteLine($"an int64 tensor asked to require gradients: {FirstLine(e)}");
    }
}

Section("Gradient calculation: z = x.pow(2).sum(); z.backward()");
using (var z = x.Pow(2).Sum())
{
    z.Backward();
    using var grad = x.Grad!;
    using var twoX = x.detach().mul(2);
    Console.WriteLine($"z = {Show(z)}");
    Console.WriteLine($"x.grad = {Show(grad)}");
    Console.WriteLine("Derivation:");
    Console.WriteLine("  Let x = [[x11, x12], [x21, x22]] and define z = Σij xij² (that is x.Pow(2).Sum()).");
    Console.WriteLine("  Gradient of a single element: for any element, ∂z/∂xij = 2·xij.");
    Console.WriteLine("  Gradient in matrix form: ∇x z = 2x, a matrix of the shape of x.");
    Console.WriteLine($"  Numerical substitution: given x = {Show(x)}, z = 1 + 0 + 1 + 1 = 3 and ∇x z = 2x = {Show(twoX)}.");
    Console.WriteLine("  Computational graph: x -> pow -> y = x² -> sum -> z (PyTorch: PowBackward0, SumBackward0, AccumulateGrad).");
    Console.WriteLine("  Chain rule: ∂z/∂xij = Σkl (∂z/∂ykl)·(∂ykl/∂xij), where ∂z/∂ykl = 1 and ∂ykl/∂xij = 2·xij if (k, l) = (i, j), else 0.");
    Console.WriteLine("  Thus ∂z/∂xij = 2·xij.");
    using var same = twoX.eq(grad).all();
    Console.WriteLine($"2x equals x.grad: {same.item<bool>()}");
}
x.ZeroGrad();

Section("Leaf tensors, Grad and RetainGrad");
using (var v = Tensors.From(new[] { 1f, 2f }, requiresGrad: true))
using (var y = v.Pow(2))
using (var plain = Tensors.From(new[] { 1f, 2f }))
using (var c = plain.Pow(2))
using (var d = y.detach())
{
    Console.WriteLine($"v (created, requires grad):       IsLeaf {v.IsLeaf}, RequiresGrad {v.RequiresGrad}");
    Console.WriteLine($"y = v.Pow(2) (computed from v):   IsLeaf {y.IsLeaf}, RequiresGrad {y.RequiresGrad}");
    Console.WriteLine($"c = plain.Pow(2) (no gradients):  IsLeaf {c.IsLeaf}, RequiresGrad {c.RequiresGrad}");
    Console.WriteLine($"d = y.detach():                   IsLeaf {d.IsLeaf}, RequiresGrad {d.RequiresGrad}");
    y.RetainGrad();   // keep the intermediate's gradient too
    using (var s = y.Sum()) s.Backward();
    using var vGrad = v.Grad!;
    using var yGrad = y.Grad!;
    Console.WriteLine($"after y.RetainGrad(); y.Sum().Backward(): v.Grad = {Show(vGrad)}, y.Grad = {Show(yGrad)}, c.Grad is null: {c.Grad is null}");
}

Section("Notices: gradients accumulate");
using (var z = x.Pow(2).Sum())
{
    z.Backward(retainGraph: true);   // keep the graph for a second pass
    z.Backward();
    using (var grad = x.Grad!) Console.WriteLine($"z.Backward(retainGraph: true); z.Backward(): x.grad = {Show(grad)} (4x)");
}
x.ZeroGrad();
for (var pass = 0; pass < 2; pass++)
{
    using var again = x.Pow(2).Sum();   // or recompute the output before each Backward()
    again.Backward();
}
using (var grad = x.Grad!) Console.WriteLine($"recomputing z before each Backward(): x.grad = {Show(grad)} (4x)");
using (var z = x.Pow(2).Sum())
{
    z.Backward();
    try
    {
        z.Backward();   // the text's z.backward(); z.backward(): the first pass freed what pow saved
    }
    catch (InvalidOperationException e)
    {
        Console.WriteLine($"the text's z.Backward(); z.Backward() throws {e.GetType().Name}:");
        Console.WriteLine(e.Message);
    }
}
x.ZeroGrad(setToNone: false);   // PyTorch 1.x's optimizer.zero_grad(): zero-fill in place
using (var grad = x.Grad!) Console.WriteLine($"x.ZeroGrad(setToNone: false): x.grad = {Show(grad)}");
x.ZeroGrad();                   // PyTorch 2.x's default: no gradient at all
Console.WriteLine($"x.ZeroGrad(): x.Grad is null: {x.Grad is null}");
using (var z = x.Pow(3).Sum())
{
    z.Backward();
    using var grad = x.Grad!;
    Console.WriteLine($".grad is not part of the graph: x.Grad.RequiresGrad = {grad.RequiresGrad}");
}
x.ZeroGrad();

Section("NoGrad and InferenceMode");
using (Autograd.NoGrad())          // with torch.no_grad():
{
    using var prediction = x * 2;
    Console.WriteLine($"inside Autograd.NoGrad(): (x * 2).RequiresGrad = {prediction.RequiresGrad}, Autograd.IsGradEnabled = {Autograd.IsGradEnabled}");
}
using (Autograd.InferenceMode())   // with torch.inference_mode():
{
    using var fast = x * 2;
    Console.WriteLine($"inside Autograd.InferenceMode(): (x * 2).RequiresGrad = {fast.RequiresGrad}, Autograd.IsInferenceModeEnabled = {Autograd.IsInferenceModeEnabled}");
}
using (var tracked = x * 2) Console.WriteLine($"after the scopes: (x * 2).RequiresGrad = {tracked.RequiresGrad}, Autograd.IsGradEnabled = {Autograd.IsGradEnabled}");

// Linear regression pred = X w + b on the diabetes data (all 442 patients, standardised), full-batch gradient descent
// on the MSE with the gradients from autograd and the update written by hand.
Section($"Linear regression with autograd by hand: diabetes, {epochs} epochs");
var (rawFeatures, rawTarget) = ShippedData.Diabetes();
using var _f = rawFeatures;
using var _t = rawTarget;
using var xScale = new Standardizer(rawFeatures);
using var yScale = new Standardizer(rawTarget);
using var features = xScale.Apply(rawFeatures);
using var target = yScale.Apply(rawTarget);
Console.WriteLine($"diabetes: {features.Shape[0]} patients x {features.Shape[1]} features -> disease progression, standardised");

using var w = Tensors.Zeros([10, 1], requiresGrad: true);
using var b = Tensors.Zeros([1], requiresGrad: true);
const double lr = 0.1;
var losses = new List<double>();
var printEvery = Math.Max(1, epochs / 20);
for (var epoch = 1; epoch <= epochs; epoch++)
{
    using var scope = NewDisposeScope();   // frees this epoch's temporaries and gradient handles
    var loss = features.Matmul(w).Add(b).Sub(target).Pow(2).Mean();
    loss.Backward();
    using (Autograd.NoGrad())              // the update itself must not be recorded
    {
        w.sub_(w.Grad!.mul(lr));
        b.sub_(b.Grad!.mul(lr));
    }
    w.ZeroGrad();
    b.ZeroGrad();
    losses.Add(loss.item<float>());
    if (epoch == 1 || epoch % printEvery == 0 || epoch == epochs)
        Console.WriteLine($"epoch {epoch,4}: loss {losses[^1]:F6}");
}

// The closed-form least-squares solution (below). s1 and s2 (two blood serum measurements) are almost collinear, so gradient
// descent reaches the least-squares MSE long before it reaches the least-squares weights along that direction.
// Least squares in float64: [w; b] = argmin |A [w; b] - y|², A = [X, 1].
double[] exact;
double exactLoss;
using (NewDisposeScope())
{
    var a = Tensors.Cat([features, Tensors.Ones([features.Shape[0], 1])], dim: 1).Double();
    var y64 = target.Double();
    var at = a.t();
    var solution = linalg.solve(at.Matmul(a), at.Matmul(y64));
    exactLoss = a.Matmul(solution).Sub(y64).Pow(2).Mean().item<double>();
    exact = solution.data<double>().ToArray();
}
double[] learned;
using (NewDisposeScope())
    learned = Tensors.Cat([w.detach().flatten(), b.detach()]).Double().data<double>().ToArray();
string[] names = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6", "bias"];
Console.WriteLine("parameter  gradient descent  least squares");
for (var i = 0; i < names.Length; i++)
    Console.WriteLine($"{names[i],-9}  {learned[i],16:F4}  {exact[i],13:F4}");
Console.WriteLine($"MSE: gradient descent {losses[^1]:F6} (before its last update), least squares {exactLoss:F6}");
Console.WriteLine($"largest weight difference: {learned.Zip(exact, (l, e) => Math.Abs(l - e)).Max():F4}");

// The curve drops in the first few dozen epochs and then creeps: plot those (the numbers above show the rest).
var shown = Math.Min(losses.Count, 100);
var plot = options.File("loss.png");
new LinePlot($"Diabetes linear regression: MSE, epochs 1-{shown} of {epochs}", "epoch")
    .Add("gradient descent", losses[..shown])
    .Add("least squares", Enumerable.Repeat(exactLoss, shown).ToArray())
    .SavePng(plot);
Console.WriteLine($"loss curve: {plot}");

static void Section(string title) => Console.WriteLine($"\n== {title} ==");

static string FirstLine(Exception e) => e.Message.Split('\n')[0];
