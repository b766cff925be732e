using FluentAssertions;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Modules;

public sealed class CustomModuleTests
{
    public CustomModuleTests() => TorchRuntime.EnsureLoaded();

    sealed class MyNet(int inputSize, int hiddenSize, int outputSize) : CustomModule
    {
        readonly Linear fc1 = nn.Linear(inputSize, hiddenSize);
        readonly Linear fc2 = nn.Linear(hiddenSize, outputSize);

        public override Tensor forward(Tensor x)
        {
            using var hidden = nn.functional.relu(fc1.call(x));
            return fc2.call(hidden);
        }
    }

    sealed class Mixed : CustomModule
    {
        [ComponentName(Name = "renamed")]
        readonly Linear inner = nn.Linear(2, 2);
        readonly Parameter scale = new(ones(2));
        readonly Tensor offset = zeros(2);
        readonly ReLU activation = nn.ReLU();

        public Mixed() : base("MixedName")
        {
            Head = nn.Linear(2, 1);
        }

        public Linear Head { get; }

        public override Tensor forward(Tensor x)
        {
            using var h = inner.call(x * scale + offset);
            using var a = activation.call(h);
            return Head.call(a);
        }
    }

    sealed class LateField : CustomModule
    {
        Linear? late;

        public void AssignLate() => late = nn.Linear(2, 2);

        public override Tensor forward(Tensor x) => late!.call(x);
    }

    sealed class WithList : CustomModule
    {
        readonly List<Linear> layers = [nn.Linear(2, 2), nn.Linear(2, 2)];

        public override Tensor forward(Tensor x) => layers.Aggregate(x, (h, l) => l.call(h));
    }

    [Fact]
    public void Fields_AreRegisteredWithoutRegisterComponents()
    {
        using var model = new MyNet(10, 20, 1);

        model.parameters().Should().HaveCount(4, "TorchSharp's own parameters() sees the fields too");
        model.ParameterCount.Should().Be(241);
        model.state_dict().Keys.Should().Equal("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias");
        model.GetName().Should().Be("MyNet");
    }

    [Fact]
    public void Fields_OfEveryKind_UseTheirComponentOrPropertyNames()
    {
        using var model = new Mixed();

        model.NamedChildren().Select(c => c.Name).Should().Equal("renamed", "activation", "Head");
        model.NamedParameters().Select(p => p.Name).Should().Equal("scale", "renamed.weight", "renamed.bias", "Head.weight", "Head.bias");
        model.named_buffers().Select(b => b.name).Should().Equal("offset");
        model.GetName().Should().Be("MixedName");
        using var y = model.call(ones(3, 2));
        y.shape.Should().Equal(3, 1);
    }

    [Fact]
    public void Optimizer_OverACustomModule_UpdatesItsWeights()
    {
        using var model = new MyNet(3, 4, 1);
        using var optimizer = TorchFluent.Optim.Sgd(model.Parameters(), lr: 0.1);
        var before = model.Parameters().Select(p => p.detach().clone()).ToList();

        using (var loss = model.call(ones(2, 3)).sum()) loss.backward();
        optimizer.step();

        // Every parameter with a gradient moved. The weights are random (no seed): a hidden unit that ReLU silences
        // for this input gets no gradient, so the check is per parameter, and the output bias always gets one (2).
        var parameters = model.Parameters();
        for (var i = 0; i < parameters.Count; i++)
        {
            using var gradient = parameters[i].grad!.abs().sum();
            if (gradient.item<float>() > 0) parameters[i].allclose(before[i]).Should().BeFalse($"parameter {i} has a gradient");
        }
        parameters[^1].allclose(before[^1]).Should().BeFalse("d(sum of outputs)/d(output bias) is 2");
        foreach (var b in before) b.Dispose();
    }

    [Fact]
    public void Field_AssignedAfterFirstUse_IsReportedNotIgnored()
    {
        using var model = new LateField();
        model.ParameterCount.Should().Be(0);

        model.AssignLate();
        var act = () => model.Parameters();

        act.Should().Throw<InvalidOperationException>().WithMessage("*LateField.late: a Linear with 6 parameters*");
    }

    [Fact]
    public void ListOfModules_IsReportedWithTheModuleListFix()
    {
        using var model = new WithList();

        var act = () => TorchFluent.Optim.Sgd(0.1).Build(model);

        act.Should().Throw<InvalidOperationException>().WithMessage("*WithList.layers: a List`1 holding 2 unregistered modules or parameters (use nn.ModuleList or nn.ParameterList)*");
    }

    [Fact]
    public void TrainEval_ReachFieldsNeverAskedFor()
    {
        using var model = new MyNet(2, 2, 1);

        model.eval();

        model.Modules().Select(m => m.training).Should().AllBeEquivalentTo(false);
    }

    [Fact]
    public void Dispose_DisposesFieldsNeverAskedFor()
    {
        var model = new MyNet(2, 2, 1);
        var fc1 = (Linear)typeof(MyNet).GetField("fc1", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(model)!;

        model.Dispose();

        fc1.weight.IsInvalid.Should().BeTrue();
    }
}
