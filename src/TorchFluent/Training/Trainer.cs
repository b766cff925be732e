using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Runs the reference text's Entire Procedure for a model: training loops (zero_grad, forward, loss, backward, step),
/// validation (eval mode, no grad, loss averaged over samples), testing/prediction, with metrics, callbacks, progress
/// and cancellation. Every temporary of a step is freed when the step ends. Start with <see cref="For"/>.
/// </summary>
/// <remarks>
/// The trainer owns the optimizer and scheduler it built from specs and disposes them; it never disposes the model, the
/// loss, a prebuilt optimizer or the data. The model's mode (train/eval) is switched as in the reference text and
/// restored after <see cref="Evaluate(IEnumerable{ValueTuple{Tensor, Tensor}}, CancellationToken)"/> and
/// <see cref="Predict(IEnumerable{Tensor})"/>.
/// </remarks>
public sealed class Trainer : IDisposable
{
    readonly nn.Module<Tensor, Tensor> model;
    readonly Loss<Tensor, Tensor, Tensor> loss;
    readonly bool ownsOptimizer;
    readonly TrainerOptions options;
    readonly IList<Parameter> parameters;
    bool disposed;

    internal Trainer(nn.Module<Tensor, Tensor> model, Loss<Tensor, Tensor, Tensor> loss, optim.Optimizer optimizer, bool ownsOptimizer, Scheduler? scheduler, TrainerOptions options)
    {
        this.model = model;
        this.loss = loss;
        Optimizer = optimizer;
        this.ownsOptimizer = ownsOptimizer;
        Scheduler = scheduler;
        this.options = options;
        // Materialised once: clipping needs the list at every step, and TorchSharp builds it anew per call.
        parameters = model.parameters().ToList();
    }

    /// <summary>Starts configuring a trainer for <paramref name="model"/>.</summary>
    public static TrainerBuilder For(nn.Module<Tensor, Tensor> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        TorchRuntime.EnsureLoaded();
        return new TrainerBuilder(model);
    }

    /// <summary>The optimizer the trainer steps.</summary>
    public optim.Optimizer Optimizer { get; }

    /// <summary>The learning-rate scheduler, or null.</summary>
    public Scheduler? Scheduler { get; }

    /// <summary>The history of the last <see cref="Fit"/>, or null before the first.</summary>
    public History? History { get; private set; }

    /// <summary>
    /// Trains for <paramref name="epochs"/> epochs over <paramref name="train"/>, validating on
    /// <paramref name="validation"/> after each epoch when given, and returns the per-epoch history. Calling Fit again
    /// continues from the current weights, optimizer state and schedule.
    /// </summary>
    /// <param name="train">Training batches, typically a shuffled <see cref="DataLoader{TBatch}"/> of (X, Y).</param>
    /// <param name="validation">Validation batches (not shuffled), or null.</param>
    /// <param name="epochs">How many epochs; 1 or more.</param>
    /// <param name="cancellationToken">Stops within one batch with <see cref="OperationCanceledException"/>; weights keep the last finished step.</param>
    public History Fit(IEnumerable<(Tensor X, Tensor Y)> train, IEnumerable<(Tensor X, Tensor Y)>? validation = null, int epochs = 1, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(train);
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, Messages.TrainerEpochs(epochs));

        var history = new History();
        History = history;
        var keys = Keys(validation is not null);
        var context = new TrainingContext(model, Optimizer, Scheduler, history, epochs, keys);
        foreach (var callback in options.Callbacks) callback.OnFitStart(context);

        using var threadScope = ThreadPolicy.Use(ThreadsFor(train));
        if (options.Seed is { } seed) manual_seed(seed);

        for (var epoch = 1; epoch <= epochs && !context.StopRequested; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var learningRate = CurrentLearningRate();
            var values = new Dictionary<string, double>(keys.Count);

            model.train();
            var trained = RunPass(train, TrainingPhase.Training, epoch, epochs, learningRate, clock, step: true, cancellationToken);
            trained.CopyTo(values, prefix: "");
            if (validation is not null)
            {
                model.eval();
                using (no_grad())
                {
                    var validated = RunPass(validation, TrainingPhase.Validation, epoch, epochs, learningRate, clock, step: false, cancellationToken);
                    validated.CopyTo(values, prefix: "val_");
                }
            }
            values["lr"] = learningRate;
            if (Scheduler is { Interval: ScheduleInterval.Epoch }) Scheduler.step();

            var result = new EpochResult(epoch, values, clock.Elapsed);
            history.Add(result);
            options.Progress?.Report(new TrainingProgress(TrainingPhase.EpochEnd, epoch, epochs, trained.Steps, trained.Steps, values, clock.Elapsed, TimeSpan.Zero));
            foreach (var callback in options.Callbacks) callback.OnEpochEnd(context, result);
        }

