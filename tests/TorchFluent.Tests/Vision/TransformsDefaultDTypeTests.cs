using FluentAssertions;
using TorchFluent.Tests.Infrastructure;
using static TorchFluent.Transforms;
using static TorchSharp.torch;

namespace TorchFluent.Tests;

/// <summary>Transform tests that change the default dtype: run alone, and restore it.</summary>
[Collection(GlobalTorchStateCollection.Name)]
public sealed class TransformsDefaultDTypeTests
{
    public TransformsDefaultDTypeTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void ToTensor_FollowsTheDefaultFloatDtype()
    {
        var original = get_default_dtype();
        try
        {
            set_default_dtype(ScalarType.Float64);
            using var hwc = full([2, 2, 3], (byte)51, ScalarType.Byte);
            using var chw = ToTensor().call(hwc);
            chw.dtype.Should().Be(ScalarType.Float64);
            chw[0, 0, 0].item<double>().Should().Be(0.2);
        }
        finally
        {
            set_default_dtype(original);
        }
    }
}
