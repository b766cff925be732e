using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Configures a <see cref="Trainer"/>: <c>Trainer.For(model).Loss(Losses.Mse()).Optimizer(Optim.Sgd(lr: 0.1)).Fit(train, valid, epochs: 20)</c>.
/// Loss and optimizer are required; everything else is optional. Options are checked together when the trainer is
/// built (every problem in one exception); the builder cannot be changed after that.
/// </summary>
public sealed class TrainerBuilder
{
    readonly nn.Module<Tensor, Tensor> model;
    readonly List<Metric> metrics = [];
    readonly List<TrainingCallback> callbacks = [];
    Loss<Tensor, Tensor, Tensor>? loss;
    OptimizerSpec? optimizerSpec;
    optim.Optimizer? optimizer;
    SchedulerSpec? schedulerSpec;
    double? clipNorm;
    double? clipValue;
    Device? device;
    int? threads;
    long? seed;
    IProgress<TrainingProgress>? progress;
    TimeSpan reportEvery = TimeSpan.FromMilliseconds(100);
    bool built;

    internal TrainerBuilder(nn.Module<Tensor, Tensor> model) => this.model = model;

    /// <summary>The loss to minimise, for example <see cref="Losses.Mse"/> or <see cref="Losses.CrossEntropy"/> (required).</summary>
    public TrainerBuilder Loss(Loss<Tensor, Tensor, Tensor> loss) => Set(() => this.loss = loss ?? throw new ArgumentNullException(nameof(loss)));

    /// <summary>The optimizer, as a spec built for the model's parameters, for example <c>Optim.Sgd(lr: 0.1).Momentum(0.9)</c> (required; the trainer owns what it builds).</summary>
    public TrainerBuilder Optimizer(OptimizerSpec spec) => Set(() => optimizerSpec = spec ?? throw new ArgumentNullException(nameof(spec)));

