using System.IO.Compression;
using System.Text;
using FluentAssertions;
using TorchFluent.Tests.Infrastructure;
using static TorchFluent.Tests.Checkpoints.CheckpointTestData;

namespace TorchFluent.Tests.Checkpoints;

/// <summary>
/// The weights-only unpickler on hand-assembled pickles: what it accepts, and that every way of naming a Python
/// global outside the allow-list is refused (inline GLOBAL, STACK_GLOBAL through the memo, INST, extension codes).
/// </summary>
public sealed class RestrictedUnpicklerTests : IDisposable
{
    readonly string folder = TestPaths.NewTempFolder("torchfluent-pickle");

    public RestrictedUnpicklerTests() => TorchRuntime.EnsureLoaded();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static byte[] Pickle(params object[] parts)
    {
        var bytes = new List<byte> { 0x80, 0x02 };
        foreach (var part in parts)
        {
            if (part is string s) bytes.AddRange(Encoding.Latin1.GetBytes(s));
            else if (part is byte b) bytes.Add(b);
            else bytes.AddRange((byte[])part);
        }
        bytes.Add((byte)'.');
        return [.. bytes];
    }

    static byte[] Unicode(string s) => [(byte)'X', .. BitConverter.GetBytes(s.Length), .. Encoding.UTF8.GetBytes(s)];

    static byte[] ShortUnicode(string s) => [0x8c, (byte)s.Length, .. Encoding.UTF8.GetBytes(s)];

    [Fact]
    public void Load_NestedDictsListsAndNumbers_KeepsValuesAndOrder()
    {
        // {"b": [1, -2, 0.5, True, None], "a": {"x": 2**40}}
        var pickle = Pickle("}(", Unicode("b"), "](K\x01J", BitConverter.GetBytes(-2), "G?\xe0\0\0\0\0\0\0\x88Ne", Unicode("a"), "}", Unicode("x"),
            "\x8a\x06\0\0\0\0\0\x01", "su");

        var root = RestrictedUnpickler.Load(pickle).Should().BeOfType<RestrictedUnpickler.Dict>().Subject;

        root.Keys.Should().Equal("b", "a");
        ((List<object?>)root.Values[0]!).Should().Equal(1L, -2L, 0.5, true, null);
        ((RestrictedUnpickler.Dict)root.Values[1]!).Get("x").Should().Be(1L << 40);
    }

    [Theory]
    [InlineData("c", "os\nsystem\n", "os.system")]
    [InlineData("c", "subprocess\nPopen\n", "subprocess.Popen")]
    [InlineData("c", "builtins\ngetattr\n", "builtins.getattr")]
    [InlineData("c", "torch\nload\n", "torch.load")]
    [InlineData("i", "os\nsystem\n", "os.system")]
    public void Load_GlobalOutsideTheAllowList_IsRefusedByName(string opcode, string names, string global)
    {
        var act = () => RestrictedUnpickler.Load(Pickle(opcode, names));

        act.Should().Throw<RestrictedUnpickler.RefusedException>().Which.GlobalName.Should().Be(global);
    }

    [Fact]
    public void Load_StackGlobalWithNamesFromTheMemo_IsRefusedByName()
    {
        // Protocol 4: the names are memoized strings fetched back with BINGET before STACK_GLOBAL.
        var pickle = Pickle(ShortUnicode("os"), "\x94", ShortUnicode("system"), "\x94", "0", "0", "h\0h\x01\x93");

        var act = () => RestrictedUnpickler.Load(pickle);

        act.Should().Throw<RestrictedUnpickler.RefusedException>().Which.GlobalName.Should().Be("os.system");
    }

    [Fact]
    public void Load_ExtensionCode_IsRefused()
    {
        var act = () => RestrictedUnpickler.Load(Pickle("\x82\x01"));

        act.Should().Throw<RestrictedUnpickler.RefusedException>();
    }

    [Theory]
    [InlineData("\x8f")]          // EMPTY_SET
    [InlineData("\x96")]          // BYTEARRAY8
    public void Load_OpcodeOutsideTheWeightsOnlySubset_IsUnsupported(string opcode)
    {
        var act = () => RestrictedUnpickler.Load(Pickle(opcode));

        act.Should().Throw<RestrictedUnpickler.UnsupportedException>();
    }

    [Theory]
    [InlineData("X\xff\xff\0\0abc")]   // a string longer than the pickle
    [InlineData("h\x05")]              // a memo key never set
    [InlineData("s")]                  // SETITEM on an empty stack
    public void Load_BrokenPickle_IsDamaged(string body)
    {
        var act = () => RestrictedUnpickler.Load(Pickle(body));

        act.Should().Throw<RestrictedUnpickler.DamagedException>();
    }

    [Fact]
    public void LoadStateDict_PthWhosePickleNamesOsSystem_IsRefusedBeforeAnyTensorIsRead()
    {
        var path = Path.Combine(folder, "evil.pth");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var stream = archive.CreateEntry("evil/data.pkl").Open();
            stream.Write(Pickle("cos\nsystem\n", Unicode("echo pwned"), "\x85R"));
        }
        using var model = Mlp();

        var act = () => model.LoadStateDict(path);

        var error = act.Should().Throw<CheckpointException>().Which;
        error.Problem.Should().Be(CheckpointProblem.Refused);
        error.Message.Should().StartWith($"Refused to load '{path}': its pickle refers to the Python global 'os.system'");
    }

    [Fact]
    public void LoadStateDict_PthOfATrainingCheckpointDict_IsUnsupportedWithTheFix()
    {
        var path = Path.Combine(folder, "checkpoint.pth");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var stream = archive.CreateEntry("checkpoint/data.pkl").Open();
            stream.Write(Pickle("}(", Unicode("epoch"), "K\x03u"));
        }

        var act = () => StateDict.Load(path);

        var error = act.Should().Throw<CheckpointException>().Which;
        error.Problem.Should().Be(CheckpointProblem.Unsupported);
        error.Message.Should().Be(
            $"Could not load '{path}': the PyTorch (.pth, torch.save) file holds something TorchFluent does not load: " +
            "a dict whose entry 'epoch' holds the int 3, not a tensor.\n" +
            "Expected: a state dict (names mapped to tensors of a dtype TorchSharp has).\n" +
            "Received: a dict whose entry 'epoch' holds the int 3, not a tensor.\n" +
            "Fix: in Python, save only the state dict: torch.save(model.state_dict(), path); for a training checkpoint dict, " +
            "save its model part on its own (torch.save(checkpoint['model_state_dict'], path)).");
    }
}
