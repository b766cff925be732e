"""Goldens for the reference text's "Data Type" table and "Casting" section (SEED_ERRATA A.5 and A.6)."""
import torch
import torch.nn as nn

from golden_io import write

torch.manual_seed(0)
cases = {}


def error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - record whatever PyTorch raises
        return {"raises": type(e).__name__, "message": str(e).split("\n")[0]}
    return {"raises": None}


TABLE = [torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.uint8, torch.int8, torch.int16,
         torch.int32, torch.int64, torch.bool, torch.complex64, torch.complex128]
rows = []
for dtype in TABLE:
    t = torch.zeros(1, dtype=dtype)
    rows.append({"name": str(dtype).replace("torch.", ""), "str": str(dtype), "bits": t.element_size() * 8,
                 "is_floating_point": dtype.is_floating_point, "is_complex": dtype.is_complex,
                 "is_signed": dtype.is_signed, "type": t.type()})
cases["table"] = {"rows": rows, "default": torch.get_default_dtype()}

# Casting with .to(): t = torch.randn(3, 4); t.to(torch.float64); t.to(torch.int32) (truncates toward zero).
t = torch.randn(3, 4)
cases["to"] = {"t": t, "double": t.to(torch.float64), "int": t.to(torch.int32),
               "same_is_self": t.to(torch.float32) is t, "bfloat16": t.to(torch.bfloat16)}

# The shortcut table. x.long() on ones(2, 2): the text's "float32 x = x.long()" means float32 -> int64.
x = torch.ones(2, 2)
cases["long_example"] = {"x": x, "long": x.long()}
v = torch.tensor([[-1.5, 0.0], [0.7, 2.5]])
cases["shortcuts"] = {"x": v, "float": v.float(), "double": v.double(), "half": v.half(), "bfloat16": v.bfloat16(),
                      "int": v.int(), "long": v.long(), "bool": v.bool(), "float_is_self": v.float() is v}
u = torch.tensor([0.0, 1.9, 200.5, 255.0])
cases["byte"] = {"x": u, "byte": u.byte()}
ints = torch.tensor([0, 3, -2])
cases["int_to_float"] = {"x": ints, "float": ints.float(), "bool": ints.bool(), "half": ints.half()}

# Modules: float()/double()/half()/bfloat16() and to(dtype) cast floating-point parameters in place and return the
# module itself (snapshots are cloned: the casts replace the parameters' data in place); nn.Module has no long()/int()/byte()/bool(), and to() refuses non-floating dtypes.
lin = nn.Linear(2, 3)
weight = lin.weight.detach().clone()
bias = lin.bias.detach().clone()
returned = lin.double()
cases["module_double"] = {"weight": weight, "bias": bias, "returns_self": returned is lin,
                          "weight_after": lin.weight.detach().clone(), "bias_after": lin.bias.detach().clone()}
lin.half()
cases["module_half"] = {"weight_after": lin.weight.detach().clone()}
lin.bfloat16()
cases["module_bfloat16"] = {"weight_after": lin.weight.detach().clone()}
lin.float()
cases["module_float"] = {"weight_after": lin.weight.detach().clone()}
cases["module_to_int"] = {"error": error_of(lambda: nn.Linear(2, 2).to(torch.int64)),
                          "has_long": hasattr(nn.Linear(2, 2), "long"), "has_int": hasattr(nn.Linear(2, 2), "int"),
                          "has_byte": hasattr(nn.Linear(2, 2), "byte"), "has_bool": hasattr(nn.Linear(2, 2), "bool")}
bn = nn.BatchNorm1d(2)
bn.double()
cases["module_integer_buffer"] = {"running_mean": bn.running_mean.dtype, "num_batches_tracked": bn.num_batches_tracked.dtype}

write("dtypes", cases)
