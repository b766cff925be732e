using System.Security.Cryptography;
using System.Text;
using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent.Conformance;

/// <summary>
/// Reference text, Tools / Models (SEED_ERRATA.md section C): resnet18's counts, children, shapes and fine-tuning count,
/// and every architecture's parameters and state dict against torchvision 0.14 (weights=None).
/// </summary>
public sealed class ModelConformanceTests
{
    static readonly Golden Goldens = Golden.Load("models");

    public ModelConformanceTests() => TorchRuntime.EnsureLoaded();

    public static TheoryData<string> Names() => new(Models.Names);

    static string Digest(nn.Module model)
    {
        var lines = model.state_dict()
            .Select(e => $"{e.Key} [{string.Join(", ", e.Value.shape)}]")
            .Order(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", lines))));
    }

    static IEnumerable<string> DepthFirstNames(nn.Module module, string name)
    {
        yield return name;
        foreach (var (childName, child) in module.named_children())
            foreach (var n in DepthFirstNames(child, name.Length == 0 ? childName : name + "." + childName)) yield return n;
    }

    [Fact]
    public void Names_AreTheGoldenArchitectures()
    {
        Models.Names.Should().BeEquivalentTo(Goldens.CaseNames.Where(n => Goldens[n].Has("parameters")));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Create_EveryArchitecture_HasPyTorchsParametersAndStateDict(string name)
    {
        var golden = Goldens[name];
        using var model = Models.Create(name);

        model.parameters().Sum(p => p.numel()).Should().Be(golden.Long("parameters"));
        model.parameters().Count().Should().Be((int)golden.Long("parameter_tensors"));
        model.state_dict().Count.Should().Be((int)golden.Long("state_dict_entries"));
        Digest(model).Should().Be(golden.String("state_dict_digest"), "the state dict keys and shapes are PyTorch's, so .pth files load");
        ((Linear)model.Head).in_features.Should().Be(golden.Long("head_in_features"));

        model.ReplaceHead(10);

        model.parameters().Sum(p => p.numel()).Should().Be(golden.Long("parameters_10_classes"), "as torchvision's num_classes=10");
    }

    [Fact]
    public void ResNet18_CountsAndChildren_MatchPyTorch()
    {
        var golden = Goldens["resnet18"];
        using var model = Models.ResNet18();

        model.parameters().Sum(p => p.numel()).Should().Be(11_689_512).And.Be(golden.Long("parameters"));
        model.parameters().Count().Should().Be(62);
        model.state_dict().Count.Should().Be(122);
        model.named_children().Select(c => c.name).Should().Equal(golden.Strings("children"))
            .And.Equal("conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool", "fc");
    }

    [Fact]
    public void ResNet18_StateDictAndModules_HavePyTorchsNamesShapesAndDtypes()
    {
        var details = Goldens["resnet18_details"];
        using var model = Models.ResNet18();
        var state = model.state_dict();

        var expected = details.Element.GetProperty("state_dict").EnumerateArray()
            .Select(e => $"{e[0].GetString()} [{string.Join(", ", e[1].EnumerateArray().Select(d => d.GetInt64()))}] {e[2].GetString()}")
            .Order(StringComparer.Ordinal);
        state.Select(e => $"{e.Key} [{string.Join(", ", e.Value.shape)}] {TorchNames.Of(e.Value.dtype)}").Order(StringComparer.Ordinal)
            .Should().Equal(expected);
        // PyTorch's order is depth first; TorchSharp's named_modules lists a level at a time and leaves the root out.
        DepthFirstNames(model, "").Should().Equal(details.Strings("named_modules"));
    }

    [Fact]
    public void ResNet18_On224Images_HasPyTorchsFeatureMapShapes()
    {
        var expected = Goldens["resnet18_details"].Element.GetProperty("feature_shapes").EnumerateArray()
            .Select(e => (Name: e[0].GetString()!, Shape: e[1].EnumerateArray().Select(d => d.GetInt64()).ToArray()))
            .ToList();
        using var model = Models.ResNet18();
        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();

        var x = zeros(1, 3, 224, 224);
        var actual = new List<(string, long[])>();
        foreach (var (name, child) in model.named_children())
        {
            if (name == "fc") x = x.flatten(1);
            x = ((nn.Module<Tensor, Tensor>)child).call(x);
            actual.Add((name, x.shape));
        }

        actual.Select(a => a.Item1).Should().Equal(expected.Select(e => e.Name));
        for (var i = 0; i < expected.Count; i++) actual[i].Item2.Should().Equal(expected[i].Shape, expected[i].Name);
        actual[0].Item2.Should().Equal(1, 64, 112, 112);
        actual[^3].Item2.Should().Equal(1, 512, 7, 7);
        actual[^1].Item2.Should().Equal(1, 1000);
    }

    [Fact]
    public void ResNet18_OnTwo64x64Images_GivesTwoByThousand()
    {
        using var model = Models.ResNet18();
        using var x = rand(2, 3, 64, 64);

        using var y = model.call(x);

        y.shape.Should().Equal(Goldens["resnet18_details"].Longs("output_shape_2x64")).And.Equal(2, 1000);
    }

    [Fact]
    public void FreezeBackboneAndReplaceHead_LeavesOnlyTheNewHeadTrainable()
    {
        using var model = Models.ResNet18();

        model.FreezeBackbone().ReplaceHead(10);

        model.parameters().Where(p => p.requires_grad).Sum(p => p.numel())
            .Should().Be(5_130).And.Be(Goldens["resnet18_details"].Long("trainable_after_freeze_and_new_fc"));
    }

    [Fact]
    public void ModuleFreezeThenReplaceHead_TrainableCountIsTheNewHeads()
    {
        using var model = Models.ResNet18();

        model.Freeze().ReplaceHead(10);   // Freeze is the module extension of any nn.Module; the new head is trainable

        model.TrainableParameterCount.Should().Be(5_130).And.Be(Goldens["resnet18_details"].Long("trainable_after_freeze_and_new_fc"));
        model.ParameterCount.Should().Be(11_689_512 - 513_000 + 5_130);
    }

    [Fact]
    public void FreezeAllThenAssignFc_AsInPyTorch_LeavesTheNewHeadTrainable()
    {
        using var model = Models.ResNet18();

        foreach (var p in model.parameters()) p.requires_grad = false;
        model.Fc = nn.Linear(512, 10);

        model.parameters().Where(p => p.requires_grad).Sum(p => p.numel()).Should().Be(5_130);
        model.named_children().Select(c => c.name).Last().Should().Be("fc");
        model.state_dict().Keys.Should().Contain(["fc.weight", "fc.bias"]);
    }

    [Theory]
    [InlineData("resnet18")]
    [InlineData("resnet50")]
    [InlineData("resnext50_32x4d")]
    [InlineData("mobilenet_v2")]
    [InlineData("alexnet")]
    public void Forward_DetFilledWeights_GivesPyTorchsLogits(string name)
    {
        using var model = Models.Create(name);
        ToolsGoldens.DetFill(model, scaleByFanIn: true);
        model.eval();
        var values = new float[3 * 64 * 64];
        for (var i = 0; i < values.Length; i++) values[i] = (float)((i * 13L % 97) / 97.0);
        using var image = tensor(values, [1, 3, 64, 64]);
        using var _ = no_grad();

        using var logits = model.call(image);

        // Dozens of layers of float32 convolutions; libtorch 2.10 and 1.13 may sum in different orders.
        TensorAssert.Equal(logits, Goldens[name].Tensor("det_fill_logits"), atol: 2e-5, rtol: 1e-4);
    }

    [Fact]
    public void LoadStateDict_PthWrittenByTorchSave_LoadsTheStemAndGivesPyTorchsFeatures()
    {
        var golden = Goldens["resnet18_stem_pth"];
        using var model = Models.ResNet18();

        var result = model.LoadStateDict(Path.Combine(AppContext.BaseDirectory, "fixtures", "models", "resnet18_stem.pth"), strict: false);

        result.UnexpectedKeys.Should().BeEmpty("every key torch.save wrote is a key of TorchFluent's resnet18");
        result.MissingKeys.Should().HaveCount(122 - golden.Strings("keys").Length);
        model.eval();
        using var x = golden.Tensor("input").ToTensor();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var children = model.named_children().ToDictionary(c => c.name, c => (nn.Module<Tensor, Tensor>)c.module);
        var y = children["maxpool"].call(children["relu"].call(children["bn1"].call(children["conv1"].call(x))));
        TensorAssert.Equal(y, golden.Tensor("output"), atol: 1e-6);
    }
}
