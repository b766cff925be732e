"""Goldens for the reference text's "Tensor" and "Tensor Operations" sections (with SEED_ERRATA's corrections).

Each case holds the inputs the C# test rebuilds, the outputs real PyTorch gives, and for mistakes the exception
PyTorch raises ({"raises": type, "message": text}), so the C# tests can check that TorchFluent refuses the same calls.
"""
import numpy as np
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


def arange(*shape, dtype=torch.float32):
    n = 1
    for s in shape:
        n *= s
    return torch.arange(n, dtype=dtype).reshape(*shape)


# ---- Create tensor -------------------------------------------------------------------------------------------------
x = torch.tensor([[1, -1], [-1, 1]])
cases["create_from_data"] = {"x": x, "shape": x.shape, "size_repr": repr(x.shape)}
x = torch.from_numpy(np.array([[1, -1], [-1, 1]]))
cases["create_from_numpy"] = {"x": x}
cases["create_integer_mean_fails"] = error_of(lambda: torch.tensor([[1, -1], [-1, 1]]).mean())
cases["create_float_data"] = {"x": torch.tensor([[1., -1.], [-1., 1.]])}
cases["create_from_doubles_rounds_to_float32"] = {"x": torch.tensor([0.1, 0.2, 1 / 3])}
cases["create_with_dtype"] = {"x": torch.tensor([1, 2], dtype=torch.float32),
                              "y": torch.tensor([1.7, -2.7], dtype=torch.int32)}
cases["create_bool"] = {"x": torch.tensor([True, False, True])}
cases["create_complex"] = {"x": torch.tensor([1 + 2j, -0.5j])}
cases["create_3d"] = {"x": torch.tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])}
cases["create_scalar"] = {"x": torch.tensor(3.5)}
cases["create_empty"] = {"x": torch.tensor([]), "rows": torch.tensor([[], []])}
cases["create_ragged_fails"] = error_of(lambda: torch.tensor([[1, 2], [3]]))
cases["create_int_requires_grad_fails"] = error_of(lambda: torch.tensor([1, 2, 3], requires_grad=True))
torch.set_default_dtype(torch.float64)
cases["create_default_float64"] = {"x": torch.tensor([1.5, 2.5]), "c": torch.tensor([1j]), "zeros": torch.zeros([2])}
torch.set_default_dtype(torch.float32)

cases["zeros_2x2"] = {"x": torch.zeros([2, 2])}
cases["ones_1x2x5"] = {"x": torch.ones([1, 2, 5])}
cases["zeros_int64"] = {"x": torch.zeros([2, 3], dtype=torch.int64)}
cases["zeros_scalar"] = {"x": torch.zeros([])}
cases["zeros_negative_fails"] = error_of(lambda: torch.zeros([-1, 2]))

# ---- torch.Size ------------------------------------------------------------------------------------------------------
s = torch.zeros([2, 3]).shape
cases["size"] = {"repr": repr(s), "len": len(s), "last": s[-1], "numel": s.numel(), "equals_tuple": s == (2, 3),
                 "equals_list": s == [2, 3], "scalar_repr": repr(torch.zeros([]).shape),
                 "slice_repr": repr(torch.zeros([2, 3, 4]).shape[1:])}

# ---- Basic arithmetic ------------------------------------------------------------------------------------------------
x = torch.tensor([[1., 2.], [3., 4.]])
y = torch.tensor([[10., 20.], [30., 40.]])
cases["arithmetic"] = {"x": x, "y": y, "add": x + y, "sub": x - y, "sum": x.sum(), "mean": x.mean(), "pow": x.pow(2)}
xi = torch.tensor([[1, 2], [3, 4]])
cases["arithmetic_int"] = {"x": xi, "add": xi + xi, "sub": xi - 1, "sum": xi.sum(), "pow": xi.pow(2),
                           "pow_half": xi.pow(0.5), "add_float": xi + 2.5,
                           "mean": error_of(lambda: xi.mean()), "mean_dim": error_of(lambda: xi.mean(0)),
                           "negative_pow": error_of(lambda: xi.pow(-1))}
cases["sum_bool"] = {"x": torch.tensor([True, False, True]), "sum": torch.tensor([True, False, True]).sum()}
a = arange(2, 3)
cases["sum_dims"] = {"x": a, "sum0": a.sum(0), "sum1_keep": a.sum(dim=1, keepdim=True), "sum01": a.sum((0, 1)),
                     "sum_neg": a.sum(-1), "mean0": a.mean(0), "mean_keep": a.mean(1, keepdim=True),
                     "mean01": a.mean((0, 1)),
                     "sum_dim_out_of_range": error_of(lambda: a.sum(2)),
                     "sum_repeated": error_of(lambda: a.sum((0, 0)))}
b = torch.tensor([100., 200., 300.])
cases["broadcast"] = {"x": a, "y": b, "add": a + b, "sub": a - b, "pow": a.pow(torch.tensor([1., 2., 0.5])),
                      "mismatch": error_of(lambda: a + torch.zeros(4)),
                      "mismatch_sub": error_of(lambda: a - torch.zeros(2))}

