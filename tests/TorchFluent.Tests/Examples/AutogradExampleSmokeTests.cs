using System.Globalization;
using System.Text.RegularExpressions;
using FluentAssertions;
using TorchFluent.Tests.Infrastructure;

namespace TorchFluent.Tests.Examples;

/// <summary>
/// examples/Autograd in --smoke mode: the reference text's gradient example, leaf tensors, accumulation and its
/// failure mode, ZeroGrad and the grad-mode scopes; then linear regression on diabetes trained with autograd by hand.
/// </summary>
public sealed class AutogradExampleSmokeTests : IDisposable
{
    readonly string output = TestPaths.NewTempFolder("tf-example-autograd");

    public void Dispose() => Directory.Delete(output, recursive: true);

    [Fact]
    public void Autograd_Smoke_PrintsTheGradientsAndTrainsByHand()
    {
        var run = ProcessRunner.Run("dotnet", [TestPaths.ExampleAssembly("Autograd"), "--smoke", "--out", output], TestPaths.RepoRoot, TimeSpan.FromMinutes(2));
        run.ExitCode.Should().Be(0, run.All);
        var text = run.StdOut;

        text.Should().Contain("x = [[1, 0], [-1, 1]], x.RequiresGrad = True");
        text.Should().Contain("an int64 tensor asked to require gradients: Only floating-point and complex tensors can require gradients; this one is int64.");

        // The gradient example and its derivation.
        text.Should().Contain("z = 3\nx.grad = [[2, 0], [-2, 2]]\n");
        text.Should().Contain("Gradient of a single element: for any element, ∂z/∂xij = 2·xij.");
        text.Should().Contain("Numerical substitution: given x = [[1, 0], [-1, 1]], z = 1 + 0 + 1 + 1 = 3 and ∇x z = 2x = [[2, 0], [-2, 2]].");
        text.Should().Contain("2x equals x.grad: True");

        // Leaves, RetainGrad.
        text.Should().Contain("v (created, requires grad):       IsLeaf True, RequiresGrad True");
        text.Should().Contain("y = v.Pow(2) (computed from v):   IsLeaf False, RequiresGrad True");
        text.Should().Contain("c = plain.Pow(2) (no gradients):  IsLeaf True, RequiresGrad False");
        text.Should().Contain("d = y.detach():                   IsLeaf True, RequiresGrad False");
        text.Should().Contain("after y.RetainGrad(); y.Sum().Backward(): v.Grad = [2, 4], y.Grad = [1, 1], c.Grad is null: True");

        // Accumulation: both working forms give 4x; the text's form fails with TorchFluent's message.
        text.Should().Contain("z.Backward(retainGraph: true); z.Backward(): x.grad = [[4, 0], [-4, 4]] (4x)");
        text.Should().Contain("recomputing z before each Backward(): x.grad = [[4, 0], [-4, 4]] (4x)");
        text.Should().Contain("the text's z.Backward(); z.Backward() throws InvalidOperationException:\n" +
            "Backward: this graph was already run backward once, and that freed the values it needs.\n");
        text.Should().Contain("Fix: pass retainGraph: true to every Backward() but the last");
        text.Should().Contain("x.ZeroGrad(setToNone: false): x.grad = [[0, 0], [0, 0]]");
        text.Should().Contain("x.ZeroGrad(): x.Grad is null: True");
        text.Should().Contain(".grad is not part of the graph: x.Grad.RequiresGrad = False");

        // Grad-mode scopes.
        text.Should().Contain("inside Autograd.NoGrad(): (x * 2).RequiresGrad = False, Autograd.IsGradEnabled = False");
        text.Should().Contain("inside Autograd.InferenceMode(): (x * 2).RequiresGrad = False, Autograd.IsInferenceModeEnabled = True");
        text.Should().Contain("after the scopes: (x * 2).RequiresGrad = True, Autograd.IsGradEnabled = True");

        // Linear regression by hand: 10 epochs from zero weights; the first loss is the standardised target's
        // mean square, (n - 1) / n = 441 / 442, and the loss falls every epoch towards the least-squares MSE.
        text.Should().Contain("diabetes: 442 patients x 10 features -> disease progression, standardised");
        var epochs = Regex.Matches(text, @"epoch +(\d+): loss (\d+\.\d{6})");
        epochs.Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Should().Equal(Enumerable.Range(1, 10));
        var losses = epochs.Select(m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)).ToList();
        losses[0].Should().BeApproximately(441.0 / 442, 1e-5);
        losses.Should().BeInDescendingOrder().And.OnlyHaveUniqueItems();
        var mse = Regex.Match(text, @"MSE: gradient descent (\d+\.\d{6}) \(before its last update\), least squares (\d+\.\d{6})");
        mse.Success.Should().BeTrue(text);
        var learnedMse = double.Parse(mse.Groups[1].Value, CultureInfo.InvariantCulture);
        var exactMse = double.Parse(mse.Groups[2].Value, CultureInfo.InvariantCulture);
        exactMse.Should().BeApproximately(0.4812, 1e-4, "the least-squares fit explains about 52% of the variance");
        learnedMse.Should().Be(losses[^1]).And.BeGreaterThanOrEqualTo(exactMse).And.BeLessThan(0.5);
        Regex.Matches(text, @"\n(age|sex|bmi|bp|s[1-6]|bias) +-?\d+\.\d{4} +-?\d+\.\d{4}").Should().HaveCount(11);
        text.Should().MatchRegex(@"\nbmi +0\.\d{4} +0\.3211\n");
        PngFile.Check(Path.Combine(output, "loss.png")).Should().Be((800, 500));
    }
}
