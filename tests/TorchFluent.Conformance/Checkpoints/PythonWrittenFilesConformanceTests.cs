using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using static TorchFluent.Conformance.Checkpoints.CheckpointModels;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.Checkpoints;

/// <summary>
/// Reference text, "Saving and Loading": files written by real PyTorch's torch.save (and safetensors files) load with
/// the values PyTorch saved, bit for bit, and the models then compute PyTorch's outputs.
/// </summary>
public sealed class PythonWrittenFilesConformanceTests
{
    static readonly Golden Goldens = Golden.Load("checkpoints");

    public PythonWrittenFilesConformanceTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData("sequential.pth")]
    [InlineData("sequential.safetensors")]
    public void LoadStateDict_SequentialWrittenByPython_GivesPyTorchWeightsAndOutputs(string file)
    {
        var golden = Goldens["sequential"];
        using var model = Sequential();

        var result = model.LoadStateDict(Fixture(file));

        result.IsExactMatch.Should().BeTrue();
        using (var state = model.StateDict())
        {
            state.Keys.Should().Equal(golden.Strings("keys"));
            foreach (var key in golden.Strings("keys")) TensorAssert.Equal(state[key], golden.Case("tensors").Tensor(key));
        }
        using var input = Float32(golden.Tensor("input"));
        using var output = model.forward(input);
        // Same weights, same float32 ops: only the order of the matmul's sums may differ between BLAS builds.
        TensorAssert.Equal(output, golden.Tensor("output"), atol: 1e-6);
    }

    [Fact]
    public void LoadStateDict_MyNetWrittenByPython_GivesPyTorchOutputs()
    {
        var golden = Goldens["mynet"];
        using var model = new MyNet(10, 20, 1);

        model.LoadStateDict(Fixture("mynet.pth"));

        using var state = model.StateDict();
        state.Keys.Should().Equal("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias");
        state.Keys.Should().Equal(golden.Strings("keys"));
        foreach (var key in golden.Strings("keys")) TensorAssert.Equal(state[key], golden.Case("tensors").Tensor(key));
        using var input = Float32(golden.Tensor("input"));
        using var output = model.forward(input);
        TensorAssert.Equal(output, golden.Tensor("output"), atol: 1e-6);
    }

    [Fact]
    public void StateDict_BatchNormModel_HasPyTorchKeyOrderAndBuffers()
    {
        var golden = Goldens["batchnorm"];
        using var model = BatchNorm();

        model.LoadStateDict(Fixture("batchnorm.pth"));
        model.eval();

        using var state = model.StateDict();
        // PyTorch: per module, parameters then buffers. Raw TorchSharp's state_dict() lists every parameter first.
        state.Keys.Should().Equal(golden.Strings("keys"));
        foreach (var key in golden.Strings("keys"))
        {
            // num_batches_tracked is int64 in PyTorch and in the file; compare values whatever the model's dtype is.
            TensorAssert.Values(state[key], golden.Case("tensors").Tensor(key));
        }
        using var input = Float32(golden.Tensor("input"));
        using var output = model.forward(input);
        TensorAssert.Equal(output, golden.Tensor("output"), atol: 1e-6);
    }

    [Theory]
    [InlineData("dtypes.pth")]
    [InlineData("dtypes.safetensors")]
    public void Load_EveryDTypeWrittenByPython_IsBitExact(string file)
    {
        var golden = Goldens["dtypes"];

        using var state = StateDict.Load(Fixture(file));

        state.Keys.Should().Equal(golden.Strings("keys"));
        foreach (var key in golden.Strings("keys")) TensorAssert.Equal(state[key], golden.Case("tensors").Tensor(key));
    }

    [Fact]
    public void Load_ViewsWrittenByPython_KeepValuesStridesAndSharedStorage()
    {
        var golden = Goldens["views"];

        using var state = StateDict.Load(Fixture("views.pth"));

        foreach (var key in golden.Strings("keys"))
        {
            TensorAssert.Equal(state[key], golden.Case("tensors").Tensor(key));
            // torch.load restores each view with its own strides and offset into the shared storage.
            state[key].stride().Should().Equal(golden.Case("strides").Longs(key), key);
            state[key].storage_offset().Should().Be(golden.Case("offsets").Long(key), key);
        }
        // shared_a = s[:3] and shared_b = s[2:] overlap in one element: a write through one shows in the other.
        state["shared_a"][2] = tensor(100L);
        state["shared_b"][0].item<long>().Should().Be(100L);
    }
}
