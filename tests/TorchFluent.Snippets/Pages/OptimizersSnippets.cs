using TorchFluent.Snippets.Infrastructure;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent.Snippets.Pages;

/// <summary>The C# blocks of docs/optimizers.md.</summary>
public static class OptimizersSnippets
{
    [Snippet("optim-loop")]
    public static void Loop()
    {
        #region optim-loop
        using var model = Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build();
        using var criterion = Losses.Mse();
        using var optimizer = Optim.Sgd(model.Parameters(), lr: 0.1);    // torch.optim.SGD(model.parameters(), 0.1)
        var scheduler = Schedules.Lambda(epoch => Math.Pow(0.95, epoch)).Build(optimizer);

        using var x = rand(64, 10);
        using var y = x.sum(1, keepdim: true) / 10;
        for (var epoch = 0; epoch < 3; epoch++)
        {
            model.Train();
            for (var start = 0; start < 64; start += 16)
            {
                using var scope = NewDisposeScope();                     // frees the step's temporaries
                optimizer.zero_grad();
                var loss = criterion.call(model.call(x.narrow(0, start, 16)), y.narrow(0, start, 16));
                loss.backward();
                optimizer.step();
            }
            Console.WriteLine($"epoch {epoch}: lr {optimizer.LearningRate:G6}");
            scheduler.step();                                            // after optimizer.step(), once per epoch
        }
        #endregion
    }

    [Snippet("optim-specs")]
    public static void Specs()
    {
        #region optim-specs
        using var model = Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build();

        var sgd = Optim.Sgd(lr: 0.1).Momentum(0.9).Nesterov().WeightDecay(1e-4);
        var adam = Optim.Adam(lr: 1e-3).Betas(0.9, 0.99).Eps(1e-7);
        var adamW = Optim.AdamW(lr: 1e-3);                               // weight decay 0.01, as in PyTorch
        var rmsProp = Optim.RmsProp(lr: 1e-2).Alpha(0.9).Momentum(0.5).Centered();
        var adagrad = Optim.Adagrad(lr: 1e-2).LrDecay(1e-3);

        foreach (OptimizerSpec spec in new OptimizerSpec[] { sgd, adam, adamW, rmsProp, adagrad })
        {
            using var optimizer = spec.Build(model);                       // or spec.Build(model.Parameters())
            Console.WriteLine($"{spec} -> {optimizer.GetType().BaseType!.Name}");
        }
        #endregion
    }

    [Snippet("optim-groups")]
    public static void Groups()
    {
        #region optim-groups
        using var model = Sequential.Create().Linear(10, 32).ReLU().Linear(1).Build();

        // PyTorch: SGD([{"params": model[0].parameters()}, {"params": model[2].parameters(), "lr": 0.01}], lr=0.1, momentum=0.9)
        using var byHand = Optim.Sgd(0.1).Momentum(0.9).Build([
            new ParameterGroup(model.Children()[0].Parameters()),
            new ParameterGroup(model.Children()[2].Parameters(), lr: 0.01)]);
        Console.WriteLine(string.Join(", ", byHand.LearningRates));

        // The same, chosen by parameter name, for a spec built later (a trainer builds it for its model)
        var spec = Optim.Sgd(0.1).Momentum(0.9).Group(name => name.StartsWith("2."), lr: 0.01);
        using var byName = spec.Build(model);
        Console.WriteLine(string.Join(", ", byName.LearningRates));
        #endregion
    }

    [Snippet("optim-validation")]
    public static void Validation()
    {
        #region optim-validation
        using var model = Sequential.Create().Linear(10, 1).Build();
        try
        {
            Optim.Adam(lr: -0.01).Betas(0.9, 1.0).WeightDecay(-1).Build(model);
        }
        catch (ArgumentException e)
        {
            Console.WriteLine(e.Message);
        }
        #endregion
    }

    [Snippet("schedules-lambda")]
    public static void Lambda()
    {
        #region schedules-lambda
        using var model = Sequential.Create().Linear(10, 1).Build();
        using var optimizer = Optim.Sgd(model.Parameters(), lr: 0.1);
        var scheduler = Schedules.Lambda(epoch => Math.Pow(0.95, epoch)).Build(optimizer);   // LambdaLR(optimizer, lambda epoch: 0.95 ** epoch)

        for (var epoch = 0; epoch < 5; epoch++)
        {
            Console.Write($"{optimizer.LearningRate:G10} ");               // the lr this epoch's steps use
            optimizer.step();
            scheduler.step();
        }
        Console.WriteLine();
        Console.WriteLine($"last epoch {scheduler.LastEpoch}, next lr {scheduler.LearningRate:G10}");
        #endregion
    }

    [Snippet("schedules-all")]
    public static void All()
    {
        #region schedules-all
        var specs = new (string Name, SchedulerSpec Spec)[]
        {
            ("Step(2, 0.5)", Schedules.Step(2, gamma: 0.5)),
            ("MultiStep([2, 4])", Schedules.MultiStep([2, 4], gamma: 0.1)),
            ("Exponential(0.9)", Schedules.Exponential(0.9)),
            ("CosineAnnealing(6)", Schedules.CosineAnnealing(6)),
            ("Linear(0.25, 1, 3)", Schedules.Linear(startFactor: 0.25, endFactor: 1.0, totalIters: 3)),
            ("warm-up, cosine", Schedules.Sequential([Schedules.Linear(0.25, 1.0, 2), Schedules.CosineAnnealing(4)], milestones: [2])),
            ("OneCycle(1, 7)", Schedules.OneCycle(maxLr: 1.0, totalSteps: 7)),
        };
        foreach (var (name, spec) in specs)
        {
            using var optimizer = Optim.Sgd(lr: 1.0).Momentum(0.9).Build([new Parameter(zeros(1))]);
            var scheduler = spec.Build(optimizer);
            var rates = new List<string>();
            for (var step = 0; step < 7; step++)
            {
                rates.Add(optimizer.LearningRate.ToString("0.###"));
                optimizer.step();
                scheduler.step();
            }
            Console.WriteLine($"{name,-20} {string.Join(" ", rates)}");
        }
        #endregion
    }

    [Snippet("schedules-order")]
    public static void Order()
    {
        #region schedules-order
        using var model = Sequential.Create().Linear(10, 1).Build();
        using var optimizer = Optim.Sgd(model.Parameters(), lr: 0.1);
        var scheduler = Schedules.Exponential(0.5).Build(optimizer);

        try
        {
            scheduler.step();                                            // before any optimizer.step()
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine(e.Message[..e.Message.IndexOf(':')]);
        }

        var warning = Schedules.Exponential(0.5).StepOrder(StepOrderCheck.Warn);   // PyTorch's behaviour: warn on stderr
        Console.WriteLine($"{warning.OrderCheck}, step per {warning.Interval}");
        #endregion
    }
}
