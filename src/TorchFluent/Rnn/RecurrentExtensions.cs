using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// PyTorch's way of calling <c>nn.RNN</c>, <c>nn.LSTM</c> and <c>nn.GRU</c> on TorchSharp's modules of the same name:
/// <c>Call</c> accepts a 3-D batch or a 2-D unbatched sequence (TorchSharp's <c>call</c> accepts only 3-D), checks the
/// input and the initial state up front with messages that name the expected shapes, and frees the zero initial state
/// it creates when none is given. Create the modules with TorchSharp (<c>nn.LSTM(10, 20, numLayers: 2)</c>): their
/// parameters, names and state dicts are PyTorch's.
/// </summary>
public static class RecurrentExtensions
{
    extension(RNN rnn)
    {
        /// <summary>
        /// PyTorch's <c>output, h_n = rnn(input)</c>, starting from a zero hidden state. <paramref name="input"/> is
        /// (L, N, H_in), (N, L, H_in) with batchFirst, or an unbatched (L, H_in); output is (L, N, D*H) (or
        /// (N, L, D*H)) and h_n is (D*layers, N, H), without the N dimension for unbatched input.
        /// </summary>
        /// <param name="input">The input sequence(s).</param>
        /// <returns>The output features of the last layer at every step, and the hidden state after the last step. The caller owns both.</returns>
        /// <exception cref="ArgumentException">The input is not 2-D or 3-D, or has the wrong feature size or dtype.</exception>
        public (Tensor Output, Tensor HN) Call(Tensor input) =>
            RunSingleState(rnn, "RNN", input, null, (x, h) => rnn.call(x, h));

        /// <summary>
        /// PyTorch's <c>output, h_n = rnn(input, h0)</c>: like <see cref="Call(RNN, Tensor)"/>, from the initial
        /// hidden state <paramref name="h0"/>.
        /// </summary>
        /// <param name="input">The input sequence(s).</param>
        /// <param name="h0">The initial hidden state: (D*layers, N, H), or (D*layers, H) for unbatched input.</param>
        /// <returns>The output features of the last layer at every step, and the hidden state after the last step. The caller owns both.</returns>
        /// <exception cref="ArgumentException">The input is not 2-D or 3-D, has the wrong feature size or dtype, or <paramref name="h0"/> has the wrong shape or dtype.</exception>
        public (Tensor Output, Tensor HN) Call(Tensor input, Tensor h0)
        {
            ArgumentNullException.ThrowIfNull(h0);
            return RunSingleState(rnn, "RNN", input, h0, (x, h) => rnn.call(x, h));
        }
    }

    extension(GRU gru)
    {
        /// <summary>
        /// PyTorch's <c>output, h_n = gru(input)</c>, starting from a zero hidden state. <paramref name="input"/> is
        /// (L, N, H_in), (N, L, H_in) with batchFirst, or an unbatched (L, H_in); output is (L, N, D*H) (or
        /// (N, L, D*H)) and h_n is (D*layers, N, H), without the N dimension for unbatched input.
        /// </summary>
        /// <param name="input">The input sequence(s).</param>
        /// <returns>The output features of the last layer at every step, and the hidden state after the last step. The caller owns both.</returns>
        /// <exception cref="ArgumentException">The input is not 2-D or 3-D, or has the wrong feature size or dtype.</exception>
        public (Tensor Output, Tensor HN) Call(Tensor input) =>
            RunSingleState(gru, "GRU", input, null, (x, h) => gru.call(x, h));

        /// <summary>
        /// PyTorch's <c>output, h_n = gru(input, h0)</c>: like <see cref="Call(GRU, Tensor)"/>, from the initial
        /// hidden state <paramref name="h0"/>.
        /// </summary>
        /// <param name="input">The input sequence(s).</param>
        /// <param name="h0">The initial hidden state: (D*layers, N, H), or (D*layers, H) for unbatched input.</param>
        /// <returns>The output features of the last layer at every step, and the hidden state after the last step. The caller owns both.</returns>
        /// <exception cref="ArgumentException">The input is not 2-D or 3-D, has the wrong feature size or dtype, or <paramref name="h0"/> has the wrong shape or dtype.</exception>
        public (Tensor Output, Tensor HN) Call(Tensor input, Tensor h0)
        {
            ArgumentNullException.ThrowIfNull(h0);
            return RunSingleState(gru, "GRU", input, h0, (x, h) => gru.call(x, h));
        }
    }