        foreach (var callback in options.Callbacks) callback.OnFitEnd(context);
        return history;
    }

    /// <summary>The loss and metrics over <paramref name="data"/> (eval mode, no grad), each a mean over samples.</summary>
    public EvaluationResult Evaluate(IEnumerable<(Tensor X, Tensor Y)> data, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(data);
        var wasTraining = model.training;
        using var threadScope = ThreadPolicy.Use(ThreadsFor(data));
        try
        {
            model.eval();
            using var noGrad = no_grad();
            var pass = RunPass(data, TrainingPhase.Validation, 1, 1, CurrentLearningRate(), Stopwatch.StartNew(), step: false, cancellationToken, report: false);
            var values = new Dictionary<string, double>();
            pass.CopyTo(values, prefix: "");
            return new EvaluationResult(values, pass.Samples);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>
    /// The model's outputs for every batch of <paramref name="inputs"/> (eval mode, no grad), concatenated along the
    /// batch dimension on the CPU: the reference text's testing loop. The returned tensor is yours to dispose.
    /// </summary>
    public Tensor Predict(IEnumerable<Tensor> inputs) => Predict(inputs, CancellationToken.None);

    /// <inheritdoc cref="Predict(IEnumerable{Tensor})" />
    /// <param name="inputs">Input batches.</param>
    /// <param name="cancellationToken">Stops within one batch with <see cref="OperationCanceledException"/>.</param>
    public Tensor Predict(IEnumerable<Tensor> inputs, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(inputs);
        var wasTraining = model.training;
        var outputs = new List<Tensor>();
        using var threadScope = ThreadPolicy.Use(options.Threads ?? ThreadPolicy.Choose(parameters.Sum(p => p.numel()), 1, get_num_threads()));
        try
        {
            model.eval();
            using var noGrad = no_grad();
            foreach (var x in inputs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var output = model.call(OnDevice(x)).cpu();
                outputs.Add(output.MoveToOuterDisposeScope());
            }
            if (outputs.Count == 0) throw new ArgumentException(Messages.TrainerNoBatches("Predict"), nameof(inputs));
            return cat(outputs, 0);
        }
        finally
        {
            foreach (var output in outputs) output.Dispose();
            model.train(wasTraining);
        }
    }

    /// <summary>Like <see cref="Predict(IEnumerable{Tensor})"/> on the X of (X, Y) batches (targets are ignored).</summary>
    public Tensor Predict(IEnumerable<(Tensor X, Tensor Y)> data) => Predict(data, CancellationToken.None);

    /// <inheritdoc cref="Predict(IEnumerable{ValueTuple{Tensor, Tensor}})" />
    /// <param name="data">(X, Y) batches.</param>
    /// <param name="cancellationToken">Stops within one batch with <see cref="OperationCanceledException"/>.</param>
    public Tensor Predict(IEnumerable<(Tensor X, Tensor Y)> data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Predict(data.Select(batch => batch.X), cancellationToken);
    }

    /// <summary>Disposes the optimizer and scheduler the trainer built (not the model, the loss or the data).</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        if (ownsOptimizer) Optimizer.Dispose();
    }

    /// <summary>One pass over the batches: training steps when <paramref name="step"/>, else forward only.</summary>
    PassTotals RunPass(IEnumerable<(Tensor X, Tensor Y)> batches, TrainingPhase phase, int epoch, int epochs, double learningRate,
        Stopwatch clock, bool step, CancellationToken cancellationToken, bool report = true)
    {
        var totals = new PassTotals(options.Metrics);
        int? steps = batches is System.Collections.ICollection c ? c.Count : batches is DataLoader<(Tensor X, Tensor Y)> loader ? loader.Count : null;
        var progress = report ? options.Progress : null;
        var phaseStart = clock.Elapsed;
        TimeSpan? lastReport = null;
        var enumerable = batches is DataLoader<(Tensor X, Tensor Y)> cancellable ? cancellable.WithCancellation(cancellationToken) : batches;
        // A DataLoader paces garbage collection at each batch itself; other batch sources are paced here.
        var pace = batches is not DataLoader<(Tensor X, Tensor Y)>;

        foreach (var (x, y) in enumerable)
        {
            if (pace) GarbagePacer.Step();
            cancellationToken.ThrowIfCancellationRequested();
            // Everything a step allocates (outputs, the loss, autograd's saved tensors, device copies) is freed here.
            using (var scope = NewDisposeScope())
            {
                var xb = OnDevice(x);
                var yb = OnDevice(y);
                var samples = xb.dim() == 0 ? 1 : xb.size(0);
                if (step) Optimizer.zero_grad();
                var output = Forward(xb, phase, totals.Steps);
                var lossValue = LossOf(output, yb, phase, totals.Steps);
                if (step)
                {
                    Backward(lossValue, totals.Steps);
                    if (options.ClipNorm is { } maxNorm) nn.utils.clip_grad_norm_(parameters, maxNorm);
                    if (options.ClipValue is { } maxValue) nn.utils.clip_grad_value_(parameters, maxValue);
                    Optimizer.step();
                    if (Scheduler is { Interval: ScheduleInterval.Batch }) Scheduler.step();
                }
                totals.Add(lossValue.ToDouble(), samples);
                if (options.Metrics.Length > 0)
                {
                    using var noGrad = no_grad();
                    var detached = output.detach();
                    for (var m = 0; m < options.Metrics.Length; m++) totals.AddMetric(m, options.Metrics[m].Compute(detached, yb), samples);
                }
            }

            if (progress is not null && (lastReport is not { } last || clock.Elapsed - last >= options.ReportEvery))
            {
                lastReport = clock.Elapsed;
                var phaseElapsed = clock.Elapsed - phaseStart;
                TimeSpan? remaining = steps is { } n && totals.Steps > 0 ? phaseElapsed / totals.Steps * Math.Max(0, n - totals.Steps) : null;
                var values = new Dictionary<string, double>();
                totals.CopyTo(values, phase == TrainingPhase.Validation ? "val_" : "");
                values["lr"] = learningRate;
                progress.Report(new TrainingProgress(phase, epoch, epochs, totals.Steps, steps, values, clock.Elapsed, remaining));
            }
        }

        if (totals.Steps == 0) throw new ArgumentException(Messages.TrainerNoBatches(phase == TrainingPhase.Training ? "Fit (training data)" : "validation"), phase == TrainingPhase.Training ? "train" : "validation");
        return totals;
    }

    // libtorch's errors (a layer's in-features against the batch, a loss against its target's dtype) come out of
    // TorchSharp as ExternalException with a C++ stack; name the step and the batch, and describe the tensors involved.
    Tensor Forward(Tensor x, TrainingPhase phase, int batch)
    {
        try
        {
            return model.call(x);
        }
        catch (Exception e) when (TorchOperationException.IsNative(e))
        {
            throw TorchOperationException.Create(Messages.TrainerStep("model forward", phase, batch), e, [x], ["input"]);
        }
    }

    Tensor LossOf(Tensor output, Tensor target, TrainingPhase phase, int batch)
    {
        try
        {
            return loss.call(output, target);
        }
        catch (Exception e) when (TorchOperationException.IsNative(e))
        {
            throw TorchOperationException.Create(Messages.TrainerStep("loss", phase, batch), e, [output, target], ["output", "target"]);
        }
    }

    static void Backward(Tensor lossValue, int batch)
    {
        try
        {
            lossValue.backward();
        }
        catch (Exception e) when (TorchOperationException.IsNative(e))
        {
            throw TorchOperationException.Create(Messages.TrainerStep("backward", TrainingPhase.Training, batch), e, [lossValue], ["loss"]);
        }
    }

    /// <summary>The batch tensor on the trainer's device; the same object when it is already there (no copy, nothing to free).</summary>
    Tensor OnDevice(Tensor tensor)
    {
        if (options.Device is not { } device) return tensor;
        if (tensor.device_type == device.type && (device.index < 0 || tensor.device_index == device.index)) return tensor;
        return tensor.to(device);
    }

    int ThreadsFor(IEnumerable<(Tensor X, Tensor Y)> data)
    {
        if (options.Threads is { } fixedCount) return fixedCount;
        var batch = data is DataLoader<(Tensor X, Tensor Y)> loader ? loader.BatchSize : 1;
        return ThreadPolicy.Choose(parameters.Sum(p => p.numel()), batch, get_num_threads());
    }

    double CurrentLearningRate() => Optimizer.ParamGroups.FirstOrDefault()?.LearningRate ?? double.NaN;

    List<string> Keys(bool validation)
    {
        var keys = new List<string> { "loss" };
        keys.AddRange(options.Metrics.Select(m => m.Name));
        if (validation)
        {
            keys.Add("val_loss");
            keys.AddRange(options.Metrics.Select(m => "val_" + m.Name));
        }
        keys.Add("lr");
        return keys;
    }

    void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);

    /// <summary>Sums over a pass, weighted by samples, so that means are over samples (not batches).</summary>
    sealed class PassTotals(Metric[] metrics)
    {
        readonly double[] metricSums = new double[metrics.Length];
        double lossSum;

        public int Steps { get; private set; }

        public long Samples { get; private set; }

        public void Add(double lossMean, long samples)
        {
            lossSum += lossMean * samples;
            Samples += samples;
            Steps++;
        }

        public void AddMetric(int index, double mean, long samples) => metricSums[index] += mean * samples;

        public void CopyTo(Dictionary<string, double> values, string prefix)
        {
            values[prefix + "loss"] = lossSum / Samples;
            for (var i = 0; i < metrics.Length; i++) values[prefix + metrics[i].Name] = metricSums[i] / Samples;
        }
    }
}
