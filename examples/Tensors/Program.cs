// Tensors: the reference text's "Tensor", "Data Type" and "Device" sections as a tour printed to the console -
// creating tensors from .NET arrays (with PyTorch's dtype inference), zeros and ones, Shape, each listed operation with
// its result shape, the dtype table and casting, devices, a NumPy .npy file written and read back, and a shape mistake
// caught as a clear ArgumentException. Then y = 2x + 1 + noise fitted by gradient descent written with plain tensor
// operations and the closed-form gradients (no autograd: see examples/Autograd), its loss plotted to loss.png.
//   dotnet run --project examples/Tensors [-- --smoke | --epochs N | --out FOLDER]   (--epochs: gradient steps)
using System.Globalization;
using TorchFluent;
using TorchFluent.Examples;
using static TorchSharp.torch;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = ExampleOptions.Parse(args, "Tensors");
var steps = options.Epochs(full: 100, smoke: 20);
manual_seed(0);
static string Show(Tensor t) => TensorText.Values(t);

Section("Create tensors from .NET arrays (torch.tensor)");
// x = torch.tensor([[1, -1], [-1, 1]]): integers are int64, as in PyTorch (the text's float print-out is wrong).
using var x = Tensors.From(new[,] { { 1, -1 }, { -1, 1 } });
Console.WriteLine($"Tensors.From(new[,] {{ {{ 1, -1 }}, {{ -1, 1 }} }}) = {Show(x)}  {x.dtype.Info()}  {x.Shape}");
using var xf = Tensors.From(new float[,] { { 1, -1 }, { -1, 1 } });
Console.WriteLine($"Tensors.From(new float[,] {{ ... }}) = {Show(xf)}  {xf.dtype.Info()}");
using var fromDoubles = Tensors.From(new[] { 0.1, 0.2 });
Console.WriteLine($"Tensors.From(new[] {{ 0.1, 0.2 }}) = {Show(fromDoubles)}  {fromDoubles.dtype.Info()} (like Python floats)");
using var pixels = Tensors.From(new byte[] { 0, 128, 255 }, DType.UInt8);
Console.WriteLine($"Tensors.From(new byte[] {{ 0, 128, 255 }}, DType.UInt8) = {Show(pixels)}  {pixels.dtype.Info()}");
using var mask = Tensors.From(new[] { true, false });
Console.WriteLine($"Tensors.From(new[] {{ true, false }}) = {Show(mask)}  {mask.dtype.Info()}");
using var jagged = Tensors.From(new float[][] { [1, 2, 3], [4, 5, 6] });
Console.WriteLine($"Tensors.From(new float[][] {{ [1, 2, 3], [4, 5, 6] }}).Shape = {jagged.Shape}");
try
{
    using var mean = x.Mean();   // PyTorch refuses the mean of an int64 tensor too
}
catch (ArgumentException e)
{
    Console.WriteLine($"x.Mean() on int64: {FirstLine(e)}");
}
using (var asFloat = x.Float())
using (var mean = asFloat.Mean())
    Console.WriteLine($"x.Float().Mean() = {Show(mean)}");

Section("Zeros and ones");
using var zeros = Tensors.Zeros([2, 2]);
Console.WriteLine($"Tensors.Zeros([2, 2]) = {Show(zeros)}  {zeros.dtype.Info()}  {zeros.Shape}");
using var ones = Tensors.Ones([1, 2, 5]);
Console.WriteLine($"Tensors.Ones([1, 2, 5]) = {Show(ones)}  {ones.Shape}");

Section("Shape (torch.Size)");
using (var cube = Tensors.Zeros([10, 8, 6]))
{
    var shape = cube.Shape;
    var (b, m, n) = shape;
    Console.WriteLine($"x.Shape = {shape}; (B, M, N) = ({b}, {m}, {n}); Count = {shape.Count}, shape[^1] = {shape[^1]}, " +
        $"Numel() = {shape.Numel()}, shape[1..] = {shape[1..]}, shape == [10, 8, 6]: {shape == [10, 8, 6]}");
}

