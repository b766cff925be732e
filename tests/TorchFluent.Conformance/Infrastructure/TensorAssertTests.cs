using System.Text.Json;
using FluentAssertions;
using Xunit.Sdk;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.Infrastructure;

/// <summary>The comparison every conformance test relies on must be able to fail.</summary>
public sealed class TensorAssertTests
{
    static GoldenTensor Golden(string json) =>
        new GoldenCase("t", JsonDocument.Parse("{\"v\":" + json + "}").RootElement).Tensor("v");

    public TensorAssertTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Equal_SameValues_Passes()
    {
        using var t = tensor(new float[] { 1, 2 });
        TensorAssert.Equal(t, Golden("""{"dtype":"float32","shape":[2],"data":[1.0,2.0]}"""));
    }

    [Fact]
    public void Equal_ValueOffByMoreThanTolerance_Fails()
    {
        using var t = tensor(new float[] { 1, 2.001f });
        var act = () => TensorAssert.Equal(t, Golden("""{"dtype":"float32","shape":[2],"data":[1.0,2.0]}"""), atol: 1e-4);
        act.Should().Throw<XunitException>().WithMessage("*t.v[1]*");
    }

    [Fact]
    public void Equal_WrongDType_Fails()
    {
        using var t = tensor(new long[] { 1, 2 });
        var act = () => TensorAssert.Equal(t, Golden("""{"dtype":"float32","shape":[2],"data":[1.0,2.0]}"""));
        act.Should().Throw<XunitException>().WithMessage("*dtype of t.v*");
    }

    [Fact]
    public void Equal_WrongShape_Fails()
    {
        using var t = tensor(new float[] { 1, 2 }).reshape(1, 2);
        var act = () => TensorAssert.Equal(t, Golden("""{"dtype":"float32","shape":[2],"data":[1.0,2.0]}"""));
        act.Should().Throw<XunitException>().WithMessage("*shape of t.v*");
    }

    [Fact]
    public void Equal_NaNAndComplex_AreCompared()
    {
        using var n = tensor(new double[] { double.NaN });
        TensorAssert.Equal(n, Golden("""{"dtype":"float64","shape":[1],"data":["nan"]}"""));
        using var c = complex(tensor(new float[] { 1 }), tensor(new float[] { 2 }));
        TensorAssert.Equal(c, Golden("""{"dtype":"complex64","shape":[1],"data":[[1.0,2.0]]}"""));
        var act = () => TensorAssert.Equal(c, Golden("""{"dtype":"complex64","shape":[1],"data":[[1.0,3.0]]}"""));
        act.Should().Throw<XunitException>().WithMessage("*imaginary*");
    }
}
