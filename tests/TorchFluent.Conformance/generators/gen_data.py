"""Goldens for the reference text's "Load Data" section: Dataset, DataLoader (batching, drop_last, seeded shuffle),
default collation dtypes and shapes, random_split, and .npy files written by NumPy.

The .npy fixtures are written next to the goldens (goldens/data_npy/); their expected contents are in data.json.
"""
import os

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, TensorDataset, random_split
from torch.utils.data._utils.collate import default_collate

from golden_io import GOLDENS, write

torch.manual_seed(0)
cases = {}

# A small dataset: 23 samples of x[3] (float32) and y (int64), so batch size 5 leaves a short last batch of 3.
N = 23
x = torch.arange(N * 3, dtype=torch.float32).reshape(N, 3)
y = torch.arange(N, dtype=torch.int64) * 10


class MyDataset(Dataset):
    """The reference text's pattern: __getitem__ returns one sample, __len__ the size."""

    def __init__(self, x, y):
        self.x, self.y = x, y

    def __getitem__(self, index):
        return self.x[index], self.y[index]

    def __len__(self):
        return len(self.x)


def batches(loader):
    return [{"x": xb, "y": yb} for xb, yb in loader]


for drop_last in (False, True):
    name = "drop_last" if drop_last else "keep_last"
    loader = DataLoader(MyDataset(x, y), batch_size=5, shuffle=False, drop_last=drop_last)
    cases[f"batches_{name}"] = {"x": x, "y": y, "batch_size": 5, "len": len(loader), "batches": batches(loader)}
    tensor_loader = DataLoader(TensorDataset(x, y), batch_size=5, shuffle=False, drop_last=drop_last)
    assert all(torch.equal(a["x"], b["x"]) for a, b in zip(batches(loader), batches(tensor_loader)))

# len(loader) for a few sizes.
cases["loader_len"] = {
    "rows": [[n, b, int(d), len(DataLoader(range(n), batch_size=b, drop_last=d))]
             for n in (1, 4, 5, 6, 23, 100) for b in (1, 5, 16, 100) for d in (False, True)],
}

# Seeded shuffle: PyTorch draws a base seed and then randperm from the loader's generator each epoch, and one more
# randperm when an epoch is read to the end. Three full epochs, then one epoch stopped after one batch, then another.
for drop_last in (False, True):
    generator = torch.Generator().manual_seed(0)
    loader = DataLoader(TensorDataset(x, y), batch_size=5, shuffle=True, generator=generator, drop_last=drop_last)
    epochs = [[b[1] for b in loader] for _ in range(3)]
    partial = next(iter(loader))[1]
    after_partial = [b[1] for b in loader]
    cases[f"shuffle_seed0_{'drop_last' if drop_last else 'keep_last'}"] = {
        "epochs": epochs, "partial_first_batch": partial, "after_partial": after_partial}

generator = torch.Generator().manual_seed(1234)
loader = DataLoader(TensorDataset(x, y), batch_size=4, shuffle=True, generator=generator)
cases["shuffle_seed1234"] = {"epochs": [[b[1] for b in loader] for _ in range(2)]}

# Default collation: element types and the batch dtypes/shapes PyTorch gives.
def collated(samples):
    out = default_collate(samples)
    return out if isinstance(out, (list, tuple)) else [out]