# ---- Transpose / Squeeze / Unsqueeze ---------------------------------------------------------------------------------
x = torch.zeros([2, 3])
cases["transpose_example"] = {"before": x.shape, "after": x.transpose(0, 1).shape}
a = arange(2, 3)
cases["transpose_values"] = {"x": a, "t": a.transpose(0, 1), "t_neg": a.transpose(-1, -2),
                             "out_of_range": error_of(lambda: a.transpose(0, 2))}
x = torch.zeros([1, 2, 3])
cases["squeeze_example"] = {"before": x.shape, "after": x.squeeze(0).shape, "not_one": x.squeeze(1).shape,
                            "all": torch.zeros([1, 2, 1, 3]).squeeze().shape,
                            "out_of_range": error_of(lambda: x.squeeze(3))}
x = torch.zeros([2, 3])
cases["unsqueeze_example"] = {"before": x.shape, "after": x.unsqueeze(1).shape, "last": x.unsqueeze(-1).shape,
                              "end": x.unsqueeze(2).shape, "out_of_range": error_of(lambda: x.unsqueeze(3))}
s = torch.tensor(1.)
cases["scalar_dims"] = {"transpose": s.transpose(0, 0).shape, "squeeze": s.squeeze(0).shape,
                        "unsqueeze": s.unsqueeze(0).shape, "sum0": s.sum(0).shape,
                        "transpose_out": error_of(lambda: s.transpose(0, 1))}

# ---- Cat / Stack -----------------------------------------------------------------------------------------------------
x, y, z = torch.zeros([2, 1, 3]), torch.zeros([2, 3, 3]), torch.zeros([2, 2, 3])
cases["cat_example"] = {"shape": torch.cat([x, y, z], dim=1).shape,
                        "mismatch": error_of(lambda: torch.cat([x, y, z], dim=0)),
                        "rank_mismatch": error_of(lambda: torch.cat([x, torch.zeros([2, 3])], dim=1)),
                        "dim_out_of_range": error_of(lambda: torch.cat([x, y], dim=3)),
                        "scalar": error_of(lambda: torch.cat([torch.tensor(1.), torch.tensor(2.)])),
                        "empty_list": error_of(lambda: torch.cat([]))}
p, q = arange(2, 2), arange(2, 1) + 10
cases["cat_values"] = {"p": p, "q": q, "cat1": torch.cat([p, q], dim=1), "cat_neg": torch.cat([p, q], dim=-1),
                       "cat0": torch.cat([p, p], dim=0),
                       "legacy_empty": torch.cat([torch.zeros(0), p]),
                       "mixed_dtypes": torch.cat([p, torch.tensor([[1, 2]])], dim=0)}
single = arange(2, 2)
cat_single = torch.cat([single])
cases["cat_single_copies"] = {"x": single, "cat": cat_single,
                              "shares_memory": cat_single.data_ptr() == single.data_ptr()}
x, y = torch.zeros([2, 3]), torch.zeros([2, 3])
cases["stack_example"] = {"dim0": torch.stack([x, y], dim=0).shape, "dim1": torch.stack([x, y], dim=1).shape,
                          "dim2": torch.stack([x, y], dim=2).shape, "dim_neg": torch.stack([x, y], dim=-1).shape,
                          "out_of_range": error_of(lambda: torch.stack([x, y], dim=3)),
                          "mismatch": error_of(lambda: torch.stack([x, torch.zeros([3, 2])]))}
p, q = arange(2, 3), arange(2, 3) + 100
cases["stack_values"] = {"p": p, "q": q, "dim0": torch.stack([p, q]), "dim2": torch.stack([p, q], dim=2)}

# ---- Permute / Bmm ---------------------------------------------------------------------------------------------------
x = torch.zeros([3, 5, 7])
cases["permute_example"] = {"shape": x.permute(1, 2, 0).shape,
                            "wrong_count": error_of(lambda: x.permute(1, 0)),
                            "repeated": error_of(lambda: x.permute(0, 0, 1)),
                            "out_of_range": error_of(lambda: x.permute(0, 1, 3))}
a = arange(2, 3, 4)
cases["permute_values"] = {"x": a, "p": a.permute(2, 0, 1), "p_neg": a.permute(-1, 0, 1)}
x, y = torch.zeros([10, 8, 6]), torch.zeros([10, 6, 9])
cases["bmm_example"] = {"shape": torch.bmm(x, y).shape,
                        "batch_mismatch": error_of(lambda: torch.bmm(x, torch.zeros([9, 6, 9]))),
                        "inner_mismatch": error_of(lambda: torch.bmm(x, torch.zeros([10, 7, 9]))),
                        "not_3d": error_of(lambda: torch.bmm(torch.zeros([8, 6]), torch.zeros([6, 9]))),
                        "dtype_mismatch": error_of(lambda: torch.bmm(x, y.double()))}
x, y = torch.randn(3, 2, 4), torch.randn(3, 4, 5)
cases["bmm_values"] = {"x": x, "y": y, "z": torch.bmm(x, y)}

write("tensors", cases)
