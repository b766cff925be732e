using TorchFluent.Snippets.Infrastructure;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent.Snippets.Pages;

/// <summary>The C# blocks of docs/rnn.md.</summary>
public static class RnnSnippets
{
    [Snippet("rnn-lstm")]
    public static void Lstm()
    {
        #region rnn-lstm
        using var lstm = nn.LSTM(10, 20, numLayers: 2);      // nn.LSTM(10, 20, 2)
        using var input = randn(5, 3, 10);                    // (sequence 5, batch 3, features 10)
        using var h0 = randn(2, 3, 20);
        using var c0 = randn(2, 3, 20);

        var (output, (hn, cn)) = lstm.Call(input, (h0, c0));  // output, (hn, cn) = lstm(input, (h0, c0))
        using (output) using (hn) using (cn)
        {
            Console.WriteLine($"output [{string.Join(", ", output.shape)}], h_n [{string.Join(", ", hn.shape)}], c_n [{string.Join(", ", cn.shape)}]");
            using var last = output[-1];
            using var top = hn[-1];
            Console.WriteLine($"out[-1] == h_n[-1]: {last.equal(top).all().item<bool>()}");
        }
        #endregion
    }

    [Snippet("rnn-rnn-gru")]
    public static void RnnGru()
    {
        #region rnn-rnn-gru
        using var rnn = nn.RNN(10, 20, numLayers: 2);
        using var gru = nn.GRU(10, 20, numLayers: 2);
        using var input = randn(5, 3, 10);

        var (output, hn) = rnn.Call(input);                   // h0 defaults to zeros
        using (output) using (hn)
            Console.WriteLine($"RNN: output [{string.Join(", ", output.shape)}], h_n [{string.Join(", ", hn.shape)}]");

        Console.WriteLine($"GRU weight_ih_l0 [{string.Join(", ", gru.get_parameter("weight_ih_l0")!.shape)}]");   // 3 gates x 20
        #endregion
    }

    [Snippet("rnn-unbatched")]
    public static void Unbatched()
    {
        #region rnn-unbatched
        using var gru = nn.GRU(10, 20, numLayers: 2);
        using var sequence = randn(5, 10);                    // one sequence, no batch dimension

        var (output, hn) = gru.Call(sequence);                // TorchSharp's gru.call would refuse 2-D input
        using (output) using (hn)
            Console.WriteLine($"output [{string.Join(", ", output.shape)}], h_n [{string.Join(", ", hn.shape)}]");
        #endregion
    }

    [Snippet("rnn-bidirectional")]
    public static void Bidirectional()
    {
        #region rnn-bidirectional
        using var lstm = nn.LSTM(10, 20, numLayers: 2, batchFirst: true, bidirectional: true);
        using var input = randn(3, 5, 10);                    // (batch 3, sequence 5, features 10)

        var (output, (hn, cn)) = lstm.Call(input);
        using (output) using (hn) using (cn)
            Console.WriteLine($"output [{string.Join(", ", output.shape)}], h_n [{string.Join(", ", hn.shape)}]");
        #endregion
    }

    [Snippet("rnn-errors")]
    public static void Errors()
    {
        #region rnn-errors
        using var lstm = nn.LSTM(10, 20, numLayers: 2);
        using var images = randn(8, 3, 10, 10);

        try
        {
            lstm.Call(images);
        }
        catch (ArgumentException e)
        {
            Console.WriteLine(e.Message);
        }
        #endregion
    }

    [Snippet("rnn-classifier")]
    public static void Classifier()
    {
        #region rnn-classifier
        using var model = new SequenceClassifier(features: 8, hidden: 16, classes: 4);
        using var batch = randn(32, 12, 8);                   // 32 sequences of 12 steps

        using var logits = model.call(batch);
        Console.WriteLine($"logits [{string.Join(", ", logits.shape)}]");
        #endregion
    }

    /// <summary>The page shows the class below (region rnn-classifier-module); this runs it once.</summary>
    [Snippet("rnn-classifier-module")]
    public static void ClassifierModule()
    {
        using var model = new SequenceClassifier(features: 3, hidden: 4, classes: 2);
        using var x = randn(2, 5, 3);
        using var y = model.call(x);
    }
}

#region rnn-classifier-module
/// <summary>An LSTM over the sequence, then a Linear layer on the last step's hidden state.</summary>
public sealed class SequenceClassifier : nn.Module<Tensor, Tensor>
{
    readonly LSTM lstm;
    readonly Linear head;

    public SequenceClassifier(int features, int hidden, int classes) : base(nameof(SequenceClassifier))
    {
        lstm = nn.LSTM(features, hidden, batchFirst: true);
        head = nn.Linear(hidden, classes);
        RegisterComponents();                                 // state dict keys: lstm.weight_ih_l0, ..., head.weight
    }

    public override Tensor forward(Tensor x)
    {
        var (output, (hn, cn)) = lstm.Call(x);
        using (output) using (cn) using (hn)
        {
            using var last = hn[-1];                          // the top layer's state after the last step
            return head.call(last);
        }
    }
}
#endregion
