using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent.Conformance;

/// <summary>
/// Reference text, Tools / RNN (SEED_ERRATA.md section C): PyTorch's shapes, weight layouts, unbatched input and exact
/// outputs for nn.RNN, nn.LSTM and nn.GRU, on weights both sides fill the same way (det_fill_).
/// </summary>
public sealed class RecurrentConformanceTests
{
    // libtorch 2.10 (TorchSharp) and 1.13 (the goldens) may differ in the last bits of tanh/sigmoid.
    const double Atol = 2e-6;

    /// <summary>The call's output and final states equal PyTorch's (the golden's "output", "h_n" and, for LSTM, "c_n").</summary>
    static void MatchesGolden(GoldenCase golden, Tensor output, Tensor hn, Tensor? cn = null)
    {
        TensorAssert.Equal(output, golden.Tensor("output"), Atol);
        TensorAssert.Equal(hn, golden.Tensor("h_n"), Atol);
        if (cn is not null) TensorAssert.Equal(cn, golden.Tensor("c_n"), Atol);
    }
    static readonly Golden Goldens = Golden.Load("rnn");

    public RecurrentConformanceTests() => TorchRuntime.EnsureLoaded();

    static T Prepare<T>(T module, GoldenCase golden) where T : nn.Module
    {
        var expected = golden.Element.GetProperty("parameters").EnumerateArray()
            .Select(p => p[0].GetString() + " " + string.Join(",", p[1].EnumerateArray().Select(d => d.GetInt64())))
            .ToList();
        module.named_parameters().Select(p => p.name + " " + string.Join(",", p.parameter.shape))
            .Should().Equal(expected, $"{golden.Name}: TorchSharp names and shapes the parameters as PyTorch does");
        ToolsGoldens.DetFill(module);
        module.eval();
        return module;
    }

    [Fact]
    public void RnnCall_10_20_2_OutputAndHiddenMatchPyTorch()
    {
        var golden = Goldens["rnn_10_20_2"];
        using var rnn = Prepare(nn.RNN(10, 20, 2), golden);
        using var x = golden.Tensor("input").ToTensor();
        using var h0 = golden.Tensor("h0").ToTensor();

        var (output, hn) = rnn.Call(x, h0);

        using (output)
        using (hn)
        {
            output.shape.Should().Equal(5, 3, 20);
            hn.shape.Should().Equal(2, 3, 20);
            MatchesGolden(golden, output, hn);
        }
    }

    [Fact]
    public void RnnCall_ReluUnbatched_MatchesPyTorch()
    {
        var golden = Goldens["rnn_relu_unbatched"];
        using var rnn = Prepare(nn.RNN(4, 6, 1, nonLinearity: nn.NonLinearities.ReLU), golden);
        using var x = golden.Tensor("input").ToTensor();

        var (output, hn) = rnn.Call(x);

        using (output)
        using (hn)
        {
            MatchesGolden(golden, output, hn);
        }
    }

    [Fact]
    public void LstmCall_10_20_2_StatesMatchPyTorchAndLastOutputIsLastHidden()
    {
        var golden = Goldens["lstm_10_20_2"];
        using var lstm = Prepare(nn.LSTM(10, 20, 2), golden);
        using var x = golden.Tensor("input").ToTensor();
        using var h0 = golden.Tensor("h0").ToTensor();
        using var c0 = golden.Tensor("c0").ToTensor();

        var (output, (hn, cn)) = lstm.Call(x, (h0, c0));

        using (output)
        using (hn)
        using (cn)
        {
            hn.shape.Should().Equal(2, 3, 20);
            cn.shape.Should().Equal(2, 3, 20);
            MatchesGolden(golden, output, hn, cn);
            using var lastOutput = output[-1];
            using var lastHidden = hn[-1];
            golden.Bool("out_last_equals_h_n_last").Should().BeTrue();
            using var same = lastOutput.eq(lastHidden).all();
            same.item<bool>().Should().BeTrue("out[-1] is the last layer's h at the last step");
        }
    }

