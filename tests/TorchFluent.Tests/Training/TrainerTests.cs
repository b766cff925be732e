using FluentAssertions;
using TorchFluent.Tests.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;
using static TorchFluent.Tests.Training.TrainingTestData;

namespace TorchFluent.Tests.Training;

using Losses = TorchFluent.Losses;
using Optim = TorchFluent.Optim;
using Schedules = TorchFluent.Schedules;

[Collection(GlobalTorchStateCollection.Name)]
public sealed class TrainerTests
{
    [Fact]
    public void Fit_RegressionProblem_LossFallsAndHistoryHasKerasKeys()
    {
        var (x, y) = Regression(200, seed: 1);
        using var _x = x;
        using var _y = y;
        using var model = MyModel(seed: 0);
        using var train = Loader(x, y, shuffleSeed: 0);

        var history = SgdTrainer(model).Metrics(Metrics.Mae()).Fit(train, train, epochs: 5);

        history.Epochs.Should().HaveCount(5);
        history.Keys.Should().Equal("loss", "mae", "val_loss", "val_mae", "lr");
        history["loss"][4].Should().BeLessThan(history["loss"][0] / 2);
        history["lr"].Should().AllBeEquivalentTo(0.1);
        history.StoppedEarly.Should().BeFalse();
        history.Epochs.Select(e => e.Epoch).Should().Equal(1, 2, 3, 4, 5);
    }

    [Fact]
    public void Fit_ValidationLoss_IsMeanOverSamplesNotBatches()
    {
        // 10 samples in batches of 4, 4, 2: a mean over batches would weigh the last two samples double.
        var (x, y) = Regression(10, seed: 2);
        using var _x = x;
        using var _y = y;
        using var model = MyModel(seed: 0);
        using var loader = Loader(x, y, batch: 4);
        using var trainer = SgdTrainer(model, lr: 1e-9).Build();

        var history = trainer.Fit(loader, loader, epochs: 1);

        using var noGrad = no_grad();
        model.eval();
        using var all = model.call(x);
        using var squared = all.sub(y).square();
        var expected = squared.mean().item<float>();
        history["val_loss"][0].Should().BeApproximately(expected, 1e-6);
        trainer.Evaluate(loader).Loss.Should().BeApproximately(expected, 1e-6);
        trainer.Evaluate(loader).Samples.Should().Be(10);
    }

    [Fact]
    public void Fit_SameSeedTwice_GivesBitIdenticalWeights()
    {
        float[] Run()
        {
            var (x, y) = Regression(64, seed: 3);
            using var _x = x;
            using var _y = y;
            manual_seed(7);
            using var model = Sequential.Create().Linear(10, 16).ReLU().Dropout(0.3).Linear(1).Build();
            using var loader = Loader(x, y, batch: 8, shuffleSeed: 5);
            Trainer.For(model).Loss(Losses.Mse()).Optimizer(Optim.Adam(lr: 0.01)).Seed(11).Fit(loader, epochs: 3);
            return model.Parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        }

        var first = Run();
        var second = Run();

        second.Should().Equal(first, "same starting weights, data order and seed (dropout masks) give the same run");
    }

    [Fact]
    public void Fit_DifferentTrainerSeed_ChangesDropoutAndWeights()
    {
        float[] Run(long seed)
        {
            var (x, y) = Regression(64, seed: 3);
            using var _x = x;
            using var _y = y;
            manual_seed(7);
            using var model = Sequential.Create().Linear(10, 16).ReLU().Dropout(0.3).Linear(1).Build();
            using var loader = Loader(x, y, batch: 8);
            Trainer.For(model).Loss(Losses.Mse()).Optimizer(Optim.Sgd(lr: 0.05)).Seed(seed).Fit(loader, epochs: 1);
            return model.Parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        }

        Run(1).Should().NotEqual(Run(2), "the seed drives the dropout masks, so the test above is not vacuous");
    }

    [Fact]
    public void Fit_LambdaSchedule_HistoryRecordsTheRateOfEachEpoch()
    {
        var (x, y) = Regression(32, seed: 4);
        using var _x = x;
        using var _y = y;
        using var model = MyModel(seed: 0);
        using var loader = Loader(x, y);
        using var trainer = SgdTrainer(model).Schedule(Schedules.Lambda(epoch => Math.Pow(0.95, epoch))).Build();

        var history = trainer.Fit(loader, epochs: 5);

        history["lr"].Should().Equal([0.1, 0.095, 0.09025, 0.0857375, 0.081450625], (a, e) => Math.Abs(a - e) < 1e-15);
        trainer.Scheduler!.LastEpoch.Should().Be(5);
    }

