using System.Text.Json;
using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;

namespace TorchFluent.Conformance.Schedules;

/// <summary>
/// The "LambdaLR" heading (SEED_ERRATA C) and the schedulers of issue 5: the learning rate each optimizer step uses,
/// per parameter group, and the momentum OneCycle sets, equal PyTorch 1.13's; so do last_epoch and get_last_lr().
/// </summary>
public sealed class SchedulesConformanceTests
{
    static readonly Golden Goldens = Golden.Load("schedulers");

    // Same formulas in the same order: only the last bit of a double may differ (Math.Pow / Math.Cos vs Python's).
    const double Rtol = 1e-14;

    public SchedulesConformanceTests() => TorchRuntime.EnsureLoaded();

    static List<double[]> Rows(GoldenCase c, string key) =>
        c.Element.GetProperty(key).EnumerateArray().Select(r => r.EnumerateArray().Select(GoldenDouble).ToArray()).ToList();

    static double GoldenDouble(JsonElement e) => e.GetDouble();

    static optim.Optimizer MakeOptimizer(double[] lrs, bool adam = false)
    {
        var groups = lrs.Select(lr => new ParameterGroup([new Parameter(zeros(1))], lr: lr)).ToList();
        return adam ? TorchFluent.Optim.Adam(lrs[0]).Build(groups) : TorchFluent.Optim.Sgd(lrs[0]).Momentum(0.9).Build(groups);
    }

    static double Momentum(ILearningRateController group) => group switch
    {
        IBetas betas => betas.Betas.Item1,
        IMomentum momentum => momentum.Momentum,
        _ => double.NaN,
    };

    static void AssertClose(IReadOnlyList<double> actual, IReadOnlyList<double> expected, string because)
    {
        actual.Should().HaveCount(expected.Count, because);
        for (var i = 0; i < expected.Count; i++)
            actual[i].Should().BeApproximately(expected[i], Rtol * Math.Abs(expected[i]) + 1e-300, $"{because}, group {i}");
    }

    /// <summary>Steps optimizer then scheduler as the golden did; compares the rate (and momentum) each step used.</summary>
    static void AssertSchedule(string name, SchedulerSpec spec, double[]? lrs = null, bool adam = false)
    {
        var expected = Goldens[name];
        var used = Rows(expected, "lrs");
        var momenta = Rows(expected, "momentums");
        using var optimizer = MakeOptimizer(lrs ?? [0.1], adam);
        var scheduler = spec.Build(optimizer);
        for (var epoch = 0; epoch < used.Count; epoch++)
        {
            AssertClose(optimizer.LearningRates, used[epoch], $"{name}: lr used by optimizer step {epoch + 1}");
            AssertClose(optimizer.ParamGroups.Select(Momentum).ToList(), momenta[epoch], $"{name}: momentum at step {epoch + 1}");
            optimizer.step();
            scheduler.step();
        }
        scheduler.LastEpoch.Should().Be((int)expected.Long("last_epoch"));
        AssertClose(scheduler.LearningRates, expected.Doubles("last_lr"), $"{name}: get_last_lr()");
        AssertClose(scheduler.get_last_lr().ToList(), expected.Doubles("last_lr"), $"{name}: TorchSharp's get_last_lr()");
        AssertClose(optimizer.LearningRates, expected.Doubles("final_lrs"), $"{name}: final lr");
    }

    [Fact]
    public void Lambda_095PowEpoch_FromTheText()
    {
        AssertSchedule("lambda_text", TorchFluent.Schedules.Lambda(epoch => Math.Pow(0.95, epoch)));
        Rows(Goldens["lambda_text"], "lrs").Select(r => r[0]).Should().Equal(0.1, 0.095, 0.09025, 0.0857375, 0.081450625);
        Goldens["lambda_text"].Long("last_epoch").Should().Be(5);
    }

    [Fact]
    public void Lambda_AppliedAtConstruction()
    {
        using var optimizer = MakeOptimizer([0.1]);
        var scheduler = TorchFluent.Schedules.Lambda(e => 1.0 / (e + 2)).Build(optimizer);

        optimizer.LearningRate.Should().Be(Goldens["lambda_applied_at_construction"].Double("lr"));
        scheduler.LearningRate.Should().Be(0.05);
        scheduler.LastEpoch.Should().Be(0);
    }

    [Fact]
    public void Lambda_OnePerGroup() =>
        AssertSchedule("lambda_per_group", TorchFluent.Schedules.Lambda([e => Math.Pow(0.5, e), e => 1.0 + e]), [0.1, 0.01]);

    [Fact]
    public void Multiplicative_SameScheduleAsLambdaButLastBits()
    {
        AssertSchedule("multiplicative", TorchFluent.Schedules.Multiplicative(_ => 0.95));

        // SEED_ERRATA C: the same schedule as LambdaLR(0.95 ** epoch), except for the last bits of the doubles.
        var multiplicative = Rows(Goldens["multiplicative"], "lrs").Select(r => r[0]).ToList();
        var lambda = Rows(Goldens["lambda_text"], "lrs").Select(r => r[0]).ToList();
        multiplicative.Should().Equal(lambda, (m, l) => Math.Abs(m - l) <= 1e-16);
        multiplicative.Should().NotEqual(lambda, "products and powers round differently");
    }

    [Fact]
    public void Step_Matches() => AssertSchedule("step", TorchFluent.Schedules.Step(3, gamma: 0.5));

    [Fact]
    public void Step_DefaultGamma_Matches() => AssertSchedule("step_default_gamma", TorchFluent.Schedules.Step(2));

