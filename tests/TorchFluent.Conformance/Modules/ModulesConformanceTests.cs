using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.Modules;

/// <summary>
/// Reference text, "Define Neural Network", and SEED_ERRATA A.11/A.12: MyNet and both MyModel forms have PyTorch's
/// children, modules, parameter counts, state-dict keys and outputs (given the same weights).
/// </summary>
public sealed class ModulesConformanceTests
{
    static readonly Golden Goldens = Golden.Load("modules");

    public ModulesConformanceTests() => TorchRuntime.EnsureLoaded();

    static void AssertStructure(nn.Module model, GoldenCase expected)
    {
        model.Children().Should().HaveCount((int)expected.Long("children"));
        model.NamedChildren().Select(c => c.Name).Should().Equal(expected.Strings("child_names"));
        model.Modules().Should().HaveCount((int)expected.Long("modules"));
        model.NamedModules().Select(m => m.Name).Should().Equal(expected.Strings("module_names"));
        model.ParameterCount.Should().Be(expected.Long("parameter_count"));
        model.Parameters().Should().HaveCount((int)expected.Long("parameter_tensors"));
        model.NamedParameters().Select(p => p.Name).Should().Equal(expected.Strings("parameter_names"));
        model.state_dict().Keys.Should().BeEquivalentTo(expected.Strings("state_dict_keys"));
    }

    static void AssertOutput(nn.Module<Tensor, Tensor> model, GoldenCase expected, string key = "y", double atol = 1e-6)
    {
        GoldenTensorFactory.LoadWeights(model, expected.Case("weights"));
        model.Eval();
        using var x = expected.Tensor("x").ToTensor();
        using var noGrad = no_grad();
        using var y = model.call(x);
        TensorAssert.Equal(y, expected.Tensor(key), atol: atol, rtol: 1e-5);
    }

    [Fact]
    public void MyNet_CustomModule_MatchesPyTorch()
    {
        var expected = Goldens["mynet"];
        using var model = new MyNet(10, 20, 1);

        AssertStructure(model, expected);
        model.ParameterCount.Should().Be(241);
        model.Children().Should().HaveCount(2);
        model.Modules().Should().HaveCount(3, "SEED_ERRATA A.11: MyNet has 2 children and 3 modules (modules() includes itself)");
        AssertOutput(model, expected);
    }

    [Fact]
    public void MyNet_Output_HasShape5By1()
    {
        using var model = new MyNet(10, 20, 1);
        using var x = randn(5, 10);
        using var y = model.call(x);

        y.shape.Should().Equal(Goldens["mynet"].Longs("y_shape"));
    }

    [Fact]
    public void MyModel_SequentialForm_MatchesPyTorch()
    {
        var expected = Goldens["mymodel_sequential"];
        using var model = new MyModelSequential();

        AssertStructure(model, expected);
        model.Children().Should().HaveCount(1);
        model.Modules().Should().HaveCount(5);
        model.ParameterCount.Should().Be(385);
        AssertOutput(model, expected);
    }

    [Fact]
    public void MyModel_LayersForm_MatchesPyTorch()
    {
        var expected = Goldens["mymodel_layers"];
        using var model = new MyModelLayers();

        AssertStructure(model, expected);
        model.Children().Should().HaveCount(3);
        model.Modules().Should().HaveCount(4);
        model.ParameterCount.Should().Be(385);
        AssertOutput(model, expected);
    }

    [Fact]
    public void MyModel_BothForms_ComputeTheSameFunctionWithTheSameWeights()
    {
        // SEED_ERRATA A.12: same function, different state-dict keys.
        using var sequential = new MyModelSequential();
        using var layers = new MyModelLayers();
        GoldenTensorFactory.LoadWeights(sequential, Goldens["mymodel_sequential"].Case("weights"));
        GoldenTensorFactory.LoadWeights(layers, Goldens["mymodel_layers"].Case("weights"));
        using var x = Goldens["mymodel_sequential"].Tensor("x").ToTensor();

        using var a = sequential.call(x);
        using var b = layers.call(x);

        a.allclose(b, rtol: 0, atol: 0).Should().BeTrue();
        sequential.state_dict().Keys.Should().NotIntersectWith(layers.state_dict().Keys);
    }

