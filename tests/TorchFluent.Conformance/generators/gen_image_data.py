"""Fixtures and goldens for image datasets read from local files (nothing is downloaded): MNIST's IDX files,
CIFAR-10/100 binary batches, and an ImageFolder tree, with what torchvision 0.14's readers and datasets give.

torchvision's IDX reader scrambles multi-byte values in 0.14 (it flips the element order instead of the byte order),
so files of int16/int32/float32/float64 are checked against NumPy's big-endian reading instead."""
import os
import pickle
import shutil
import struct
import warnings

import numpy as np
import torch
from PIL import Image
from torchvision import datasets, transforms as T
from torchvision.datasets.mnist import read_image_file, read_label_file

from golden_io import write

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")
rng = np.random.default_rng(0)
cases = {}


def idx(path, array, code):
    with open(path, "wb") as f:
        f.write(struct.pack(">BBBB", 0, 0, code, array.ndim))
        f.write(struct.pack(">" + "I" * array.ndim, *array.shape))
        f.write(array.astype(array.dtype.newbyteorder(">")).tobytes())


# --- MNIST layout: root/MNIST/raw/<files>, as torchvision's MNIST(root) expects.
mnist_root = os.path.join(FIXTURES, "mnist")
shutil.rmtree(mnist_root, ignore_errors=True)
raw = os.path.join(mnist_root, "MNIST", "raw")
os.makedirs(raw)
train_images = rng.integers(0, 256, (5, 28, 28), dtype=np.uint8)
train_labels = rng.integers(0, 10, (5,), dtype=np.uint8)
test_images = rng.integers(0, 256, (3, 28, 28), dtype=np.uint8)
test_labels = rng.integers(0, 10, (3,), dtype=np.uint8)
idx(os.path.join(raw, "train-images-idx3-ubyte"), train_images, 0x08)
idx(os.path.join(raw, "train-labels-idx1-ubyte"), train_labels, 0x08)
idx(os.path.join(raw, "t10k-images-idx3-ubyte"), test_images, 0x08)
idx(os.path.join(raw, "t10k-labels-idx1-ubyte"), test_labels, 0x08)

mnist = datasets.MNIST(mnist_root, train=True, transform=T.ToTensor(), download=False)
mnist_test = datasets.MNIST(mnist_root, train=False, download=False)
cases["mnist"] = {
    "images": read_image_file(os.path.join(raw, "train-images-idx3-ubyte")),
    "labels": read_label_file(os.path.join(raw, "train-labels-idx1-ubyte")),
    "length": len(mnist), "test_length": len(mnist_test),
    "sample0_image": mnist[0][0], "sample0_label": mnist[0][1],
    "sample4_image": mnist[4][0], "sample4_label": mnist[4][1],
    "test_sample2_label": mnist_test[2][1], "test_data": mnist_test.data,
    "classes": mnist.classes,
}

# --- Other IDX types (checked against NumPy; see the module docstring) and a gzip file.
idx_root = os.path.join(FIXTURES, "idx")
shutil.rmtree(idx_root, ignore_errors=True)
os.makedirs(idx_root)
typed = {
    "int8": (np.array([[-128, -1, 0], [1, 2, 127]], dtype=np.int8), 0x09),
    "int16": (np.array([[1, 2, 3], [256, -2, 300]], dtype=np.int16), 0x0B),
    "int32": (np.array([1, -70000, 2 ** 31 - 1], dtype=np.int32), 0x0C),
    "float32": (np.array([[[0.5, -1.25]], [[3e-8, 1e30]]], dtype=np.float32), 0x0D),
    "float64": (np.array([np.pi, -np.e, 1e-300], dtype=np.float64), 0x0E),
}
cases["idx"] = {}
for name, (array, code) in typed.items():
    idx(os.path.join(idx_root, name + ".idx"), array, code)
    cases["idx"][name] = torch.from_numpy(array.copy())
import gzip
with open(os.path.join(raw, "train-images-idx3-ubyte"), "rb") as f, gzip.open(os.path.join(idx_root, "train-images-idx3-ubyte.gz"), "wb") as g:
    g.write(f.read())

# --- CIFAR-10/100 binary batches, and the same images in the pickled layout torchvision's CIFAR10 reads.
cifar_root = os.path.join(FIXTURES, "cifar")
shutil.rmtree(cifar_root, ignore_errors=True)
bin10 = os.path.join(cifar_root, "cifar-10-batches-bin")
os.makedirs(bin10)
names10 = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
batches = []
for b in range(6):
    n = 2 if b < 5 else 3
    images = rng.integers(0, 256, (n, 3072), dtype=np.uint8)
    labels = rng.integers(0, 10, (n,), dtype=np.uint8)
    batches.append((images, labels))
    name = f"data_batch_{b + 1}.bin" if b < 5 else "test_batch.bin"
    with open(os.path.join(bin10, name), "wb") as f:
        for image, label in zip(images, labels):
            f.write(bytes([label]) + image.tobytes())
