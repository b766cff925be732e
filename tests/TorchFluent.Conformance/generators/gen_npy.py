"""NumPy .npy/.npz fixtures and what real PyTorch makes of them (torch.from_numpy, the reference text's second way to
create a tensor).

Writes ../fixtures/npy/*.npy|*.npz (small, committed) with NumPy, and goldens/npy.json with, per fixture, the tensor
torch.from_numpy gives (for big-endian files: of the array converted to native byte order, since from_numpy refuses
them) or the error NumPy/PyTorch raise.
"""
import io
import os
import zipfile

import numpy as np
import torch

from golden_io import write

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures", "npy")
os.makedirs(FIXTURES, exist_ok=True)
np.random.seed(0)
torch.manual_seed(0)

cases = {}


def path(name):
    return os.path.join(FIXTURES, name)


def error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - we record whatever real NumPy/PyTorch raise
        return {"raises": type(e).__name__, "message": str(e)}
    return {"raises": None}


def save(name, array, **kwargs):
    np.save(path(name), array, **kwargs)
    return name


# One 2x3 array per dtype of the reference text's table that NumPy has (bfloat16 is not a NumPy type).
VALUES = {
    "float32": [[1.5, -2.25, 0.0], [3.0e-8, float("nan"), float("inf")]],
    "float64": [[1 / 3, -1e300, 0.5], [2.0, -0.0, float("-inf")]],
    "float16": [[0.5, -1.5, 65504.0], [6.1e-5, 0.1, -2.0]],
    "uint8": [[0, 1, 255], [128, 7, 42]],
    "int8": [[-128, 127, 0], [-1, 5, 100]],
    "int16": [[-32768, 32767, 0], [-1, 300, 12345]],
    "int32": [[-2**31, 2**31 - 1, 0], [-1, 70000, 123456789]],
    "int64": [[-2**53, 2**53, 0], [-1, 2**40, 123456789012]],
    "bool": [[True, False, True], [False, False, True]],
    "complex64": [[1 + 2j, -0.5j, 3], [0, -1 - 1j, 2.5 + 0.25j]],
    "complex128": [[1 / 3 + 2j, -0.5j, 3], [0, -1 - 1j, 2.5 + 1e-300j]],
}
for dtype, values in VALUES.items():
    a = np.array(values, dtype=dtype)
    name = save(f"{dtype}.npy", a)
    cases[f"dtype_{dtype}"] = {"file": name, "descr": a.dtype.str, "tensor": torch.from_numpy(a)}

# int64 extremes need every bit: the C# test compares raw bytes and the round trip, not doubles.
extremes = np.array([-2**63, 2**63 - 1, 0, -1], dtype="<i8")
cases["int64_extremes"] = {"file": save("int64_extremes.npy", extremes), "strings": [str(v) for v in extremes]}

# Big-endian files: NumPy reads them; torch.from_numpy refuses them (recorded); TorchFluent swaps the bytes.
for dtype in [">f4", ">f8", ">i2", ">i4", ">i8", ">f2", ">c8", ">c16"]:
    a = np.array([[1.25, -2, 3], [4, 5.5, -6]]).astype(dtype) if "c" not in dtype else \
        np.array([[1 + 1j, -2, 3j], [4, 5.5 - 1j, -6]]).astype(dtype)
    key = "big_" + a.dtype.name
    name = save(f"{key}.npy", a)
    native = a.astype(a.dtype.newbyteorder("="))
    cases[key] = {"file": name, "descr": a.dtype.str, "tensor": torch.from_numpy(native),
                  "from_numpy": error_of(lambda: torch.from_numpy(a))}

# Fortran order: same logical values as C order; from_numpy keeps them (as a strided view).
f64 = np.asfortranarray(np.arange(24, dtype="<f8").reshape(2, 3, 4) / 8)
cases["fortran_float64"] = {"file": save("fortran_float64.npy", f64), "tensor": torch.from_numpy(f64),
                            "fortran_order": bool(np.isfortran(f64))}
i32 = np.asfortranarray(np.array([[1, 2, 3], [4, 5, 6]], dtype="<i4"))
cases["fortran_int32"] = {"file": save("fortran_int32.npy", i32), "tensor": torch.from_numpy(i32)}