    [Fact]
    public void SequentialBuilder_TextMlp_MatchesNnSequential()
    {
        var expected = Goldens["sequential_mlp"];
        using var model = Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build();

        AssertStructure(model, expected);
        AssertOutput(model, expected);
    }

    [Fact]
    public void SequentialBuilder_Cnn_MatchesPyTorchShapesKeysAndOutput()
    {
        var expected = Goldens["sequential_cnn"];
        using var model = Sequential.Create()
            .Conv2d(4, kernelSize: 3, padding: 1, inChannels: 1)
            .BatchNorm2d()
            .ReLU()
            .MaxPool2d(2)
            .Conv2d(8, kernelSize: 3, stride: 2)
            .AvgPool2d(2, stride: 1)
            .Flatten()
            .Linear(32, 10)
            .Dropout(0.5)
            .Linear(3)
            .Build();

        AssertStructure(model, expected);
        model.named_buffers().Select(b => b.name).Should().BeEquivalentTo(expected.Case("buffers").Element.EnumerateObject().Select(p => p.Name));
        var layerParams = expected.Longs("layer_params");
        model.Children().Select(c => c.ParameterCount).Should().Equal(layerParams);
        AssertOutput(model, expected, atol: 1e-5);

        var summary = model.Summary(2, 1, 16, 16);
        var shapes = expected.Element.GetProperty("layer_shapes").EnumerateArray().Select(s => s.EnumerateArray().Select(v => v.GetInt64()).ToArray()).ToList();
        summary.Rows.Select(r => r.OutputShape!.ToArray()).Should().BeEquivalentTo(shapes, o => o.WithStrictOrdering());
        summary.Rows.Select(r => r.Parameters).Should().Equal(layerParams);
    }

    [Fact]
    public void SequentialBuilder_CnnWithInputShape_InfersEveryInSize()
    {
        var expected = Goldens["sequential_cnn"];
        using var model = Sequential.Create().Input(1, 16, 16)
            .Conv2d(4, 3, padding: 1).BatchNorm2d().ReLU().MaxPool2d(2)
            .Conv2d(8, 3, stride: 2).AvgPool2d(2, stride: 1)
            .Flatten().Linear(10).Dropout(0.5).Linear(3)
            .Build();

        AssertStructure(model, expected);
        AssertOutput(model, expected, atol: 1e-5);
    }

    [Fact]
    public void SequentialBuilder_BatchNorm1dLayerNorm_MatchPyTorchInTrainAndEvalMode()
    {
        var expected = Goldens["sequential_batchnorm1d"];
        using var model = Sequential.Create().Linear(4, 6).BatchNorm1d().Tanh().LayerNorm().Linear(2).Build();
        AssertStructure(model, expected);
        GoldenTensorFactory.LoadWeights(model, expected.Case("weights"));
        using var x = expected.Tensor("x").ToTensor();

        model.Train();
        using (var yTrain = model.call(x)) TensorAssert.Equal(yTrain, expected.Tensor("y_train"), atol: 1e-5, rtol: 1e-5);
        var buffers = model.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        foreach (var name in new[] { "1.running_mean", "1.running_var" })
            TensorAssert.Equal(buffers[name], expected.Case("buffers_after_train").Tensor(name), atol: 1e-6, rtol: 1e-5);
        buffers["1.num_batches_tracked"].item<long>().Should().Be(1);

        model.Eval();
        using var noGrad = no_grad();
        using var yEval = model.call(x);
        TensorAssert.Equal(yEval, expected.Tensor("y"), atol: 1e-5, rtol: 1e-5);
    }

    [Fact]
    public void SequentialBuilder_AdaptiveAvgPool_MatchesPyTorch()
    {
        var expected = Goldens["sequential_adaptive"];
        using var model = Sequential.Create().Input(3, 9, 7).Conv2d(5, 3).AdaptiveAvgPool2d(2, 3).Flatten().Linear(2).Build();

        AssertStructure(model, expected);
        AssertOutput(model, expected, atol: 1e-5);
    }