with open(os.path.join(bin10, "batches.meta.txt"), "w") as f:
    f.write("\n".join(names10) + "\n\n")

py10 = os.path.join(cifar_root, "cifar-10-batches-py")
os.makedirs(py10)
for b, (images, labels) in enumerate(batches):
    name = f"data_batch_{b + 1}" if b < 5 else "test_batch"
    with open(os.path.join(py10, name), "wb") as f:
        pickle.dump({"data": images, "labels": [int(x) for x in labels]}, f)
with open(os.path.join(py10, "batches.meta"), "wb") as f:
    pickle.dump({"label_names": names10}, f)


import torchvision.datasets.cifar as cifar_module

cifar_module.check_integrity = lambda *args, **kwargs: True  # the fixture files are not the real ones (other md5)


class LocalCIFAR10(datasets.CIFAR10):
    def _check_integrity(self):
        return True


train10 = LocalCIFAR10(cifar_root, train=True, transform=T.ToTensor())
test10 = LocalCIFAR10(cifar_root, train=False)
cases["cifar10"] = {
    "batch1_images": torch.from_numpy(batches[0][0]).reshape(2, 3, 32, 32),
    "batch1_labels": torch.from_numpy(batches[0][1]).long(),
    "train_length": len(train10), "test_length": len(test10),
    "train_data_hwc": torch.from_numpy(train10.data), "train_targets": train10.targets,
    "train_sample3_image": train10[3][0], "train_sample3_label": train10[3][1],
    "test_targets": test10.targets, "classes": train10.classes, "class_to_idx": train10.class_to_idx,
}

bin100 = os.path.join(cifar_root, "cifar-100-binary")
os.makedirs(bin100)
images100 = rng.integers(0, 256, (3, 3072), dtype=np.uint8)
coarse = np.array([0, 19, 7], dtype=np.uint8)
fine = np.array([99, 0, 42], dtype=np.uint8)
for name in ("train.bin", "test.bin"):
    with open(os.path.join(bin100, name), "wb") as f:
        for image, c, fn in zip(images100, coarse, fine):
            f.write(bytes([c, fn]) + image.tobytes())
fine_names = [f"fine{i:02d}" for i in range(100)]
coarse_names = [f"coarse{i:02d}" for i in range(20)]
with open(os.path.join(bin100, "fine_label_names.txt"), "w") as f:
    f.write("\n".join(fine_names) + "\n")
with open(os.path.join(bin100, "coarse_label_names.txt"), "w") as f:
    f.write("\n".join(coarse_names) + "\n")
cases["cifar100"] = {"images": torch.from_numpy(images100).reshape(3, 3, 32, 32),
                     "coarse": torch.from_numpy(coarse).long(), "fine": torch.from_numpy(fine).long()}

# --- ImageFolder: classes sorted by code point (upper case first), files found recursively and sorted by path.
folder_root = os.path.join(FIXTURES, "imagefolder")
shutil.rmtree(folder_root, ignore_errors=True)
layout = {
    "dog/b.png": (4, 5), "dog/a.jpg": (4, 5), "dog/nested/c.png": (3, 3), "dog/notes.txt": None,
    "cat/x.PNG": (5, 4), "cat/y.bmp": (2, 2),
    "Zebra/z.png": (6, 6),
    "ant/deep/er/q.png": (2, 3), "ant/deep/p.png": (2, 2), "ant/deep-x.png": (3, 2),
}
for rel, size in layout.items():
    path = os.path.join(folder_root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if size is None:
        with open(path, "w") as f:
            f.write("not an image")
        continue
    h, w = size
    Image.fromarray(rng.integers(0, 256, (h, w, 3), dtype=np.uint8), "RGB").save(path)
os.makedirs(os.path.join(folder_root, "..", "imagefolder_empty_class", "a"), exist_ok=True)
os.makedirs(os.path.join(folder_root, "..", "imagefolder_empty_class", "b"), exist_ok=True)
Image.fromarray(np.zeros((2, 2, 3), dtype=np.uint8)).save(os.path.join(folder_root, "..", "imagefolder_empty_class", "a", "1.png"))
with open(os.path.join(folder_root, "..", "imagefolder_empty_class", "b", "readme.txt"), "w") as f:
    f.write("no images here")

folder = datasets.ImageFolder(folder_root, transform=T.ToTensor())
cases["imagefolder"] = {
    "classes": folder.classes, "class_to_idx": folder.class_to_idx,
    "samples": [os.path.relpath(p, folder_root) for p, _ in folder.samples],
    "targets": folder.targets,
    "images": [folder[i][0] for i in range(len(folder))],
}
try:
    datasets.ImageFolder(os.path.join(FIXTURES, "imagefolder_empty_class"))
except FileNotFoundError as e:
    cases["imagefolder"]["empty_class_error"] = str(e)

write("image_data", cases)
