namespace TorchFluent;

/// <summary>How <see cref="Transforms.Pad(int, double, PadMode)"/> and <see cref="Transforms.RandomCrop(int, int, bool, double, PadMode)"/> fill the border (torchvision's padding_mode).</summary>
public enum PadMode
{
    /// <summary>A constant value (torchvision's "constant"; the default).</summary>
    Constant,

    /// <summary>Repeats the last pixel of each edge (torchvision's "edge").</summary>
    Edge,

    /// <summary>Mirrors the image without repeating the edge pixel: [1, 2, 3] padded by 2 gives [3, 2, 1, 2, 3, 2, 1] (torchvision's "reflect").</summary>
    Reflect,

    /// <summary>Mirrors the image repeating the edge pixel: [1, 2, 3] padded by 2 gives [2, 1, 1, 2, 3, 3, 2] (torchvision's "symmetric").</summary>
    Symmetric,
}
