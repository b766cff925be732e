using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent.Examples;

/// <summary>
/// Reads an 8x8 digit as a sequence of its 8 pixel rows: an LSTM (batch first) over the rows, then a Linear head on
/// the top layer's last hidden state (both directions' when bidirectional). CustomModule registers the fields, so
/// the state dict keys are lstm.weight_ih_l0, ..., head.weight, head.bias as in PyTorch.
/// </summary>
internal sealed class DigitRowsLstm(int features, int hidden, int layers, bool bidirectional, int classes) : CustomModule
{
    readonly LSTM lstm = nn.LSTM(features, hidden, numLayers: layers, batchFirst: true, bidirectional: bidirectional);
    readonly Linear head = nn.Linear(bidirectional ? 2 * hidden : hidden, classes);

    /// <summary>The recurrent layer, to show what it returns for one batch.</summary>
    public LSTM Lstm => lstm;

    public override Tensor forward(Tensor x)
    {
        var (output, (hn, cn)) = lstm.Call(x);   // output, (h_n, c_n) = self.lstm(x)
        using (output) using (hn) using (cn)
        {
            if (!bidirectional)
            {
                using var top = hn[-1];           // the top layer's state after the last row: h_n[-1]
                return head.call(top);
            }
            // h_n[-2] is the top layer's forward direction (after the last row), h_n[-1] its backward one (after the first).
            using var forward = hn[-2];
            using var backward = hn[-1];
            using var both = cat([forward, backward], dim: 1);
            return head.call(both);
        }
    }
}
