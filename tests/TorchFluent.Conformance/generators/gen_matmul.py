"""Goldens for torch.matmul (TorchFluent's x.Matmul(y)): every rank combination, broadcast batches, gradients of a
batched case, and the calls PyTorch refuses ({"raises": type, "message": text}).

Separate from gen_tensors.py so that adding these cases leaves tensors.json untouched.
"""
import torch

from golden_io import write

torch.manual_seed(0)
cases = {}


def error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - record whatever PyTorch raises
        return {"raises": type(e).__name__, "message": str(e).split("\n")[0]}
    return {"raises": None}


def product(x, y):
    return {"x": x, "y": y, "z": torch.matmul(x, y), "at": x @ y}


# ---- Values, one case per rank combination ---------------------------------------------------------------------------
cases["dot_1d_1d"] = product(torch.randn(4), torch.randn(4))
cases["mv_2d_1d"] = product(torch.randn(3, 4), torch.randn(4))
cases["vm_1d_2d"] = product(torch.randn(4), torch.randn(4, 5))
cases["mm_2d_2d"] = product(torch.randn(3, 4), torch.randn(4, 5))
cases["bmm_3d_3d"] = product(torch.randn(2, 3, 4), torch.randn(2, 4, 5))
cases["broadcast_4d_3d"] = product(torch.randn(2, 1, 3, 4), torch.randn(5, 4, 2))
cases["folded_3d_2d"] = product(torch.randn(2, 3, 4), torch.randn(4, 5))
cases["batched_3d_1d"] = product(torch.randn(2, 3, 4), torch.randn(4))
cases["vector_1d_3d"] = product(torch.randn(4), torch.randn(2, 4, 5))
cases["matrix_2d_3d"] = product(torch.randn(3, 4), torch.randn(2, 4, 5))
cases["int64_2d_2d"] = product(torch.arange(6).reshape(2, 3), torch.arange(12).reshape(3, 4))

# ---- Gradients of a broadcast batched product ------------------------------------------------------------------------
x = torch.randn(2, 1, 3, 4, requires_grad=True)
y = torch.randn(5, 4, 2, requires_grad=True)
w = torch.randn(2, 5, 3, 2)
z = torch.matmul(x, y)
(z * w).sum().backward()
cases["broadcast_gradients"] = {"x": x, "y": y, "w": w, "z": z, "x_grad": x.grad, "y_grad": y.grad}

# ---- Refusals --------------------------------------------------------------------------------------------------------
cases["refusals"] = {
    "scalar_input": error_of(lambda: torch.matmul(torch.tensor(2.), torch.zeros(3))),
    "scalar_other": error_of(lambda: torch.matmul(torch.zeros(3), torch.tensor(2.))),
    "inner_1d_1d": error_of(lambda: torch.matmul(torch.zeros(3), torch.zeros(4))),
    "inner_2d_1d": error_of(lambda: torch.matmul(torch.zeros(2, 3), torch.zeros(4))),
    "inner_1d_2d": error_of(lambda: torch.matmul(torch.zeros(3), torch.zeros(4, 2))),
    "inner_2d_2d": error_of(lambda: torch.matmul(torch.zeros(2, 3), torch.zeros(4, 2))),
    "inner_4d_3d": error_of(lambda: torch.matmul(torch.zeros(2, 1, 3, 4), torch.zeros(5, 3, 2))),
    "batch_mismatch": error_of(lambda: torch.matmul(torch.zeros(2, 2, 3), torch.zeros(3, 3, 4))),
    "dtype_mismatch": error_of(lambda: torch.matmul(torch.zeros(2, 3), torch.zeros(3, 2, dtype=torch.float64))),
    "bool": error_of(lambda: torch.matmul(torch.ones(2, 3, dtype=torch.bool), torch.ones(3, 2, dtype=torch.bool))),
    "sparse_batched": error_of(lambda: torch.matmul(torch.ones(3, 2, 3).to_sparse(), torch.ones(3, 4))),
}

write("matmul", cases)