Section("Tensor operations");
using (var a = Tensors.From(new float[,] { { 1, 2 }, { 3, 4 } }))
using (var c = Tensors.From(new float[,] { { 10, 20 }, { 30, 40 } }))
{
    Console.WriteLine($"x = {Show(a)}, y = {Show(c)}");
    Op("x.Add(y)", a.Add(c));
    Op("x.Sub(y)", a.Sub(c));
    Op("x.Sum()", a.Sum());
    Op("x.Mean()", a.Mean());
    Op("x.Pow(2)", a.Pow(2));
    Op("x.Sum(0)", a.Sum(0));
}
using (var t = Tensors.Zeros([2, 3])) Op("Zeros([2, 3]).Transpose(0, 1)", t.Transpose(0, 1), t.Shape);
using (var t = Tensors.Zeros([1, 2, 3])) Op("Zeros([1, 2, 3]).Squeeze(0)", t.Squeeze(0), t.Shape);
using (var t = Tensors.Zeros([2, 3])) Op("Zeros([2, 3]).Unsqueeze(1)", t.Unsqueeze(1), t.Shape);
using (var p = Tensors.Zeros([2, 1, 3]))
using (var q = Tensors.Zeros([2, 3, 3]))
using (var r = Tensors.Zeros([2, 2, 3]))
    Op("Tensors.Cat([[2, 1, 3], [2, 3, 3], [2, 2, 3]], dim: 1)", Tensors.Cat([p, q, r], dim: 1));
using (var p = Tensors.Zeros([2, 3]))
using (var q = Tensors.Zeros([2, 3]))
{
    // The text says torch.Size([1, 2, 3]) for dim=0; real PyTorch (and TorchFluent) give [2, 2, 3].
    Op("Tensors.Stack([[2, 3], [2, 3]], dim: 0)", Tensors.Stack([p, q], dim: 0));
    Op("Tensors.Stack([[2, 3], [2, 3]], dim: 2)", Tensors.Stack([p, q], dim: 2));
}
using (var t = Tensors.Zeros([3, 5, 7])) Op("Zeros([3, 5, 7]).Permute(1, 2, 0)", t.Permute(1, 2, 0), t.Shape);
using (var p = Tensors.Zeros([10, 8, 6]))
using (var q = Tensors.Zeros([10, 6, 9]))
    Op("Zeros([10, 8, 6]).Bmm(Zeros([10, 6, 9]))", p.Bmm(q));

Section("A shape mistake, caught before libtorch runs");
using (var p = Tensors.Zeros([10, 8, 6]))
using (var q = Tensors.Zeros([10, 7, 9]))
{
    try
    {
        using var wrong = p.Bmm(q);
    }
    catch (ArgumentException e)
    {
        Console.WriteLine($"Zeros([10, 8, 6]).Bmm(Zeros([10, 7, 9])) throws {e.GetType().Name}:");
        Console.WriteLine(e.Message);
    }
}

Section("Data types");
foreach (var row in DType.Table)
    Console.WriteLine($"{row.Description,-24} {row.PyTorchName,-17} {row.Bits,3} bits  {row.TensorTypeName,-26} {row.Notes}");
using (var t = randn(3, 4))
using (var tDouble = t.To(DType.Float64))
using (var tInt = t.To(DType.Int32))
    Console.WriteLine($"t = randn(3, 4): t.To(DType.Float64) is {tDouble.dtype.Info()}, t.To(DType.Int32) is {tInt.dtype.Info()}");
using (var v = Tensors.From(new[] { -1.5f, 0f, 0.7f, 2.5f }))
{
    Console.WriteLine($"v = {Show(v)} ({v.dtype.Info()}); v.Float() is v itself: {ReferenceEquals(v.Float(), v)}");
    Cast("v.Double()", v.Double());
    Cast("v.Half()", v.Half());
    Cast("v.BFloat16()", v.BFloat16());
    Cast("v.Int()", v.Int());
    Cast("v.Long()", v.Long());
    Cast("v.Byte()", v.Byte());
    Cast("v.Bool()", v.Bool());
}
using (var o = Tensors.Ones([2, 2]))
    Cast("Ones([2, 2]).Long()", o.Long());   // the text's "float32 x = x.long()": float32 -> int64

