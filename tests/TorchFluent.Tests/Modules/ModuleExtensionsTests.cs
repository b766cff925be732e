using FluentAssertions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Modules;

public sealed class ModuleExtensionsTests
{
    public ModuleExtensionsTests() => TorchRuntime.EnsureLoaded();

    /// <summary>A raw TorchSharp module that forgets RegisterComponents(): TorchSharp's silent trap.</summary>
    sealed class Forgetful : nn.Module<Tensor, Tensor>
    {
        readonly Linear fc1 = nn.Linear(10, 20);
        readonly Linear fc2 = nn.Linear(20, 1);

        public Forgetful() : base(nameof(Forgetful))
        {
        }

        public override Tensor forward(Tensor x) => fc2.forward(fc1.forward(x));
    }

    /// <summary>The same module, registered properly, plus a second reference to a registered layer and a loss.</summary>
    sealed class Careful : nn.Module<Tensor, Tensor>
    {
        readonly Linear fc1 = nn.Linear(10, 20);
        readonly Linear fc2 = nn.Linear(20, 1);
        readonly MSELoss criterion = nn.MSELoss();

        public Careful() : base(nameof(Careful))
        {
            RegisterComponents();
            Alias = fc1;
        }

        public Linear Alias { get; }

        public override Tensor forward(Tensor x) => fc2.forward(fc1.forward(x));
    }

    [Fact]
    public void RawModuleWithoutRegisterComponents_TorchSharpSeesNothing_TorchFluentFailsLoudly()
    {
        using var model = new Forgetful();
        model.parameters().Should().BeEmpty("this is TorchSharp's silent trap");

        var act = () => model.Parameters();

        act.Should().Throw<InvalidOperationException>().Which.Message.Should().Be(
            "Parameters() cannot trust this model: 2 fields hold parameters that the module never registered, so parameters(), optimizers, state dicts, To(device) and Train()/Eval() would silently leave them out.\n" +
            "- Forgetful.fc1: a Linear with 220 parameters\n" +
            "- Forgetful.fc2: a Linear with 21 parameters\n" +
            "Expected: every sub-module and parameter a module holds is registered.\n" +
            "Fix: derive the model from TorchFluent.CustomModule, which registers its fields for you; or call RegisterComponents() at the end of the constructor (after every field is assigned); use nn.ModuleList / nn.ParameterList for lists.");
    }

    [Fact]
    public void RawModuleWithoutRegisterComponents_OptimizerTrainAndToRefuseIt()
    {
        using var model = new Forgetful();

        ((Action)(() => TorchFluent.Optim.Sgd(0.1).Build(model))).Should().Throw<InvalidOperationException>().WithMessage("Parameters() cannot trust this model*");
        ((Action)(() => model.Train())).Should().Throw<InvalidOperationException>().WithMessage("Train() cannot trust this model*");
        ((Action)(() => model.To(CPU))).Should().Throw<InvalidOperationException>().WithMessage("To(device) cannot trust this model*");
        ((Action)(() => TorchFluent.Optim.Sgd(model.parameters(), 0.1))).Should().Throw<ArgumentException>().WithMessage("*optimizer got an empty parameter list*CustomModule*");
    }

    [Fact]
    public void RawModuleWithRegisterComponents_AliasAndLossFields_AreFine()
    {
        using var model = new Careful();

        model.ParameterCount.Should().Be(241);
        model.Children().Should().HaveCount(3);
    }

    [Fact]
    public void Modules_IncludesTheModuleItself_WhereTorchSharpsModulesDoesNot()
    {
        using var model = Sequential.Create().Linear(2, 2).ReLU().Build();

        model.modules().Should().HaveCount(2);
        model.Modules().Should().HaveCount(3);
        model.Modules()[0].Should().BeSameAs(model);
        model.NamedModules()[0].Name.Should().BeEmpty();
    }