    [Fact]
    public void Fit_EarlyStopping_StopsWhenNothingImprovesAndRestoresBest()
    {
        var (x, y) = Regression(32, seed: 5);
        using var _x = x;
        using var _y = y;
        using var model = MyModel(seed: 0);
        using var loader = Loader(x, y);
        var epochsSeen = 0;
        // A learning rate this large makes the loss diverge after the first steps: later epochs never improve.
        var history = SgdTrainer(model, lr: 5.0)
            .Callbacks(Callbacks.EarlyStopping("loss", patience: 1, restoreBestWeights: true), Callbacks.OnEpochEnd((_, _) => epochsSeen++))
            .Fit(loader, epochs: 50);

        history.StoppedEarly.Should().BeTrue();
        history.Epochs.Count.Should().BeLessThan(50);
        epochsSeen.Should().Be(history.Epochs.Count);
        history.StopReason.Should().StartWith("EarlyStopping: loss did not improve for 2 epoch(s) (best ");
        var best = history["loss"].Min();
        history["loss"].Skip(history["loss"].ToList().IndexOf(best) + 1).Should().OnlyContain(l => l >= best);
    }

    [Fact]
    public void Fit_BestModelCallback_SavesTheBestEpochWeights()
    {
        var folder = TestPaths.NewTempFolder("tf-best");
        try
        {
            var path = Path.Combine(folder, "best.pth");
            var (x, y) = Regression(64, seed: 6);
            using var _x = x;
            using var _y = y;
            using var model = MyModel(seed: 0);
            using var loader = Loader(x, y);
            StateDict? snapshot = null;
            double bestLoss = double.MaxValue;
            var history = SgdTrainer(model)
                .Callbacks(
                    Callbacks.BestModel(path, monitor: "val_loss"),
                    Callbacks.OnEpochEnd((context, epoch) =>
                    {
                        if (epoch.ValidationLoss < bestLoss)
                        {
                            bestLoss = epoch.ValidationLoss!.Value;
                            snapshot?.Dispose();
                            using var live = context.Model.StateDict();
                            snapshot = live.Clone();
                        }
                    }))
                .Fit(loader, loader, epochs: 4);

            File.Exists(path).Should().BeTrue();
            using var saved = StateDict.Load(path);
            saved.Keys.Should().Equal("0.weight", "0.bias", "2.weight", "2.bias");
            foreach (var key in saved.Keys) saved[key].allclose(snapshot![key], rtol: 0, atol: 0).Should().BeTrue(key);
            snapshot!.Dispose();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Fit_MonitoringValidationWithoutValidationSet_FailsBeforeTraining()
    {
        var (x, y) = Regression(16, seed: 7);
        using var _x = x;
        using var _y = y;
        using var model = MyModel(seed: 0);
        using var loader = Loader(x, y);
        using var before = model.Parameters()[0].clone();

        var act = () => SgdTrainer(model).Callbacks(Callbacks.EarlyStopping()).Fit(loader, epochs: 2);

        act.Should().Throw<InvalidOperationException>().WithMessage(
            "EarlyStopping monitors \"val_loss\", which this run will not record. Expected one of: loss, lr. " +
            "Fix: monitor a recorded name, or pass a validation set to Fit for \"val_\" names.");
        model.Parameters()[0].allclose(before, rtol: 0, atol: 0).Should().BeTrue("nothing was trained");
    }

    [Fact]
    public void Fit_Cancelled_StopsWithinOneBatch()
    {
        var (x, y) = Regression(160, seed: 8);
        using var _x = x;
        using var _y = y;
        using var model = MyModel(seed: 0);
        using var loader = Loader(x, y);
        using var cancellation = new CancellationTokenSource();
        var steps = 0;
        var progress = new SynchronousProgress<TrainingProgress>(p =>
        {
            if (p.Phase == TrainingPhase.Training) steps = p.Step;
            if (p.Step == 3) cancellation.Cancel();
        });

        var act = () => SgdTrainer(model).Progress(progress).ReportEvery(TimeSpan.Zero).Fit(loader, epochs: 3, cancellationToken: cancellation.Token);

        act.Should().Throw<OperationCanceledException>();
        steps.Should().Be(3, "the step after the cancellation request does not run");
    }

    [Fact]
    public void Fit_Progress_ReportsStepsAndOneEpochEndPerEpoch()
    {
        var (x, y) = Regression(40, seed: 9);
        using var _x = x;
        using var _y = y;
        using var model = MyModel(seed: 0);
        using var train = Loader(x, y, batch: 16);
        var reports = new List<TrainingProgress>();

        SgdTrainer(model).Progress(new SynchronousProgress<TrainingProgress>(reports.Add)).ReportEvery(TimeSpan.Zero).Fit(train, train, epochs: 2);

        reports.Where(r => r.Phase == TrainingPhase.EpochEnd).Select(r => r.Epoch).Should().Equal(1, 2);
        reports.Where(r => r.Phase == TrainingPhase.Training && r.Epoch == 1).Select(r => r.Step).Should().Equal(1, 2, 3);
        reports.Where(r => r.Phase == TrainingPhase.Training).Should().OnlyContain(r => r.Steps == 3 && r.Epochs == 2 && r.Values.ContainsKey("loss"));
        reports.Where(r => r.Phase == TrainingPhase.Validation).Should().OnlyContain(r => r.Values.ContainsKey("val_loss"));
        reports.Last().Values.Keys.Should().Contain(["loss", "val_loss", "lr"]);
    }

    [Fact]
    public void Fit_ManyEpochs_LeavesNoLiveTensorsBehind()
    {
        var (x, y) = Regression(64, seed: 10);
        using var _x = x;
        using var _y = y;
        using var model = MyModel(seed: 0);
        using var loader = Loader(x, y, shuffleSeed: 1);
        using var trainer = SgdTrainer(model).Metrics(Metrics.Mae()).Build();
        trainer.Fit(loader, loader, epochs: 1); // gradients exist from here on
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        trainer.Fit(loader, loader, epochs: 5);
        trainer.Evaluate(loader);
        using (trainer.Predict(loader)) { }

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(live, "every step frees what it allocated");
    }

    [Fact]
    public void Evaluate_And_Predict_RestoreTrainingModeAndMatchForward()
    {
        var (x, y) = Regression(20, seed: 11);
        using var _x = x;
        using var _y = y;
        using var model = MyModel(seed: 0);
        using var loader = Loader(x, y, batch: 6);
        using var trainer = SgdTrainer(model).Build();
        model.train();

        using var predictions = trainer.Predict(loader);

        model.training.Should().BeTrue();
        predictions.shape.Should().Equal(20, 1);
        using var noGrad = no_grad();
        using var direct = model.call(x);
        predictions.allclose(direct, rtol: 0, atol: 1e-7).Should().BeTrue();
        predictions.requires_grad.Should().BeFalse();
    }

    [Fact]
    public void Fit_ClipGradNorm_MatchesManualClipping()
    {
        float[] Run(bool trainerClips)
        {
            var (x, y) = Regression(16, seed: 12);
            using var _x = x;
            using var _y = y;
            using var model = MyModel(seed: 0);
            using var loader = Loader(x, y, batch: 16);
            if (trainerClips)
            {
                SgdTrainer(model, lr: 0.5).ClipGradNorm(0.01).Fit(loader, epochs: 1);
            }
            else
            {
                using var optimizer = Optim.Sgd(model.Parameters(), lr: 0.5);
                using var criterion = Losses.Mse();
                optimizer.zero_grad();
                using var loss = criterion.call(model.call(x), y);
                loss.backward();
                model.Parameters().ClipGradNorm(0.01);
                optimizer.step();
            }
            return model.Parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        }

        Run(trainerClips: true).Should().Equal(Run(trainerClips: false));
    }

    [Fact]
    public void Fit_Accuracy_CountsArgmaxHits()
    {
        using var x = tensor(new float[] { 1, 0, 0, 1, 1, 0, 0, 1 }, [4, 2]);
        using var labels = tensor(new long[] { 0, 1, 1, 1 });
        using var model = Sequential.Create().Add(nn.Identity()).Build();
        using var loader = DataLoader.From(Dataset.FromTensors(x, labels)).Batch(3).Build();
        using var trainer = Trainer.For(model).Loss(Losses.CrossEntropy()).Optimizer(Optim.Sgd(Array.Empty<TorchSharp.Modules.Parameter>().Append(new TorchSharp.Modules.Parameter(zeros(1))), lr: 0.1)).Metrics(Metrics.Accuracy()).Build();

        trainer.Evaluate(loader).Values["accuracy"].Should().BeApproximately(0.75, 1e-12, "3 of 4 argmaxes hit, averaged over samples across batches of 3 and 1");
    }

    [Fact]
    public void Threads_AutoPolicy_UsesOneThreadForTinyModelsAndRestoresTheSetting()
    {
        var (x, y) = Regression(32, seed: 13);
        using var _x = x;
        using var _y = y;
        using var model = MyModel(seed: 0);
        using var loader = Loader(x, y);
        var before = get_num_threads();
        var during = new List<int>();

        SgdTrainer(model).Callbacks(Callbacks.OnEpochEnd((_, _) => during.Add(get_num_threads()))).Fit(loader, epochs: 1);
        SgdTrainer(model).Threads(2).Callbacks(Callbacks.OnEpochEnd((_, _) => during.Add(get_num_threads()))).Fit(loader, epochs: 1);

        during.Should().Equal(1, 2);
        get_num_threads().Should().Be(before);
        ThreadPolicy.Choose(1_400, 16, 2).Should().Be(1);
        ThreadPolicy.Choose(670_000, 128, 2).Should().Be(2);
    }

    [Fact]
    public void Fit_EmptyLoader_SaysThereIsNothingToAverage()
    {
        using var x = zeros(3, 10);
        using var y = zeros(3, 1);
        using var model = MyModel(seed: 0);
        using var loader = DataLoader.From(Dataset.FromTensors(x, y)).Batch(4).DropLast().Build();

        var act = () => SgdTrainer(model).Fit(loader, epochs: 1);

        act.Should().Throw<ArgumentException>().WithMessage(
            "Fit (training data) produced no batches, so there is nothing to average. Expected: at least one batch. " +
            "Received: an empty sequence (an empty dataset, or a loader with DropLast and fewer samples than one batch). " +
            "Fix: check the dataset's Count and the loader's batch size.*");
    }

    [Fact]
    public void Fit_InputWithTooFewFeatures_NamesTheStepTheBatchAndTheInput()
    {
        using var x = zeros(8, 5);
        using var y = zeros(8, 1);
        using var model = MyModel(seed: 0);
        using var loader = Loader(x, y, batch: 4);

        var act = () => SgdTrainer(model).Fit(loader, epochs: 1);

        var error = act.Should().Throw<TorchOperationException>().Which;
        error.Operation.Should().Be("Trainer model forward (training batch 0)");
        error.Message.Should().Be(
            "Trainer model forward (training batch 0) failed in libtorch: mat1 and mat2 shapes cannot be multiplied (4x5 and 10x32)\n" +
            "Inputs: input torch.Size([4, 5]) float32 on cpu.\n" +
            "Fix: check the inputs against the rule in libtorch's reason above; InnerException holds libtorch's full message.");
        error.Shapes.Should().ContainSingle().Which.Should().Equal(4, 5);
        model.IsTraining.Should().BeTrue();
    }

    [Fact]
    public void Evaluate_LossThatFailsInLibTorch_NamesTheLossAndBothTensors()
    {
        using var x = zeros(8, 10);
        using var y = zeros(8, 3);
        using var model = MyModel(seed: 0);
        using var loader = Loader(x, y, batch: 4);
        using var trainer = Trainer.For(model).Loss(Losses.From((output, target) => output.reshape(5).sum() + target.sum())).Optimizer(Optim.Sgd(0.1)).Build();

        var act = () => trainer.Evaluate(loader);

        var error = act.Should().Throw<TorchOperationException>().Which;
        error.Operation.Should().Be("Trainer loss (validation batch 0)");
        error.Message.Should().StartWith("Trainer loss (validation batch 0) failed in libtorch: ")
            .And.Contain("Inputs: output torch.Size([4, 1]) float32 on cpu, target torch.Size([4, 3]) float32 on cpu.");
    }

    /// <summary>IProgress that calls back on the reporting thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    sealed class SynchronousProgress<T>(Action<T> action) : IProgress<T>
    {
        public void Report(T value) => action(value);
    }
}
