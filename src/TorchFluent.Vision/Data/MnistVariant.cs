namespace TorchFluent;

/// <summary>The data sets in MNIST's format that <see cref="Mnist"/> reads (torchvision's MNIST, FashionMNIST, KMNIST).</summary>
public enum MnistVariant
{
    /// <summary>Handwritten digits: root/MNIST/raw, classes "0 - zero" ... "9 - nine".</summary>
    Mnist,

    /// <summary>Zalando's clothing images: root/FashionMNIST/raw, classes "T-shirt/top" ... "Ankle boot".</summary>
    FashionMnist,

    /// <summary>Kuzushiji (cursive Japanese) characters: root/KMNIST/raw, classes "o" ... "wo".</summary>
    KMnist,
}