    [Fact]
    public void TrainAndEval_SetEveryModule_AndReturnTheModule()
    {
        using var model = Sequential.Create().Linear(2, 2).Dropout().Build();

        model.Eval().Should().BeSameAs(model);
        model.Modules().Select(m => m.IsTraining).Should().AllBeEquivalentTo(false);
        model.Train().IsTraining.Should().BeTrue();
        model.Modules().Select(m => m.IsTraining).Should().AllBeEquivalentTo(true);
        model.Train(false).IsTraining.Should().BeFalse();
    }

    [Fact]
    public void FreezeAndUnfreeze_ToggleRequiresGrad()
    {
        using var model = Sequential.Create().Linear(3, 2).Linear(1).Build();

        model.Children()[0].Freeze();
        model.TrainableParameterCount.Should().Be(3);
        model.ParameterCount.Should().Be(11);
        model.Unfreeze().TrainableParameterCount.Should().Be(11);
        model.Freeze().TrainableParameterCount.Should().Be(0);
    }

    [Fact]
    public void To_Cpu_ReturnsTheModuleOnTheDevice()
    {
        using var model = Sequential.Create().Linear(3, 2).Build();

        model.To(CPU).Should().BeSameAs(model);
        model.Parameters().Should().OnlyContain(p => p.device_type == DeviceType.CPU);
    }

    [Fact]
    public void Summary_WithInputShape_RendersAKerasStyleTable()
    {
        using var model = Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build();
        model.Children()[2].Freeze();

        var summary = model.Summary(5, 10);

        summary.ToString().Should().Be(
            "Model: Sequential\n" +
            "-------------------------------------\n" +
            "Layer (type)   Output Shape   Param #\n" +
            "=====================================\n" +
            "0 (Linear)     [5, 32]            352\n" +
            "1 (Sigmoid)    [5, 32]              0\n" +
            "2 (Linear)     [5, 1]              33\n" +
            "=====================================\n" +
            "Total params: 385\n" +
            "Trainable params: 352\n" +
            "Non-trainable params: 33");
        summary.Rows.Select(r => r.Type).Should().Equal("Linear", "Sigmoid", "Linear");
    }

    [Fact]
    public void Summary_WithoutInput_ListsLayersAndParametersOnly()
    {
        using var model = Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build();

        var summary = model.Summary();

        summary.HasOutputShapes.Should().BeFalse();
        summary.ToString().Should().StartWith(
            "Model: Sequential\n" +
            "----------------------\n" +
            "Layer (type)   Param #\n" +
            "======================\n" +
            "0 (Linear)         352\n");
        summary.TotalParameters.Should().Be(385);
    }

    [Fact]
    public void Summary_RestoresTrainingModeAndLeavesNoGraph()
    {
        using var model = Sequential.Create().Linear(4, 3).BatchNorm1d().Linear(1).Build();
        model.Train();
        var norm = (BatchNorm1d)model.Children()[1];
        using var before = norm.running_mean!.clone();

        model.Summary(2, 4);

        model.Modules().Select(m => m.IsTraining).Should().AllBeEquivalentTo(true);
        norm.running_mean!.allclose(before, 0, 0).Should().BeTrue("Summary runs in evaluation mode");
    }

    [Fact]
    public void Summary_CustomModuleWithOwnParameter_HasASelfRow()
    {
        using var model = new ScaledLinear();

        var summary = model.Summary(1, 2);

        summary.Rows.Select(r => (r.Name, r.Parameters)).Should().Equal(("(self)", 2L), ("inner", 6L));
        summary.Rows[1].OutputShape.Should().Equal(1, 2);
    }

    [Fact]
    public void Summary_WrongInputShape_ExplainsTheFix()
    {
        using var model = Sequential.Create().Linear(10, 3).Build();

        var act = () => model.Summary(5, 7);

        act.Should().Throw<ArgumentException>().WithMessage("Summary() ran Sequential on a zero input of the given shape*Fix: pass the shape of a real batch*");
    }

    sealed class ScaledLinear : CustomModule
    {
        readonly Parameter scale = new(ones(2));
        readonly Linear inner = nn.Linear(2, 2);

        public override Tensor forward(Tensor x)
        {
            using var scaled = x * scale;
            return inner.call(scaled);
        }
    }
}
