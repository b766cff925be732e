using FluentAssertions;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Tests;

public sealed class RecurrentExtensionsTests
{
    public RecurrentExtensionsTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Call_EmptySequence_RaisesTorchOperationExceptionNamingTheInputs()
    {
        using var lstm = nn.LSTM(4, 3, batchFirst: true);
        using var x = zeros(2, 0, 4);   // passes the shape checks; libtorch refuses a sequence of length 0

        var error = FluentActions.Invoking(() => lstm.Call(x)).Should().Throw<TorchOperationException>().Which;

        error.Operation.Should().Be("LSTM");
        error.Message.Should().StartWith("LSTM failed in libtorch: ")
            .And.Contain("Inputs: input torch.Size([2, 0, 4]) float32 on cpu, h0 torch.Size([1, 2, 3]) float32 on cpu, c0 torch.Size([1, 2, 3]) float32 on cpu.");
        error.InnerException.Should().NotBeNull();
    }

    [Fact]
    public void Call_BatchedInput_EqualsTorchSharpCall()
    {
        using var lstm = nn.LSTM(4, 3, 2);
        using var x = randn(6, 2, 4);

        var (output, (hn, cn)) = lstm.Call(x);
        var (expectedOutput, expectedH, expectedC) = lstm.call(x);

        using (output) using (hn) using (cn) using (expectedOutput) using (expectedH) using (expectedC)
        {
            output.allclose(expectedOutput, 0, 0).Should().BeTrue();
            hn.allclose(expectedH, 0, 0).Should().BeTrue();
            cn.allclose(expectedC, 0, 0).Should().BeTrue();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Call_UnbatchedInput_EqualsBatchOfOne(bool batchFirst)
    {
        using var gru = nn.GRU(4, 3, 2, batchFirst: batchFirst, bidirectional: true);
        using var x = randn(6, 4);
        using var h0 = randn(4, 3);
        using var batchedX = x.unsqueeze(batchFirst ? 0 : 1);
        using var batchedH = h0.unsqueeze(1);

        var (output, hn) = gru.Call(x, h0);
        var (expectedOutput, expectedH) = gru.Call(batchedX, batchedH);

        using (output) using (hn) using (expectedOutput) using (expectedH)
        {
            output.shape.Should().Equal(6, 6);
            hn.shape.Should().Equal(4, 3);
            using var squeezedOutput = expectedOutput.squeeze(batchFirst ? 0 : 1);
            using var squeezedH = expectedH.squeeze(1);
            output.allclose(squeezedOutput, 0, 0).Should().BeTrue();
            hn.allclose(squeezedH, 0, 0).Should().BeTrue();
        }
    }

    [Fact]
    public void Call_UnbatchedInput_KeepsGradientFlowingToInputAndWeights()
    {
        using var rnn = nn.RNN(3, 2);
        using var x = randn(5, 3).requires_grad_();

        var (output, hn) = rnn.Call(x);
        using (output) using (hn)
        {
            using var loss = output.sum();
            loss.backward();
        }

        x.grad.Should().NotBeNull();
        x.grad!.shape.Should().Equal(5, 3);
        rnn.get_parameter("weight_ih_l0")!.grad.Should().NotBeNull();
    }

    [Fact]
    public void Layout_ReadsTorchSharpModuleSettings()
    {
        using var lstm = nn.LSTM(7, 5, 3, batchFirst: true, bidirectional: true);
        using var rnn = nn.RNN(2, 4);

        RecurrentLayout.Of(lstm, "LSTM").Should().Be(new RecurrentLayout(7, 5, 3, true, true, ScalarType.Float32));
        RecurrentLayout.Of(rnn, "RNN").Should().Be(new RecurrentLayout(2, 4, 1, false, false, ScalarType.Float32));
    }

    [Fact]
    public void Call_AfterModuleChangesDtype_UsesTheNewDtype()
    {
        using var gru = nn.GRU(3, 4);
        using var x32 = randn(5, 3);
        var (first, firstH) = gru.Call(x32);
        first.Dispose();
        firstH.Dispose();

        gru.to(ScalarType.Float64);
        using var x64 = randn(5, 3, dtype: ScalarType.Float64);
        var (output, hn) = gru.Call(x64);

        using (output) using (hn) output.dtype.Should().Be(ScalarType.Float64);
        var act = () => gru.Call(x32);
        act.Should().Throw<ArgumentException>().Which.Message.Should().StartWith("GRU.Call got an input of dtype Float32, but the module's weights are Float64.");
    }

    [Fact]
    public void Call_FourDimensionalInput_ThrowsRankMessage()
    {
        using var lstm = nn.LSTM(10, 20, 2);
        using var x = zeros(5, 3, 10, 1);

        var act = () => lstm.Call(x);

        var error = act.Should().Throw<ArgumentException>().Which;
        error.ParamName.Should().Be("input");
        error.Message.Should().Be(
                "LSTM.Call got an input of rank 4, shape [5, 3, 10, 1].\n" +
                "Expected: a 3-D batch (sequence, batch, features) or a 2-D unbatched sequence (sequence, features), with features = 10.\n" +
                "Received: a 4-D tensor.\n" +
                "Fix: flatten the extra dimensions into the batch, or pass one sequence at a time. (Parameter 'input')");
    }

    [Fact]
    public void Call_OneDimensionalInputBatchFirst_ThrowsRankMessage()
    {
        using var gru = nn.GRU(10, 20, batchFirst: true);
        using var x = zeros(10);

        var act = () => gru.Call(x);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "GRU.Call got an input of rank 1, shape [10].\n" +
            "Expected: a 3-D batch (batch, sequence, features) or a 2-D unbatched sequence (sequence, features), with features = 10.\n" +
            "Received: a 1-D tensor.\n" +
            "Fix: give the sequence its feature dimension, for example x.reshape(-1, 10). (Parameter 'input')");
    }

    [Fact]
    public void Call_WrongFeatureSize_ThrowsInputSizeMessage()
    {
        using var rnn = nn.RNN(10, 20, 2);
        using var x = zeros(5, 3, 11);

        var act = () => rnn.Call(x);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "RNN.Call got inputs with 11 features, but the module was created with input size 10.\n" +
            "Expected: the last dimension of the input to be 10.\n" +
            "Received: shape [5, 3, 11].\n" +
            "Fix: create the module with input size 11, or check which dimension holds the features (batchFirst decides the order of the other two). (Parameter 'input')");
    }

