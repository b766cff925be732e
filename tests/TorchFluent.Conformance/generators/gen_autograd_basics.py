"""Goldens for the reference text's gradient example (section "Gradient Calculation")."""
import torch

from golden_io import write

torch.manual_seed(0)
cases = {}

x = torch.tensor([[1., 0.], [-1., 1.]], requires_grad=True)
z = x.pow(2).sum()
z.backward()
cases["gradient_example"] = {"x": x, "z": z, "grad": x.grad}

write("autograd_basics", cases)