    /// <summary>An optimizer you built yourself over the model's parameters (the trainer does not dispose it).</summary>
    public TrainerBuilder Optimizer(optim.Optimizer optimizer) => Set(() => this.optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer)));

    /// <summary>A learning-rate schedule, for example <c>Schedules.Lambda(epoch => Math.Pow(0.95, epoch))</c>; stepped per epoch or per batch as the schedule says.</summary>
    public TrainerBuilder Schedule(SchedulerSpec schedule) => Set(() => schedulerSpec = schedule ?? throw new ArgumentNullException(nameof(schedule)));

    /// <summary>Clips the gradients' total 2-norm to <paramref name="maxNorm"/> before every optimizer step (PyTorch's clip_grad_norm_).</summary>
    public TrainerBuilder ClipGradNorm(double maxNorm) => Set(() => clipNorm = maxNorm);

    /// <summary>Clamps every gradient value to [-clipValue, clipValue] before every optimizer step (PyTorch's clip_grad_value_).</summary>
    public TrainerBuilder ClipGradValue(double clipValue) => Set(() => this.clipValue = clipValue);

    /// <summary>Metrics to report besides the loss, each a mean over samples, for training and validation ("val_" prefix).</summary>
    public TrainerBuilder Metrics(params Metric[] metrics) => Set(() => this.metrics.AddRange(metrics ?? throw new ArgumentNullException(nameof(metrics))));

    /// <summary>Callbacks (early stopping, best-model checkpoints, logging ...), run in this order after every epoch.</summary>
    public TrainerBuilder Callbacks(params TrainingCallback[] callbacks) => Set(() => this.callbacks.AddRange(callbacks ?? throw new ArgumentNullException(nameof(callbacks))));

    /// <summary>Moves the model there and every batch that is not already there (default: where the model is).</summary>
    public TrainerBuilder On(Device device) => Set(() => this.device = device ?? throw new ArgumentNullException(nameof(device)));

    /// <summary>
    /// libtorch's intra-op thread count while the trainer runs (restored afterwards). Default: 1 when the work per step
    /// (parameters x batch size) is below about a million multiply-adds, where more threads are slower; else all cores.
    /// </summary>
    public TrainerBuilder Threads(int count) => Set(() => threads = count);

    /// <summary>Seeds torch's generator at the start of every Fit, so dropout and other random ops repeat: the same seed, data order and starting weights give bit-identical weights on the CPU.</summary>
    public TrainerBuilder Seed(long seed) => Set(() => this.seed = seed);

    /// <summary>Where progress reports go (a console renderer, a log, a UI). Reports come from the training thread.</summary>
    public TrainerBuilder Progress(IProgress<TrainingProgress> progress) => Set(() => this.progress = progress ?? throw new ArgumentNullException(nameof(progress)));

    /// <summary>The shortest time between two in-epoch progress reports (default 100 ms); epoch ends are always reported.</summary>
    public TrainerBuilder ReportEvery(TimeSpan interval) => Set(() => reportEvery = interval);

    /// <summary>Checks every option and builds the trainer (the builder is frozen afterwards).</summary>
    /// <exception cref="ArgumentException">One or more options are invalid; the message lists them all.</exception>
    public Trainer Build()
    {
        ThrowIfBuilt();
        var problems = new List<string>();
        if (loss is null) problems.Add("Loss: required, not set. Add .Loss(Losses.Mse()) or another loss.");
        if (optimizerSpec is null && optimizer is null) problems.Add("Optimizer: required, not set. Add .Optimizer(Optim.Sgd(lr: 0.1)) or another optimizer.");
        if (optimizerSpec is not null && optimizer is not null) problems.Add("Optimizer: set twice (a spec and a built optimizer). Keep one.");
        if (clipNorm is { } n && (!(n > 0) || double.IsInfinity(n))) problems.Add($"ClipGradNorm: expected a finite number > 0, received {n}.");
        if (clipValue is { } v && (!(v >= 0) || double.IsInfinity(v))) problems.Add($"ClipGradValue: expected a finite number >= 0, received {v}.");
        if (threads is { } t && t < 1) problems.Add($"Threads: expected 1 or more, received {t}.");
        if (reportEvery < TimeSpan.Zero) problems.Add($"ReportEvery: expected zero or a positive interval, received {reportEvery}.");
        foreach (var name in metrics.GroupBy(m => m.Name).Where(g => g.Count() > 1).Select(g => g.Key))
            problems.Add($"Metrics: '{name}' is added more than once.");
        if (problems.Count > 0) throw new ArgumentException(Messages.TrainingInvalidOptions("Trainer", problems));

        built = true;
        TorchRuntime.EnsureLoaded();
        if (device is not null) model.to(device);
        var ownsOptimizer = optimizer is null;
        var builtOptimizer = optimizer ?? optimizerSpec!.Build(model);
        var scheduler = schedulerSpec?.Build(builtOptimizer);
        return new Trainer(model, loss!, builtOptimizer, ownsOptimizer, scheduler, new TrainerOptions(
            metrics.ToArray(), callbacks.ToArray(), clipNorm, clipValue, device, threads, seed, progress, reportEvery));
    }

    /// <summary>Builds the trainer, trains for <paramref name="epochs"/> and returns the history (the trainer's optimizer is disposed afterwards; use <see cref="Build"/> to keep training later).</summary>
    /// <inheritdoc cref="Trainer.Fit" />
    public History Fit(IEnumerable<(Tensor X, Tensor Y)> train, IEnumerable<(Tensor X, Tensor Y)>? validation = null, int epochs = 1, CancellationToken cancellationToken = default)
    {
        using var trainer = Build();
        return trainer.Fit(train, validation, epochs, cancellationToken);
    }

    TrainerBuilder Set(Action change)
    {
        ThrowIfBuilt();
        change();
        return this;
    }

    void ThrowIfBuilt()
    {
        if (built) throw new InvalidOperationException(Messages.TrainerBuilderFrozen);
    }
}