    [Fact]
    public void LstmCall_BatchFirstBidirectional_HiddenStacksBothDirectionsOfEveryLayer()
    {
        var golden = Goldens["lstm_batch_first_bidirectional"];
        using var lstm = Prepare(nn.LSTM(10, 20, 2, batchFirst: true, bidirectional: true), golden);
        using var x = golden.Tensor("input").ToTensor();

        var (output, (hn, cn)) = lstm.Call(x);

        using (output)
        using (hn)
        using (cn)
        {
            output.shape.Should().Equal(3, 5, 40);
            hn.shape.Should().Equal([4, 3, 20], "PyTorch's h_n is (num_layers * 2, N, H); the errata's [2, 3, 20] is wrong");
            MatchesGolden(golden, output, hn, cn);
        }
    }

    [Fact]
    public void LstmCall_Unbatched2DInput_MatchesPyTorch()
    {
        var golden = Goldens["lstm_unbatched"];
        using var lstm = Prepare(nn.LSTM(10, 20, 2), golden);
        using var x = golden.Tensor("input").ToTensor();
        using var h0 = golden.Tensor("h0").ToTensor();
        using var c0 = golden.Tensor("c0").ToTensor();

        var (output, (hn, cn)) = lstm.Call(x, (h0, c0));

        using (output)
        using (hn)
        using (cn)
        {
            output.shape.Should().Equal(5, 20);
            hn.shape.Should().Equal(2, 20);
            MatchesGolden(golden, output, hn, cn);
        }
    }

    [Fact]
    public void LstmCall_UnbatchedBatchFirstBidirectional_MatchesPyTorch()
    {
        var golden = Goldens["lstm_unbatched_batch_first_bidirectional"];
        using var lstm = Prepare(nn.LSTM(3, 4, 1, batchFirst: true, bidirectional: true), golden);
        using var x = golden.Tensor("input").ToTensor();

        var (output, (hn, cn)) = lstm.Call(x);

        using (output)
        using (hn)
        using (cn)
        {
            MatchesGolden(golden, output, hn, cn);
        }
    }

    [Fact]
    public void GruCall_10_20_2_MatchesPyTorchWithThreeGateWeights()
    {
        var golden = Goldens["gru_10_20_2"];
        using var gru = Prepare(nn.GRU(10, 20, 2), golden);
        using var x = golden.Tensor("input").ToTensor();

        var (output, hn) = gru.Call(x);

        using (output)
        using (hn)
        {
            gru.get_parameter("weight_ih_l0")!.shape.Should().Equal(golden.Longs("weight_ih_l0_shape")).And.Equal(60, 10);
            MatchesGolden(golden, output, hn);
        }
    }

    [Fact]
    public void LstmWeights_InputToHidden_IsFourHiddenByInput()
    {
        using var lstm = nn.LSTM(10, 20, 2);

        lstm.get_parameter("weight_ih_l0")!.shape.Should().Equal(Goldens["lstm_10_20_2"].Longs("weight_ih_l0_shape")).And.Equal(80, 10);
    }

    [Fact]
    public void GruCall_Unbatched2DInputWithState_MatchesPyTorch()
    {
        var golden = Goldens["gru_unbatched"];
        using var gru = Prepare(nn.GRU(10, 20, 2), golden);
        using var x = golden.Tensor("input").ToTensor();
        using var h0 = golden.Tensor("h0").ToTensor();

        var (output, hn) = gru.Call(x, h0);

        using (output)
        using (hn)
        {
            output.shape.Should().Equal(5, 20);
            hn.shape.Should().Equal(2, 20);
            MatchesGolden(golden, output, hn);
        }
    }

    [Fact]
    public void GruCall_BidirectionalWithoutBias_MatchesPyTorch()
    {
        var golden = Goldens["gru_bidirectional_no_bias"];
        using var gru = Prepare(nn.GRU(5, 3, 2, bias: false, bidirectional: true), golden);
        using var x = golden.Tensor("input").ToTensor();
        using var h0 = golden.Tensor("h0").ToTensor();

        var (output, hn) = gru.Call(x, h0);

        using (output)
        using (hn)
        {
            MatchesGolden(golden, output, hn);
        }
    }

    [Fact]
    public void RnnCall_Float64Module_RunsInFloat64()
    {
        var golden = Goldens["rnn_float64"];
        using var rnn = Prepare(nn.RNN(3, 5, 1, dtype: ScalarType.Float64), golden);
        using var x = golden.Tensor("input").ToTensor();

        var (output, hn) = rnn.Call(x);

        using (output)
        using (hn)
        {
            TensorAssert.Equal(output, golden.Tensor("output"), 1e-12);
            TensorAssert.Equal(hn, golden.Tensor("h_n"), 1e-12);
        }
    }
}