    [Fact]
    public void SequentialBuilder_Activations_MatchPyTorchDefaults()
    {
        var expected = Goldens["activations"];
        using var x = expected.Tensor("x").ToTensor();
        var layers = new (string Key, Func<SequentialBuilder, SequentialBuilder> Add)[]
        {
            ("relu", b => b.ReLU()), ("sigmoid", b => b.Sigmoid()), ("tanh", b => b.Tanh()), ("gelu", b => b.GELU()),
            ("gelu_tanh", b => b.GELU(tanhApproximation: true)), ("silu", b => b.SiLU()), ("leaky_relu", b => b.LeakyReLU()),
            ("leaky_relu_02", b => b.LeakyReLU(0.2)), ("elu", b => b.ELU()), ("softplus", b => b.Softplus()),
            ("softmax_dim1", b => b.Softmax(dim: 1)), ("softmax_dim0", b => b.Softmax(dim: 0)), ("log_softmax_dim1", b => b.LogSoftmax(dim: 1)),
            ("identity", b => b.Identity()),
        };
        foreach (var (key, add) in layers)
        {
            using var model = add(Sequential.Create()).Build();
            using var y = model.call(x);
            TensorAssert.Equal(y, expected.Tensor(key), atol: 1e-6, rtol: 1e-6);
        }
    }

    [Fact]
    public void Modules_NestedSequential_IsDepthFirstPreOrderLikePyTorch()
    {
        var expected = Goldens["nested_named_modules"];
        using var model = Sequential.Create()
            .Add(Sequential.Create().Linear(2, 3).ReLU().Build())
            .Add(Sequential.Create().Linear(3, 3).Add(Sequential.Create().Tanh().Build()).Build())
            .Linear(3, 1)
            .Build();

        model.NamedModules().Select(m => m.Name).Should().Equal(expected.Strings("module_names"));
        model.NamedChildren().Select(m => m.Name).Should().Equal(expected.Strings("child_names"));
        model.NamedParameters().Select(p => p.Name).Should().Equal(expected.Strings("parameter_names"));
    }

    [Fact]
    public void Freeze_FirstLayer_LeavesPyTorchsTrainableCount()
    {
        var expected = Goldens["freeze_fc1"];
        using var model = new MyNet(10, 20, 1);

        model.Children()[0].Freeze();

        model.TrainableParameterCount.Should().Be(expected.Long("trainable"));
        model.ParameterCount.Should().Be(expected.Long("total"));
        model.Summary().NonTrainableParameters.Should().Be(expected.Long("total") - expected.Long("trainable"));
    }

    [Fact]
    public void TrainEval_ReachEverySubModule_LikePyTorch()
    {
        var expected = Goldens["train_eval_flags"];
        using var model = new MyModelSequential();

        model.Eval();
        model.Modules().Select(m => m.IsTraining).Should().Equal(expected.Element.GetProperty("eval").EnumerateArray().Select(e => e.GetBoolean()));
        model.Train();
        model.Modules().Select(m => m.IsTraining).Should().Equal(expected.Element.GetProperty("train").EnumerateArray().Select(e => e.GetBoolean()));
    }

    [Fact]
    public void Dropout_EvalMode_IsIdentity()
    {
        var expected = Goldens["dropout_eval"];
        using var model = Sequential.Create().Dropout(0.5).Build().Eval();
        using var x = expected.Tensor("x").ToTensor();
        using var y = model.call(x);

        TensorAssert.Equal(y, expected.Tensor("y"));
    }

    [Fact]
    public void LinearLayer_WeightAndBiasShapes_MatchText()
    {
        var expected = Goldens["linear_shapes"];
        using var model = Sequential.Create().Linear(32, 64).Build();
        var parameters = model.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);

        parameters["0.weight"].shape.Should().Equal(expected.Longs("weight"));
        parameters["0.bias"].shape.Should().Equal(expected.Longs("bias"));
    }
}
