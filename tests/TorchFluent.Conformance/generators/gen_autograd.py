"""Goldens for the reference text's "Gradient Calculation", "Leaf Tensor and Autograd" and "Notices" sections, with
SEED_ERRATA A.7-A.10: the gradient example and its matrix form, what a leaf really is, why the text's two-backward
example fails and its two working forms, integer requires_grad, and .grad after create_graph=True."""
import warnings

import torch

from golden_io import write

torch.manual_seed(0)
cases = {}
X = [[1., 0.], [-1., 1.]]


def error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - record whatever PyTorch raises
        return {"raises": type(e).__name__, "message": str(e).split("\n")[0]}
    return {"raises": None}


def leaf_x():
    return torch.tensor(X, requires_grad=True)


# Gradient Calculation: z = sum(x_ij^2), dz/dx_ij = 2 x_ij, so grad = 2x = [[2, 0], [-2, 2]] and z = 3.
x = leaf_x()
z = x.pow(2).sum()
z.backward()
cases["gradient_example"] = {"x": x, "z": z, "grad": x.grad, "two_x": 2 * x.detach(),
                             "graph": [type(z.grad_fn).__name__, type(z.grad_fn.next_functions[0][0]).__name__,
                                       type(z.grad_fn.next_functions[0][0].next_functions[0][0]).__name__]}

# Leaf tensors (A.8): every tensor that does not require grad is a leaf, results of operations and detach() too.
x = leaf_x()
y = x.pow(2)
c = torch.tensor([1., 2.]) * 2
d = y.detach()
y.sum().backward()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    y_grad_is_none = y.grad is None
cases["leaf"] = {"x_is_leaf": x.is_leaf, "x_requires_grad": x.requires_grad,
                 "y_is_leaf": y.is_leaf, "y_requires_grad": y.requires_grad,
                 "c_is_leaf": c.is_leaf, "c_requires_grad": c.requires_grad,
                 "d_is_leaf": d.is_leaf, "d_requires_grad": d.requires_grad,
                 "x_grad": x.grad, "y_grad_is_none": y_grad_is_none, "y_grad_warns": len(caught) > 0,
                 "c_grad_is_none": c.grad is None}

# retain_grad keeps a non-leaf's gradient.
x = leaf_x()
y = x.pow(2)
y.retain_grad()
y.sum().backward()
cases["retain_grad"] = {"y_grad": y.grad, "x_grad": x.grad, "y_is_leaf": y.is_leaf,
                        "on_leaf": error_of(lambda: leaf_x().retain_grad()),
                        "no_grad": error_of(lambda: torch.tensor([1., 2.]).retain_grad())}

# Notices 1 (A.9): z.backward() twice fails; retain_graph=True or recomputing z accumulates 4x.
x = leaf_x()
z = x.pow(2).sum()
z.backward()
cases["backward_twice_fails"] = {"error": error_of(lambda: z.backward()), "grad_after_first": x.grad}
x = leaf_x()
z = x.pow(2).sum()
z.backward(retain_graph=True)
z.backward()
cases["accumulate_retain_graph"] = {"grad": x.grad}
x = leaf_x()
for _ in range(2):
    z = x.pow(2).sum()
    z.backward()
cases["accumulate_recompute"] = {"grad": x.grad}
x = leaf_x()
z = x.sum()
z.backward()
z.backward()
cases["sum_backward_twice"] = {"grad": x.grad}

# "So, always clear gradients": zero in place, or set to None; the next backward starts from scratch.
x = leaf_x()
x.pow(2).sum().backward()
x.grad.zero_()
zeroed = x.grad.clone()
x.pow(2).sum().backward()
after_zero = x.grad.clone()
x.grad = None
none_after_clear = x.grad is None
x.pow(2).sum().backward()
cases["zero_grad"] = {"zeroed": zeroed, "after_zero": after_zero, "none_after_clear": none_after_clear,
                      "after_clear": x.grad}

# Notices 2: only floating / complex tensors can require gradients (the requires_grad_() form words it differently).
cases["int_requires_grad"] = {"tensor": error_of(lambda: torch.tensor([1, 2, 3], requires_grad=True)),
                              "method": error_of(lambda: torch.tensor([1, 2, 3]).requires_grad_()),
                              "complex_ok": torch.tensor([1j], requires_grad=True).requires_grad,
                              "half_ok": torch.tensor([1.], dtype=torch.float16, requires_grad=True).requires_grad}

# Notices 3 (A.10): .grad is not part of the graph... unless backward(create_graph=True).
x = leaf_x()
x.pow(3).sum().backward()
plain = {"requires_grad": x.grad.requires_grad, "has_grad_fn": x.grad.grad_fn is not None, "grad": x.grad}
x = leaf_x()
x.pow(3).sum().backward(create_graph=True)
created = {"requires_grad": x.grad.requires_grad, "has_grad_fn": x.grad.grad_fn is not None, "grad": x.grad}
cases["grad_not_in_graph"] = {"plain": plain, "create_graph": created}

# Backward preconditions.
x = leaf_x()
y = x * 2
cases["backward_non_scalar"] = {"error": error_of(lambda: (leaf_x() * 2).backward())}
y.backward(torch.ones_like(y))
cases["backward_with_gradient"] = {"grad": x.grad}
cases["backward_no_graph"] = {"error": error_of(lambda: torch.zeros(1).sum().backward())}
cases["requires_grad_off_non_leaf"] = {"error": error_of(lambda: setattr(leaf_x() * 2, "requires_grad", False))}

# Grad-mode scopes.
x = leaf_x()
with torch.no_grad():
    inside = torch.is_grad_enabled()
    y = x * 2
    with torch.enable_grad():
        w = x * 2
after = torch.is_grad_enabled()
with torch.set_grad_enabled(False):
    s = x * 2
with torch.inference_mode():
    inference_inside = torch.is_inference_mode_enabled()
    i = x * 2
cases["scopes"] = {"no_grad_enabled": inside, "no_grad_result_requires_grad": y.requires_grad,
                   "no_grad_result_is_leaf": y.is_leaf, "enable_grad_result_requires_grad": w.requires_grad,
                   "enabled_after": after, "set_grad_enabled_false": s.requires_grad,
                   "inference_enabled": inference_inside, "inference_result_requires_grad": i.requires_grad,
                   "inference_tensor_in_autograd": error_of(lambda: (leaf_x() * i).sum().backward())}

write("autograd", cases)