Section("Devices");
Console.WriteLine($"Device.Cpu = {Device.Cpu}, Cuda.IsAvailable = {Cuda.IsAvailable}, Cuda.DeviceCount = {Cuda.DeviceCount}, Device.Best = {Device.Best}");
using (var t = Tensors.Ones([2, 2]))
{
    var moved = t.To(Device.Best);   // the same tensor when it is already there, as in PyTorch
    Console.WriteLine($"x.To(Device.Best) is on {moved.device}; same tensor: {ReferenceEquals(moved, t)}");
    if (!ReferenceEquals(moved, t)) moved.Dispose();
    if (!Cuda.IsAvailable)
    {
        try
        {
            using var onGpu = t.To("cuda");
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine($"x.To(\"cuda\"): {FirstLine(e)}");
        }
    }
}

Section("NumPy .npy files (np.save, torch.from_numpy(np.load(...)))");
var npy = options.File("x.npy");
NumPy.Save(npy, x);
using (var back = NumPy.Load(npy))
using (var same = back.eq(x).all())
{
    Console.WriteLine($"NumPy.Save(\"x.npy\", x): {new FileInfo(npy).Length} bytes; NumPy.Load reads back {Show(back)}  {back.dtype.Info()}  {back.Shape}, equal: {same.item<bool>()}");
}

// Fit y = 2x + 1 + noise with w, b by gradient descent on the MSE, the gradients written out by hand:
// loss = mean((w x + b - y)^2), d loss/dw = 2 mean((w x + b - y) x), d loss/db = 2 mean(w x + b - y).
Section($"Gradient descent by hand: y = 2x + 1 + noise, {steps} steps");
using var inputs = randn(100, 1);
using var noise = randn(100, 1).mul_(0.1);
using var targets = inputs.mul(2).add_(1).add_(noise);
using var w = Tensors.Zeros([1]);
using var bias = Tensors.Zeros([1]);
const double lr = 0.1;
var losses = new List<double>();
var printEvery = Math.Max(1, steps / 10);
for (var step = 1; step <= steps; step++)
{
    using var scope = NewDisposeScope();   // frees this step's temporaries
    var error = inputs.mul(w).Add(bias).Sub(targets);
    var loss = error.Pow(2).Mean().item<float>();
    var gradW = error.mul(inputs).Mean().mul(2);
    var gradB = error.Mean().mul(2);
    w.sub_(gradW.mul(lr));
    bias.sub_(gradB.mul(lr));
    losses.Add(loss);
    if (step == 1 || step % printEvery == 0 || step == steps)
        Console.WriteLine($"step {step,4}: loss {loss:F6}");
}
double noiseMse;
using (var squared = noise.Pow(2).Mean()) noiseMse = squared.item<float>();
Console.WriteLine($"fitted: w = {w.item<float>():F4}, b = {bias.item<float>():F4} (true: w = 2, b = 1); loss {losses[^1]:F6}, the noise alone gives {noiseMse:F6}");
var plot = options.File("loss.png");
new LinePlot("y = 2x + 1 + noise: MSE per gradient step (by hand)", "step").Add("loss", losses).SavePng(plot);
Console.WriteLine($"loss curve: {plot}");

static void Section(string title) => Console.WriteLine($"\n== {title} ==");

static string FirstLine(Exception e) => e.Message.Split('\n')[0];

// Prints an operation's result and shape, then frees it.
static void Op(string expression, Tensor result, Shape? before = null)
{
    using (result)
    {
        var from = before is { } b ? $"{b} -> " : "";
        var values = result.numel() <= 4 ? $"{TensorText.Values(result)}  " : "";
        Console.WriteLine($"{expression} = {values}{from}{result.Shape}");
    }
}

static void Cast(string expression, Tensor result)
{
    using (result) Console.WriteLine($"{expression} = {TensorText.Values(result)}  {result.dtype.Info()}");
}