    [Fact]
    public void MultiStep_RepeatedMilestone_AppliesGammaTwice() => AssertSchedule("multistep", TorchFluent.Schedules.MultiStep([2, 5, 5, 8], gamma: 0.5));

    [Fact]
    public void Exponential_Matches() => AssertSchedule("exponential", TorchFluent.Schedules.Exponential(0.9));

    [Fact]
    public void CosineAnnealing_PastTMax_Matches() => AssertSchedule("cosine", TorchFluent.Schedules.CosineAnnealing(5, etaMin: 0.001));

    [Fact]
    public void CosineAnnealing_TwoGroups_Matches() => AssertSchedule("cosine_two_groups", TorchFluent.Schedules.CosineAnnealing(4), [0.1, 0.5]);

    [Fact]
    public void Linear_WarmUp_Matches() => AssertSchedule("linear_warmup", TorchFluent.Schedules.Linear(0.25, 1.0, 4));

    [Fact]
    public void Linear_Defaults_Match() => AssertSchedule("linear_defaults", TorchFluent.Schedules.Linear());

    [Fact]
    public void OneCycle_Matches() => AssertSchedule("onecycle", TorchFluent.Schedules.OneCycle(0.1, totalSteps: 10));

    [Fact]
    public void OneCycle_LinearThreePhase_Matches() =>
        AssertSchedule("onecycle_linear_three_phase", TorchFluent.Schedules.OneCycle(0.2, 12, pctStart: 0.25, annealStrategy: AnnealStrategy.Linear, threePhase: true));

    [Fact]
    public void OneCycle_TwoGroups_Matches() =>
        AssertSchedule("onecycle_two_groups", TorchFluent.Schedules.OneCyclePerGroup([0.1, 0.01], 8, divFactor: 10, finalDivFactor: 100, baseMomentum: 0.8, maxMomentum: 0.9), [0.1, 0.01]);

    [Fact]
    public void OneCycle_AdamBetas_Matches() => AssertSchedule("onecycle_adam_betas", TorchFluent.Schedules.OneCycle(0.05, totalSteps: 2 * 3), [0.001], adam: true);

    [Fact]
    public void OneCycle_WithoutMomentumCycling_Matches() => AssertSchedule("onecycle_no_momentum_cycle", TorchFluent.Schedules.OneCycle(0.1, 6, cycleMomentum: false));

    [Fact]
    public void OneCycle_LastStepAndOneTooMany_LikePyTorch()
    {
        using var optimizer = MakeOptimizer([0.1]);
        var scheduler = TorchFluent.Schedules.OneCycle(0.1, totalSteps: 4).Build(optimizer);
        for (var i = 0; i < 4; i++)
        {
            optimizer.step();
            scheduler.step();
        }
        optimizer.LearningRate.Should().BeApproximately(Goldens["onecycle_last_step"].Double("lr"), 1e-15);
        scheduler.LastEpoch.Should().Be((int)Goldens["onecycle_last_step"].Long("last_epoch"));

        optimizer.step();
        var act = () => scheduler.step();
        act.Should().Throw<InvalidOperationException>().WithMessage("*step 6 of a schedule built for totalSteps 4*");
        Goldens["onecycle_too_many_steps"].String("error").Should().Contain("Tried to step 6 times");
    }

    [Fact]
    public void Sequential_WarmUpThenCosine_Matches() =>
        AssertSchedule("sequential_warmup_cosine", TorchFluent.Schedules.Sequential([TorchFluent.Schedules.Linear(0.1, 1.0, 3), TorchFluent.Schedules.CosineAnnealing(5, 0.0)], [3]));

    [Fact]
    public void Sequential_ThreeSchedules_Matches() =>
        AssertSchedule("sequential_three", TorchFluent.Schedules.Sequential(
            [TorchFluent.Schedules.Constant(0.5, 2), TorchFluent.Schedules.Exponential(0.9), TorchFluent.Schedules.Step(2, 0.1)], [2, 5]));

    [Fact]
    public void Sequential_Lambdas_Matches() =>
        AssertSchedule("sequential_lambda", TorchFluent.Schedules.Sequential([TorchFluent.Schedules.Lambda(e => (e + 1) / 3.0), TorchFluent.Schedules.Lambda(e => Math.Pow(0.9, e))], [2]));

    [Fact]
    public void WrongOrder_Warn_SkipsTheFirstValueLikePyTorch()
    {
        var expected = Goldens["wrong_order"];
        expected.String("warning").Should().StartWith("Detected call of `lr_scheduler.step()` before `optimizer.step()`");
        using var optimizer = MakeOptimizer([0.1]);
        var scheduler = TorchFluent.Schedules.Lambda(e => Math.Pow(0.95, e)).StepOrder(StepOrderCheck.Warn).Build(optimizer);
        var original = Console.Error;
        using var captured = new StringWriter();
        var used = new List<double>();
        try
        {
            Console.SetError(captured);
            for (var i = 0; i < 3; i++)
            {
                scheduler.step();
                used.Add(optimizer.LearningRate);
                optimizer.step();
            }
        }
        finally
        {
            Console.SetError(original);
        }

        used.Should().Equal(expected.Doubles("lrs"));
        scheduler.LastEpoch.Should().Be((int)expected.Long("last_epoch"));
        captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount((int)expected.Long("warnings"), "PyTorch warns once");
        captured.ToString().Should().Contain("stepped before the optimizer");
    }
}
