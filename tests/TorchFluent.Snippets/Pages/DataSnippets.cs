using TorchFluent.Snippets.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Snippets.Pages;

/// <summary>The C# blocks of docs/data.md. Snippets that read data/ run in the repository root.</summary>
public static class DataSnippets
{
    static void InRepoRoot(Action body)
    {
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = SnippetSource.RepoRoot;
        try
        {
            body();
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    #region data-my-dataset
    // The reference text's MyDataset: __len__ is Count, __getitem__ is the indexer.
    sealed class MyDataset(Tensor x, Tensor y) : Dataset<(Tensor X, Tensor Y)>
    {
        public override int Count => (int)x.shape[0];

        public override (Tensor X, Tensor Y) this[int index] => (x[index], y[index]);
    }
    #endregion

    [Snippet("data-my-dataset")]
    public static void DefineMyDataset()
    {
        using var x = zeros(2, 3);
        using var y = zeros(2, 1);
        var (first, label) = new MyDataset(x, y)[1];
        first.Dispose();
        label.Dispose();
    }

    [Snippet("data-loader")]
    public static void Loader()
    {
        #region data-loader
        using var x = arange(30, ScalarType.Float32).reshape(10, 3);   // 10 samples of 3 features
        using var y = arange(10);                                       // 10 labels (int64)
        var dataset = new MyDataset(x, y);

        // DataLoader(dataset, batch_size=4, shuffle=False)
        using var loader = DataLoader.From(dataset).Batch(4).Build();
        foreach (var (xb, yb) in loader)
            Console.WriteLine($"x [{string.Join(", ", xb.shape)}], y {yb.ToString(TorchSharp.TensorStringStyle.Numpy)}");
        #endregion
    }

    [Snippet("data-procedure")]
    public static void Procedure() => InRepoRoot(() =>
    {
        #region data-procedure
        // Setup: read the data, split it, put it into loaders (the text's tr_set and dv_set).
        manual_seed(0);
        using var iris = Dataset.FromCsv("data/iris/iris.csv", targets: [^1], targetType: ScalarType.Int64);
        var (train, valid) = Dataset.RandomSplit(iris, [0.8, 0.2], seed: 0);
        using var trSet = DataLoader.From(train).Batch(16).Shuffle(seed: 0).Build();
        using var dvSet = DataLoader.From(valid).Batch(16).Build();

        using var model = nn.Sequential(("0", nn.Linear(4, 32)), ("1", nn.Sigmoid()), ("2", nn.Linear(32, 3)));
        using var criterion = nn.CrossEntropyLoss();
        using var optimizer = optim.SGD(model.parameters(), 0.1);

        // Training loops
        for (var epoch = 0; epoch < 10; epoch++)
        {
            model.train();
            foreach (var (x, y) in trSet)               // the batch is freed when the loop moves on
            {
                using var step = NewDisposeScope();      // frees this step's own tensors
                optimizer.zero_grad();
                var loss = criterion.forward(model.forward(x), y);
                loss.backward();
                optimizer.step();
            }
        }

        // Validation loop
        model.eval();
        var totalLoss = 0.0;
        foreach (var (x, y) in dvSet)
        {
            using var step = NewDisposeScope();
            using var noGrad = no_grad();
            var loss = criterion.forward(model.forward(x), y);
            totalLoss += loss.item<float>() * x.shape[0];
        }
        var avgLoss = totalLoss / dvSet.Dataset.Count;    // len(dv_set.dataset)
        Console.WriteLine($"{trSet.Count} batches per epoch, {dvSet.Dataset.Count} validation samples");
        #endregion
    });

    [Snippet("data-datasets")]
    public static void Datasets()
    {
        #region data-datasets
        using var x = randn(100, 10);
        using var y = randn(100, 1);
        using var all = Dataset.FromTensors(x, y);                            // TensorDataset(x, y)
        var (train, valid) = Dataset.RandomSplit(all, [0.8, 0.2], seed: 0);   // random_split(all, [0.8, 0.2], generator)
        var firstTen = Dataset.Subset(all, [.. Enumerable.Range(0, 10)]);      // Subset(all, range(10))
        var both = Dataset.Concat(train, valid);                               // ConcatDataset([train, valid])
        Console.WriteLine($"{train.Count} + {valid.Count} = {both.Count}; the subset has {firstTen.Count}");
        #endregion
    }

    [Snippet("data-csv")]
    public static void Csv() => InRepoRoot(() =>
    {
        #region data-csv
        using var iris = Dataset.FromCsv("data/iris/iris.csv", targets: [^1], targetType: ScalarType.Int64);
        var (features, labels) = (iris.Tensors[0], iris.Tensors[1]);
        Console.WriteLine($"{iris.Count} samples: X {features.dtype} [{string.Join(", ", features.shape)}], Y {labels.dtype} [{string.Join(", ", labels.shape)}]");
        #endregion
    });

    [Snippet("data-collate")]
    public static void Collate()
    {
        #region data-collate
        // Samples of .NET values: a feature array and an int label.
        var samples = Dataset.From(6, i => (Features: new[] { i * 1f, i * 2f }, Label: i % 3));
        using var loader = DataLoader.From(samples).Batch(4).Build();
        foreach (var (x, y) in loader)
            Console.WriteLine($"x {x.dtype} [{string.Join(", ", x.shape)}], y {y.dtype} [{string.Join(", ", y.shape)}]");
        #endregion
    }

    [Snippet("data-custom-collate")]
    public static void CustomCollate()
    {
        #region data-custom-collate
        // Sequences of different lengths cannot be stacked: pad them in a collate function (PyTorch's collate_fn).
        var sequences = Dataset.From(5, i => arange(i + 1, ScalarType.Float32));
        using var loader = DataLoader.From(sequences).Batch(3)
            .Collate(batch => nn.utils.rnn.pad_sequence(batch, batch_first: true))
            .Build();
        foreach (var padded in loader)
            Console.WriteLine($"[{string.Join(", ", padded.shape)}]");
        #endregion
    }

    [Snippet("data-keep")]
    public static void Keep()
    {
        #region data-keep
        using var x = randn(10, 3);
        using var y = randn(10, 1);
        using var dataset = Dataset.FromTensors(x, y);
        using var loader = DataLoader.From(dataset).Batch(4).Build();

        var targets = new List<Tensor>();
        foreach (var (xb, yb) in loader)
            targets.Add(yb.alias());        // yb is freed when the loop moves on; the alias (same memory) is yours
        using var all = cat(targets, 0);
        foreach (var t in targets) t.Dispose();
        Console.WriteLine($"kept [{string.Join(", ", all.shape)}]");
        #endregion
    }

    [Snippet("data-workers")]
    public static void Workers()
    {
        #region data-workers
        // A dataset whose samples take time to make (decoding, augmenting): read them on two threads.
        var slow = Dataset.From(64, i => { Thread.Sleep(1); return full(8, (float)i); });
        using var loader = DataLoader.From(slow).Batch(8).Workers(2).Build();   // num_workers=2, prefetch_factor=2

        using var cancel = new CancellationTokenSource();
        var batches = 0;
        try
        {
            foreach (var batch in loader.WithCancellation(cancel.Token))
                if (++batches == 3) cancel.Cancel();        // the next step throws; the workers stop
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine($"cancelled after {batches} batches");
        }
        #endregion
    }

    [Snippet("data-errors")]
    public static void Errors()
    {
        #region data-errors
        var ragged = Dataset.From(6, i => zeros(i == 4 ? 4 : 3));
        using var loader = DataLoader.From(ragged).Batch(3).Build();
        try
        {
            foreach (var batch in loader) { }
        }
        catch (DataLoaderException e)
        {
            Console.WriteLine(e.Message);
        }
        #endregion
    }
}