cases["collate_python_float"] = {"batch": collated([1.5, -2.0, 3.25])}
cases["collate_python_int"] = {"batch": collated([1, -2, 3])}
cases["collate_python_bool"] = {"batch": collated([True, False, True])}
cases["collate_numpy_float32_array"] = {"batch": collated([np.array([1, 2, 3], dtype=np.float32), np.array([4, 5, 6], dtype=np.float32)])}
cases["collate_numpy_int64_matrix"] = {"batch": collated([np.arange(6, dtype=np.int64).reshape(2, 3), np.arange(6, 12, dtype=np.int64).reshape(2, 3)])}
cases["collate_numpy_uint8_array"] = {"batch": collated([np.array([1, 255], dtype=np.uint8), np.array([0, 7], dtype=np.uint8)])}
cases["collate_tuple_array_int"] = {"batch": collated([(np.array([0.5, 1.5], dtype=np.float32), 1), (np.array([2.5, 3.5], dtype=np.float32), 0)])}
cases["collate_tensor_scalars"] = {"batch": collated([torch.tensor(1.5), torch.tensor(2.5)])}
cases["collate_tensors_mixed_dtype"] = {"batch": collated([torch.tensor([1, 2], dtype=torch.int32), torch.tensor([0.5, 1.5], dtype=torch.float32)])}
cases["collate_list_of_tensors"] = {"batch": collated([[torch.tensor([1.0]), torch.tensor([2, 3])], [torch.tensor([4.0]), torch.tensor([5, 6])]])}

# random_split: sizes from fractions (floor, then the remainder one by one) and the indices with a seeded generator.
splits = []
for n, fractions in ((10, [0.8, 0.2]), (7, [0.5, 0.5]), (10, [0.33, 0.33, 0.34]), (23, [0.7, 0.2, 0.1]), (5, [0.1, 0.9])):
    parts = random_split(range(n), fractions, generator=torch.Generator().manual_seed(42))
    splits.append({"n": n, "fractions": fractions, "lengths": [len(p) for p in parts], "indices": [list(p.indices) for p in parts]})
cases["random_split_fractions"] = {"splits": splits}
parts = random_split(range(23), [15, 8], generator=torch.Generator().manual_seed(0))
cases["random_split_lengths_seed0"] = {"lengths": [15, 8], "indices": [list(p.indices) for p in parts]}

# .npy files written by NumPy, and the tensors they hold.
npy_dir = os.path.join(GOLDENS, "data_npy")
os.makedirs(npy_dir, exist_ok=True)
arrays = {
    "float32_2d": np.arange(12, dtype=np.float32).reshape(4, 3) / 4,
    "float64_1d": np.array([0.1, -2.5, 1e300, -0.0]),
    "int64_labels": np.array([0, 2, 1, 1, 0], dtype=np.int64),
    "int32_3d": np.arange(24, dtype=np.int32).reshape(2, 3, 4) - 5,
    "uint8_2d": np.array([[0, 128, 255], [1, 2, 3]], dtype=np.uint8),
    "int8_1d": np.array([-128, 0, 127], dtype=np.int8),
    "int16_1d": np.array([-300, 0, 300], dtype=np.int16),
    "bool_1d": np.array([True, False, True]),
    "float16_1d": np.array([0.5, -1.25, 65504], dtype=np.float16),
    "bigendian_float32": np.arange(6, dtype=">f4").reshape(2, 3),
    "bigendian_int64": np.array([1, -2, 1 << 40], dtype=">i8"),
    "fortran_float32": np.asfortranarray(np.arange(12, dtype=np.float32).reshape(3, 4)),
    "fortran_int64_3d": np.asfortranarray(np.arange(24, dtype=np.int64).reshape(2, 3, 4)),
    "complex64_1d": np.array([1 + 2j, -3.5 - 0.5j], dtype=np.complex64),
    "empty_rows": np.zeros((0, 3), dtype=np.float32),
}
npy_cases = {}
for name, array in arrays.items():
    np.save(os.path.join(npy_dir, name + ".npy"), array)
    npy_cases[name] = torch.from_numpy(np.ascontiguousarray(array).astype(array.dtype.newbyteorder("=")))
# A version 2.0 header (NumPy writes it when the header does not fit 65535 bytes; forced here).
from numpy.lib import format as npformat
with open(os.path.join(npy_dir, "version2_float32.npy"), "wb") as f:
    npformat.write_array(f, np.arange(5, dtype=np.float32), version=(2, 0))
npy_cases["version2_float32"] = torch.arange(5, dtype=torch.float32)
cases["npy_files"] = npy_cases

write("data", cases)
