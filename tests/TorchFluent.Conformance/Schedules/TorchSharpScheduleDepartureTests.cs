using System.Text.Json;
using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.Schedules;

/// <summary>
/// Why TorchFluent ports PyTorch's schedules instead of wrapping TorchSharp's: on the same goldens, TorchSharp
/// 0.107's own OneCycleLR and MultiStepLR give other learning rates (docs/optimizers.md, "Coming from TorchSharp").
/// If a TorchSharp upgrade fixes them, these tests fail and the docs should say so.
/// </summary>
public sealed class TorchSharpScheduleDepartureTests
{
    static readonly Golden Goldens = Golden.Load("schedulers");

    public TorchSharpScheduleDepartureTests() => TorchRuntime.EnsureLoaded();

    static List<double[]> UsedLrs(string name) =>
        Goldens[name].Element.GetProperty("lrs").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToList();

    static List<double[]> Run(optim.Optimizer optimizer, optim.lr_scheduler.LRScheduler scheduler, int steps)
    {
        var used = new List<double[]>();
        for (var i = 0; i < steps; i++)
        {
            used.Add(optimizer.ParamGroups.Select(g => g.LearningRate).ToArray());
            optimizer.step();
            scheduler.step();
        }
        return used;
    }

    static bool Same(List<double[]> a, List<double[]> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Zip(p.Second).All(q => Math.Abs(q.First - q.Second) <= 1e-12 * Math.Abs(q.Second)));

    [Fact]
    public void OneCycleLR_TwoGroups_TorchSharpsDiffersFromPyTorch_TorchFluentsDoesNot()
    {
        var expected = UsedLrs("onecycle_two_groups");
        var groups = new[] { 0.1, 0.01 }.Select(lr => new SGD.ParamGroup([new Parameter(zeros(1))], lr: lr, momentum: 0.9)).ToList();
        using var raw = optim.SGD(groups, 0.1, momentum: 0.9);
        var rawScheduler = optim.lr_scheduler.OneCycleLR(raw, [0.1, 0.01], total_steps: 8, div_factor: 10, final_div_factor: 100, base_momentum: [0.8, 0.8], max_momentum: [0.9, 0.9]);

        Same(Run(raw, rawScheduler, 8), expected).Should().BeFalse("TorchSharp 0.107 tests the group index where PyTorch tests the phase index");

        using var fluent = TorchFluent.Optim.Sgd(0.1).Momentum(0.9).Build(new[] { 0.1, 0.01 }.Select(lr => new ParameterGroup([new Parameter(zeros(1))], lr: lr)));
        var scheduler = TorchFluent.Schedules.OneCyclePerGroup([0.1, 0.01], 8, divFactor: 10, finalDivFactor: 100, baseMomentum: 0.8, maxMomentum: 0.9).Build(fluent);
        Same(Run(fluent, scheduler, 8), expected).Should().BeTrue();
    }

    [Fact]
    public void OneCycleLR_LastStep_TorchSharpsGivesZero()
    {
        using var raw = optim.SGD([new Parameter(zeros(1))], 0.1, momentum: 0.9);
        var scheduler = optim.lr_scheduler.OneCycleLR(raw, 0.1, total_steps: 4);
        Run(raw, scheduler, 4);

        raw.ParamGroups.Single().LearningRate.Should().Be(0, "no phase matches the last step in TorchSharp's loop");
        Goldens["onecycle_last_step"].Double("lr").Should().BeGreaterThan(0);
    }

    [Fact]
    public void MultiStepLR_RepeatedMilestone_TorchSharpsAppliesGammaOnce()
    {
        var expected = UsedLrs("multistep");
        using var raw = optim.SGD([new Parameter(zeros(1))], 0.1, momentum: 0.9);
        var scheduler = optim.lr_scheduler.MultiStepLR(raw, [2, 5, 5, 8], gamma: 0.5);

        Same(Run(raw, scheduler, 10), expected).Should().BeFalse("PyTorch counts a milestone listed twice");
    }
}