# Shapes at the edges.
cases["scalar"] = {"file": save("scalar.npy", np.array(2.5, dtype="<f4")), "tensor": torch.from_numpy(np.array(2.5, dtype="<f4"))}
cases["vector"] = {"file": save("vector.npy", np.arange(5, dtype="<i8")), "tensor": torch.from_numpy(np.arange(5, dtype="<i8"))}
empty = np.zeros((0, 3), dtype="<f4")
cases["empty"] = {"file": save("empty.npy", empty), "tensor": torch.from_numpy(empty)}

# Header versions 2.0 and 3.0 (written explicitly; np.save picks 1.0 for small headers).
for version in [(2, 0), (3, 0)]:
    a = np.array([[1, 2], [3, 4]], dtype="<i2")
    name = f"version{version[0]}.npy"
    with open(path(name), "wb") as f:
        np.lib.format.write_array(f, a, version=version)
    cases[f"version{version[0]}"] = {"file": name, "tensor": torch.from_numpy(a)}

# The reference text's example: torch.from_numpy(np.array([[1, -1], [-1, 1]])) is int64 on Linux.
example = np.array([[1, -1], [-1, 1]])
cases["from_numpy_example"] = {"file": save("from_numpy_example.npy", example), "tensor": torch.from_numpy(example),
                               "numpy_dtype": str(example.dtype)}

# What cannot become a tensor.
obj = np.array([1, "a", None], dtype=object)
cases["object"] = {"file": save("object.npy", obj, allow_pickle=True),
                   "np_load": error_of(lambda: np.load(path("object.npy")))}
for dtype in ["<u2", "<u4", "<u8", "<U3", "<M8[D]"]:
    a = np.array(["ab", "c"], dtype=dtype) if dtype.startswith("<U") else \
        np.array(["2020-01-01", "2021-06-30"], dtype=dtype) if "M8" in dtype else np.array([1, 2], dtype=dtype)
    key = "unsupported_" + a.dtype.name.replace("[", "_").replace("]", "")
    cases[key] = {"file": save(f"{key}.npy", a), "descr": a.dtype.str,
                  "from_numpy": error_of(lambda: torch.from_numpy(a))}
structured = np.zeros(2, dtype=[("a", "<i4"), ("b", "<f8")])
cases["unsupported_structured"] = {"file": save("unsupported_structured.npy", structured),
                                   "from_numpy": error_of(lambda: torch.from_numpy(structured))}

# Damaged files: NumPy's own errors, recorded.
with open(path("float32.npy"), "rb") as f:
    good = f.read()
with open(path("truncated_data.npy"), "wb") as f:
    f.write(good[:-5])
with open(path("truncated_header.npy"), "wb") as f:
    f.write(good[:40])
with open(path("not_npy.npy"), "wb") as f:
    f.write(b"x,y\n1,2\n")
for key in ["truncated_data", "truncated_header", "not_npy"]:
    cases[key] = {"file": f"{key}.npy", "np_load": error_of(lambda: np.load(path(f"{key}.npy")))}

# .npz archives: named, positional and compressed.
x = np.array([[1.0, 2.0], [3.0, 4.0]], dtype="<f4")
y = np.array([7, 8, 9], dtype="<i8")
np.savez(path("named.npz"), x=x, y=y)
np.savez(path("positional.npz"), x, y)
np.savez_compressed(path("compressed.npz"), x=x, y=y)
for key in ["named", "positional", "compressed"]:
    with np.load(path(f"{key}.npz")) as z:
        cases[f"npz_{key}"] = {"file": f"{key}.npz", "keys": list(z.files),
                               "tensors": [torch.from_numpy(z[k]) for k in z.files],
                               "compressed": key == "compressed"}
with zipfile.ZipFile(path("npz_with_object.npz"), "w") as z:
    buffer = io.BytesIO()
    np.save(buffer, obj, allow_pickle=True)
    z.writestr("bad.npy", buffer.getvalue())
cases["npz_with_object"] = {"file": "npz_with_object.npz",
                            "np_load": error_of(lambda: np.load(path("npz_with_object.npz"))["bad"])}

write("npy", cases)
