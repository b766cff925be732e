using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.Training;

// Sibling test namespaces (Conformance.Losses, .Optim, .Schedules) would hide the library's classes of those names.
using Losses = TorchFluent.Losses;
using Optim = TorchFluent.Optim;
using Schedules = TorchFluent.Schedules;

/// <summary>
/// Reference text, "Entire Procedure": the training, validation and testing loops on fixed data and starting weights
/// (goldens/training.json, written by gen_training.py with real PyTorch), through Trainer and through the hand-written
/// loop with TorchFluent's extension methods. Both must give PyTorch's losses, predictions and final weights.
/// </summary>
[Collection(GlobalTorchStateCollection.Name)]
public sealed class EntireProcedureConformanceTests
{
    static readonly Golden Golden = Golden.Load("training");
    static readonly GoldenCase Data = Golden["data"];

    // float32 SGD over ~20 steps: differences come only from summation order inside libtorch's kernels.
    const double LossTolerance = 2e-6;
    const double WeightTolerance = 2e-6;

    static Tensor T(string key) => FromGolden(Data.Tensor(key));

    static Tensor FromGolden(GoldenTensor t) => tensor(t.Values.Select(v => (float)v).ToArray(), t.Shape);

    /// <summary>MyModel with the golden's starting weights (state-dict keys 0.weight, 0.bias, 2.weight, 2.bias, as PyTorch's).</summary>
    static Sequential FixedModel(GoldenCase procedure)
    {
        var model = Sequential.Create().Linear(10, 32).Sigmoid().Linear(32, 1).Build();
        var start = procedure.Case("start");
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.NamedParameters())
        {
            using var value = FromGolden(start.Tensor(name));
            parameter.copy_(value);
        }
        return model;
    }

    static void AssertFinalWeights(Sequential model, GoldenCase procedure)
    {
        var final = procedure.Case("final");
        foreach (var (name, parameter) in model.NamedParameters())
            TensorAssert.Equal(parameter, final.Tensor(name), atol: WeightTolerance, rtol: 1e-5);
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("sgd_momentum_lambda")]
    public void TrainerFit_FixedWeightsAndData_ReproducesPyTorchLossesPredictionsAndWeights(string name)
    {
        var procedure = Golden[name];
        var epochs = procedure.Doubles("train_loss").Length;
        using var model = FixedModel(procedure);
        using var xTrain = T("x_train");
        using var yTrain = T("y_train");
        using var xValid = T("x_valid");
        using var yValid = T("y_valid");
        using var xTest = T("x_test");
        using var train = DataLoader.From(Dataset.FromTensors(xTrain, yTrain)).Batch(16).Build();
        using var valid = DataLoader.From(Dataset.FromTensors(xValid, yValid)).Batch(16).Build();
        using var test = DataLoader.From(Dataset.FromTensors(xTest)).Batch(16).Build();

        var builder = Trainer.For(model).Loss(Losses.Mse());
        builder = name == "sgd"
            ? builder.Optimizer(Optim.Sgd(lr: 0.1))
            : builder.Optimizer(Optim.Sgd(lr: 0.1).Momentum(0.9)).Schedule(Schedules.Lambda(epoch => Math.Pow(0.95, epoch)));
        using var trainer = builder.Build();
        var history = trainer.Fit(train, valid, epochs);
        using var predictions = trainer.Predict(test);

        history["loss"].Should().Equal(procedure.Doubles("train_loss"), (a, e) => Math.Abs(a - e) <= LossTolerance + 1e-5 * Math.Abs(e));
        history["val_loss"].Should().Equal(procedure.Doubles("valid_loss"), (a, e) => Math.Abs(a - e) <= LossTolerance + 1e-5 * Math.Abs(e));
        history["lr"].Should().Equal(procedure.Doubles("lr"), (a, e) => Math.Abs(a - e) <= 1e-15);
        TensorAssert.Equal(predictions, procedure.Tensor("predictions"), atol: 2e-6, rtol: 1e-5);
        AssertFinalWeights(model, procedure);
    }

    [Fact]
    public void HandWrittenLoops_WithTorchFluentExtensions_ReproducePyTorch()
    {
        var procedure = Golden["sgd"];
        using var model = FixedModel(procedure);
        using var xTrain = T("x_train");
        using var yTrain = T("y_train");
        using var xValid = T("x_valid");
        using var yValid = T("y_valid");
        using var xTest = T("x_test");

        // The reference text's three loops, line for line.
        using var trSet = DataLoader.From(Dataset.FromTensors(xTrain, yTrain)).Batch(16).Build();
        using var dvSet = DataLoader.From(Dataset.FromTensors(xValid, yValid)).Batch(16).Build();
        using var ttSet = DataLoader.From(Dataset.FromTensors(xTest)).Batch(16).Build();
        using var criterion = Losses.Mse();
        using var optimizer = Optim.Sgd(model.Parameters(), lr: 0.1);
        var trainLosses = new List<double>();
        var validLosses = new List<double>();
        for (var epoch = 0; epoch < 3; epoch++)
        {
            model.Train();
            double total = 0;
            foreach (var (x, y) in trSet)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var pred = model.call(x);
                var loss = criterion.call(pred, y);
                loss.backward();
                optimizer.step();
                total += loss.item<float>() * x.shape[0];
            }
            trainLosses.Add(total / trSet.Dataset.Count);

            model.Eval();
            double totalLoss = 0;
            foreach (var (x, y) in dvSet)
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var pred = model.call(x);
                var loss = criterion.call(pred, y);
                totalLoss += loss.item<float>() * x.shape[0];
            }
            validLosses.Add(totalLoss / dvSet.Dataset.Count);
        }
        model.Eval();
        var preds = new List<Tensor>();
        foreach (var x in ttSet)
        {
            using var noGrad = no_grad();
            preds.Add(model.call(x));
        }
        using var predictions = cat(preds, 0);
        preds.ForEach(p => p.Dispose());

        trainLosses.Should().Equal(procedure.Doubles("train_loss"), (a, e) => Math.Abs(a - e) <= LossTolerance + 1e-5 * Math.Abs(e));
        validLosses.Should().Equal(procedure.Doubles("valid_loss"), (a, e) => Math.Abs(a - e) <= LossTolerance + 1e-5 * Math.Abs(e));
        TensorAssert.Equal(predictions, procedure.Tensor("predictions"), atol: 2e-6, rtol: 1e-5);
        AssertFinalWeights(model, procedure);
    }
}