    extension(LSTM lstm)
    {
        /// <summary>
        /// PyTorch's <c>output, (h_n, c_n) = lstm(input)</c>, starting from zero states; in C#
        /// <c>var (output, (hn, cn)) = lstm.Call(input);</c>. <paramref name="input"/> is (L, N, H_in), (N, L, H_in)
        /// with batchFirst, or an unbatched (L, H_in); output is (L, N, D*H) (or (N, L, D*H)), h_n and c_n are
        /// (D*layers, N, H), without the N dimension for unbatched input.
        /// </summary>
        /// <param name="input">The input sequence(s).</param>
        /// <returns>The output features of the last layer at every step, and the hidden and cell states after the last step. The caller owns all three.</returns>
        /// <exception cref="ArgumentException">The input is not 2-D or 3-D, or has the wrong feature size or dtype.</exception>
        public (Tensor Output, (Tensor HN, Tensor CN) State) Call(Tensor input) => RunLstm(lstm, input, null, null);

        /// <summary>
        /// PyTorch's <c>output, (h_n, c_n) = lstm(input, (h0, c0))</c>: like <see cref="Call(LSTM, Tensor)"/>, from the
        /// initial states <paramref name="state"/>.
        /// </summary>
        /// <param name="input">The input sequence(s).</param>
        /// <param name="state">The initial hidden and cell states, each (D*layers, N, H), or (D*layers, H) for unbatched input.</param>
        /// <returns>The output features of the last layer at every step, and the hidden and cell states after the last step. The caller owns all three.</returns>
        /// <exception cref="ArgumentException">The input is not 2-D or 3-D, has the wrong feature size or dtype, or a state has the wrong shape or dtype.</exception>
        public (Tensor Output, (Tensor HN, Tensor CN) State) Call(Tensor input, (Tensor H0, Tensor C0) state)
        {
            ArgumentNullException.ThrowIfNull(state.H0, "h0");
            ArgumentNullException.ThrowIfNull(state.C0, "c0");
            return RunLstm(lstm, input, state.H0, state.C0);
        }
    }

    static (Tensor Output, (Tensor HN, Tensor CN) State) RunLstm(LSTM lstm, Tensor input, Tensor? h0, Tensor? c0)
    {
        const string kind = "LSTM";
        var call = RecurrentCall.Check(lstm, kind, input);
        RecurrentCall.CheckState(call, kind, "h0", h0);
        RecurrentCall.CheckState(call, kind, "c0", c0);
        var x = RecurrentCall.BatchedInput(call, input);
        var h = RecurrentCall.BatchedState(call, h0, input);
        var c = RecurrentCall.BatchedState(call, c0, input);
        try
        {
            var (output, hn, cn) = lstm.call(x, (h, c));
            return (RecurrentCall.Unbatch(call, output, call.Layout.BatchFirst ? 0 : 1),
                    (RecurrentCall.Unbatch(call, hn, 1), RecurrentCall.Unbatch(call, cn, 1)));
        }
        catch (Exception e) when (TorchOperationException.IsNative(e))
        {
            // What the checks above cannot see (for example input and module on different devices).
            throw TorchOperationException.Create(kind, e, [input, h, c], ["input", "h0", "c0"]);
        }
        finally
        {
            RecurrentCall.Release(x, input);
            RecurrentCall.Release(h, h0);
            RecurrentCall.Release(c, c0);
        }
    }

    static (Tensor Output, Tensor HN) RunSingleState(nn.Module module, string kind, Tensor input, Tensor? h0, Func<Tensor, Tensor, (Tensor, Tensor)> run)
    {
        var call = RecurrentCall.Check(module, kind, input);
        RecurrentCall.CheckState(call, kind, "h0", h0);
        var x = RecurrentCall.BatchedInput(call, input);
        var h = RecurrentCall.BatchedState(call, h0, input);
        try
        {
            var (output, hn) = run(x, h);
            return (RecurrentCall.Unbatch(call, output, call.Layout.BatchFirst ? 0 : 1), RecurrentCall.Unbatch(call, hn, 1));
        }
        catch (Exception e) when (TorchOperationException.IsNative(e))
        {
            throw TorchOperationException.Create(kind, e, [input, h], ["input", "h0"]);
        }
        finally
        {
            RecurrentCall.Release(x, input);
            RecurrentCall.Release(h, h0);
        }
    }
}