    [Fact]
    public void Call_InputDTypeDiffersFromWeights_ThrowsDTypeMessage()
    {
        using var lstm = nn.LSTM(10, 20, 2);
        using var x = zeros(5, 3, 10, dtype: ScalarType.Float64);

        var act = () => lstm.Call(x);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "LSTM.Call got an input of dtype Float64, but the module's weights are Float32.\n" +
            "Expected: an input of the weights' dtype (Float32).\n" +
            "Received: Float64.\n" +
            "Fix: convert the input (x.to_type(ScalarType.Float32)) or the module (module.to(ScalarType.Float64)). (Parameter 'input')");
    }

    [Fact]
    public void Call_StateOfWrongBatch_ThrowsStateShapeMessage()
    {
        using var gru = nn.GRU(10, 20, 2);
        using var x = zeros(5, 3, 10);
        using var h0 = zeros(2, 4, 20);

        var act = () => gru.Call(x, h0);

        var error = act.Should().Throw<ArgumentException>().Which;
        error.ParamName.Should().Be("h0");
        error.Message.Should().Be(
                "GRU.Call got an initial state h0 of shape [2, 4, 20].\n" +
                "Expected: [2, 3, 20], that is (layers x directions, batch, hidden size) for a 3-D batched input.\n" +
                "Received: [2, 4, 20].\n" +
                "Fix: create h0 with shape [2, 3, 20], or leave it out to start from zeros. (Parameter 'h0')");
    }

    [Fact]
    public void Call_UnbatchedInputWithBatchedState_ThrowsStateRankMessage()
    {
        using var gru = nn.GRU(10, 20, 2);
        using var x = zeros(5, 10);
        using var h0 = zeros(2, 3, 20);

        var act = () => gru.Call(x, h0);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "GRU.Call got an initial state h0 of shape [2, 3, 20].\n" +
            "Expected: [2, 20], that is (layers x directions, hidden size) for a 2-D unbatched input.\n" +
            "Received: [2, 3, 20].\n" +
            "Fix: an unbatched input needs a 2-D h0; remove the batch dimension (h0.squeeze(1)), or leave h0 out to start from zeros. (Parameter 'h0')");
    }

    [Fact]
    public void Call_BatchedInputWithUnbatchedCellState_ThrowsStateRankMessage()
    {
        using var lstm = nn.LSTM(10, 20, 2);
        using var x = zeros(5, 3, 10);
        using var h0 = zeros(2, 3, 20);
        using var c0 = zeros(2, 20);

        var act = () => lstm.Call(x, (h0, c0));

        var error = act.Should().Throw<ArgumentException>().Which;
        error.ParamName.Should().Be("c0");
        error.Message.Should().Be(
                "LSTM.Call got an initial state c0 of shape [2, 20].\n" +
                "Expected: [2, 3, 20], that is (layers x directions, batch, hidden size) for a 3-D batched input.\n" +
                "Received: [2, 20].\n" +
                "Fix: a batched input needs a 3-D c0; add the batch dimension (c0.unsqueeze(1)), or leave c0 out to start from zeros. (Parameter 'c0')");
    }

    [Fact]
    public void Call_StateDTypeDiffersFromWeights_ThrowsStateDTypeMessage()
    {
        using var rnn = nn.RNN(10, 20, 2);
        using var x = zeros(5, 3, 10);
        using var h0 = zeros(2, 3, 20, dtype: ScalarType.Float64);

        var act = () => rnn.Call(x, h0);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "RNN.Call got an initial state h0 of dtype Float64, but the module's weights are Float32.\n" +
            "Expected: h0 of dtype Float32.\n" +
            "Received: Float64.\n" +
            "Fix: create h0 with dtype ScalarType.Float32. (Parameter 'h0')");
    }

    [Fact]
    public void UnknownLayoutMessage_NamesTheProblemAndTheFix()
    {
        Messages.RnnUnknownLayout("GRU", "its batch_first setting is not readable").Should().Be(
            "GRU.Call cannot read the module's configuration: its batch_first setting is not readable.\n" +
            "Expected: a TorchSharp 0.107.0 recurrent module (nn.RNN, nn.LSTM or nn.GRU).\n" +
            "Received: a module without the expected parameters or fields.\n" +
            "Fix: reference TorchSharp 0.107.0 exactly, as TorchFluent does.");
    }
}
