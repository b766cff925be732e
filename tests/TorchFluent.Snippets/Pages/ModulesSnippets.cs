using TorchFluent.Snippets.Infrastructure;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent.Snippets.Pages;

/// <summary>The C# blocks of docs/modules.md.</summary>
public static class ModulesSnippets
{
    #region modules-mynet-class
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
    #endregion

    #region modules-mymodel-classes
    // self.net = nn.Sequential(nn.Linear(10, 32), nn.Sigmoid(), nn.Linear(32, 1))
    sealed class MyModel : CustomModule
    {
        readonly Sequential net = Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build();

        public override Tensor forward(Tensor x) => net.call(x);
    }

    // "Equals to": three explicit layers
    sealed class MyModelLayers : CustomModule
    {
        readonly Linear layer1 = nn.Linear(10, 32);
        readonly Sigmoid layer2 = nn.Sigmoid();
        readonly Linear layer3 = nn.Linear(32, 1);

        public override Tensor forward(Tensor x)
        {
            using var out1 = layer1.call(x);
            using var out2 = layer2.call(out1);
            return layer3.call(out2);
        }
    }
    #endregion

    #region modules-forgetful-class
    // Raw TorchSharp: a module that forgets RegisterComponents()
    sealed class Forgetful : nn.Module<Tensor, Tensor>
    {
        readonly Linear fc1 = nn.Linear(10, 20);
        readonly Linear fc2 = nn.Linear(20, 1);

        public Forgetful() : base(nameof(Forgetful)) { }   // no RegisterComponents()

        public override Tensor forward(Tensor x) => fc2.call(fc1.call(x));
    }
    #endregion

    [Snippet("modules-sequential")]
    public static void SequentialBuilder()
    {
        #region modules-sequential
        // nn.Sequential(nn.Linear(10, 32), nn.Sigmoid(), nn.Linear(32, 1)): 32 in-features inferred
        using var model = Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build();

        Console.WriteLine(string.Join(", ", model.state_dict().Keys));
        Console.WriteLine($"{model.ParameterCount} parameters");
        using var y = model.call(randn(5, 10));
        Console.WriteLine($"[{string.Join(", ", y.shape)}]");
        #endregion
    }

    [Snippet("modules-mynet-class")]
    public static void MyNetClass()
    {
        using var model = new MyNet(10, 20, 1);
        _ = model.ParameterCount;
    }

    [Snippet("modules-mynet")]
    public static void MyNetUsage()
    {
        #region modules-mynet
        using var model = new MyNet(10, 20, 1);
        using var x = randn(5, 10);              // batch_size=5, input_size=10
        using var y = model.call(x);

        Console.WriteLine($"y: [{string.Join(", ", y.shape)}]");
        Console.WriteLine($"{model.Children().Count} children, {model.Modules().Count} modules, {model.ParameterCount} parameters");
        Console.WriteLine(string.Join(", ", model.NamedParameters().Select(p => p.Name)));
        #endregion
    }

    [Snippet("modules-mymodel-classes")]
    public static void MyModelClasses()
    {
        using var a = new MyModel();
        using var b = new MyModelLayers();
    }

    [Snippet("modules-mymodel")]
    public static void MyModelUsage()
    {
        #region modules-mymodel
        using var sequential = new MyModel();
        using var layers = new MyModelLayers();

        foreach (nn.Module model in new nn.Module[] { sequential, layers })
        {
            Console.WriteLine($"{model.GetName()}: {model.Children().Count} children, {model.Modules().Count} modules, " +
                              $"{model.ParameterCount} parameters, keys {string.Join(" ", model.state_dict().Keys)}");
        }
        #endregion
    }

    [Snippet("modules-cnn")]
    public static void Cnn()
    {
        #region modules-cnn
        using var model = Sequential.Create().Input(1, 28, 28)     // one 28x28 grey image, no batch dimension
            .Conv2d(8, kernelSize: 3, padding: 1).BatchNorm2d().ReLU().MaxPool2d(2)
            .Conv2d(16, kernelSize: 3).ReLU().MaxPool2d(2)
            .Flatten().Dropout(0.25).Linear(10)                       // 16 * 6 * 6 in-features, inferred
            .Build();

        Console.WriteLine(model.Summary(1, 1, 28, 28));
        #endregion
    }

    [Snippet("modules-extensions")]
    public static void Extensions()
    {
        #region modules-extensions
        using var model = new MyModel();

        model.Eval();                                   // model.eval(); returns the model
        Console.WriteLine($"training: {model.IsTraining}");
        model.Train();                                  // model.train()

        var net = model.Children()[0];                  // list(model.children())[0]
        net.Children()[0].Freeze();                     // requires_grad = False on the first Linear
        Console.WriteLine($"trainable: {model.TrainableParameterCount} of {model.ParameterCount}");

        foreach (var (name, module) in model.NamedModules())   // includes the model itself, as "" (PyTorch's meaning)
            Console.WriteLine($"'{name}': {module.GetType().Name}");

        model.To(CPU);                                  // model.to(device)
        #endregion
    }

    [Snippet("modules-unregistered")]
    public static void Unregistered()
    {
        #region modules-unregistered
        using var model = new Forgetful();
        Console.WriteLine($"TorchSharp's parameters(): {model.parameters().Count()}");   // 0: an optimizer would do nothing

        try
        {
            model.Parameters();
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine(e.Message.Split('\n')[1]);
        }
        #endregion
    }

    [Snippet("modules-forgetful-class")]
    public static void ForgetfulClass()
    {
        using var model = new Forgetful();
    }
}
