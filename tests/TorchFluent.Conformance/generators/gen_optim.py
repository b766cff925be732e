"""Goldens for optimizers: the reference text's SGD ("Training and Testing") and its "Optimizers" heading.

The objective is fixed and non-quadratic so that gradients change from step to step:
    loss(w) = sum(c * (w - t)**2) + 0.1 * sum(w**3)
Each case records the parameters (and the optimizer state PyTorch keeps) after every step.
"""
import torch
import torch.nn as nn

from golden_io import write

torch.manual_seed(0)
cases = {}

W0 = torch.tensor([0.5, -1.5, 2.0, 0.25])
C = torch.tensor([1.0, 0.5, 2.0, 3.0])
T = torch.tensor([1.0, 1.0, -1.0, 0.0])
STEPS = 4


def objective(w):
    return (C * (w - T) ** 2).sum() + 0.1 * (w ** 3).sum()


def trajectory(make, state_keys=(), steps=STEPS):
    w = W0.clone().requires_grad_(True)
    opt = make([w])
    out = {"w0": W0, "c": C, "t": T, "w": [], "loss": []}
    for k in state_keys:
        out[k] = []
    for _ in range(steps):
        opt.zero_grad()
        loss = objective(w)
        loss.backward()
        opt.step()
        out["loss"].append(loss.item())
        out["w"].append(w.detach().clone())
        for k in state_keys:
            out[k].append(opt.state[w][k].clone())
    return out


# Reference text / SEED_ERRATA C: SGD with momentum 0.9, lr 0.1 on loss = sum(w**2), w = [1, 2].
w = torch.tensor([1.0, 2.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
(w ** 2).sum().backward()
opt.step()
w1, buf1 = w.detach().clone(), opt.state[w]["momentum_buffer"].clone()
opt.zero_grad()
(w ** 2).sum().backward()
opt.step()
cases["sgd_momentum_text"] = {"w0": torch.tensor([1.0, 2.0]), "w1": w1, "buf1": buf1, "w2": w.detach().clone(),
                              "grad_after_zero_grad": None}
opt.zero_grad()
cases["sgd_momentum_text"]["grad_after_zero_grad"] = w.grad  # 1.13 zero-fills

cases["sgd"] = trajectory(lambda p: torch.optim.SGD(p, lr=0.1))
cases["sgd_momentum"] = trajectory(lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9), ["momentum_buffer"])
cases["sgd_dampening"] = trajectory(lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.8, dampening=0.3))
cases["sgd_nesterov_weight_decay"] = trajectory(lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01))
cases["adam"] = trajectory(lambda p: torch.optim.Adam(p, lr=0.01), ["exp_avg", "exp_avg_sq"])
cases["adam_options"] = trajectory(lambda p: torch.optim.Adam(p, lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1))
cases["adam_amsgrad"] = trajectory(lambda p: torch.optim.Adam(p, lr=0.01, amsgrad=True), ["max_exp_avg_sq"])
cases["adamw"] = trajectory(lambda p: torch.optim.AdamW(p, lr=0.01), ["exp_avg", "exp_avg_sq"])
cases["adamw_weight_decay"] = trajectory(lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.5))
cases["rmsprop"] = trajectory(lambda p: torch.optim.RMSprop(p, lr=0.01), ["square_avg"])
cases["rmsprop_momentum_centered"] = trajectory(lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.05))
cases["adagrad"] = trajectory(lambda p: torch.optim.Adagrad(p, lr=0.1), ["sum"])
cases["adagrad_options"] = trajectory(lambda p: torch.optim.Adagrad(p, lr=0.1, lr_decay=0.05, weight_decay=0.1, initial_accumulator_value=0.2, eps=1e-8))

# Adam's first step moves every weight by about lr * sign(g).
w = W0.clone().requires_grad_(True)
opt = torch.optim.Adam([w], lr=0.01)
objective(w).backward()
g = w.grad.clone()
opt.step()
cases["adam_first_step"] = {"grad": g, "delta": w.detach() - W0, "exp_avg": opt.state[w]["exp_avg"], "exp_avg_sq": opt.state[w]["exp_avg_sq"], "step": float(opt.state[w]["step"])}

# Defaults PyTorch 1.13 uses, so the C# factories can be checked against them.
p = [nn.Parameter(torch.zeros(1))]
cases["defaults"] = {
    "adam": {k: v for k, v in torch.optim.Adam(p).defaults.items() if isinstance(v, (int, float, tuple))},
    "adamw": {k: v for k, v in torch.optim.AdamW(p).defaults.items() if isinstance(v, (int, float, tuple))},
    "rmsprop": {k: v for k, v in torch.optim.RMSprop(p).defaults.items() if isinstance(v, (int, float, tuple))},
    "adagrad": {k: v for k, v in torch.optim.Adagrad(p).defaults.items() if isinstance(v, (int, float, tuple))},
    "sgd": {k: v for k, v in torch.optim.SGD(p, lr=0.1).defaults.items() if isinstance(v, (int, float, tuple))},
}

# Parameter groups with their own lr (and weight decay): two tensors, one step of SGD with momentum.
a = torch.tensor([1.0, -2.0], requires_grad=True)
b = torch.tensor([0.5, 3.0], requires_grad=True)
opt = torch.optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.01, "weight_decay": 0.1}], lr=0.1, momentum=0.9)
for _ in range(2):
    opt.zero_grad()
    (objective(torch.cat([a, b]))).backward()
    opt.step()
cases["param_groups_sgd"] = {"a0": torch.tensor([1.0, -2.0]), "b0": torch.tensor([0.5, 3.0]), "a": a.detach(), "b": b.detach(),
                             "lrs": [g["lr"] for g in opt.param_groups], "weight_decays": [g["weight_decay"] for g in opt.param_groups]}
a = torch.tensor([1.0, -2.0], requires_grad=True)
b = torch.tensor([0.5, 3.0], requires_grad=True)
opt = torch.optim.Adam([{"params": [a], "lr": 0.05}, {"params": [b]}], lr=0.01)
for _ in range(2):
    opt.zero_grad()
    (objective(torch.cat([a, b]))).backward()
    opt.step()
cases["param_groups_adam"] = {"a0": torch.tensor([1.0, -2.0]), "b0": torch.tensor([0.5, 3.0]), "a": a.detach(), "b": b.detach(),
                              "lrs": [g["lr"] for g in opt.param_groups]}

# The reference text's training procedure on its MLP (10-32-1, Sigmoid), MSE, batch of 16, fixed weights and data.


def fixed(*shape, scale=1.0):
    n = 1
    for s in shape:
        n *= s
    return ((torch.arange(n, dtype=torch.float64) * 0.7311 % 1.0 - 0.5) * scale).reshape(shape).to(torch.float32)


def mlp_run(make_opt, steps=5):
    model = nn.Sequential(nn.Linear(10, 32), nn.Sigmoid(), nn.Linear(32, 1))
    with torch.no_grad():
        for i, (_, p) in enumerate(model.named_parameters()):
            p.copy_(fixed(*p.shape, scale=1.0 + 0.1 * i))
    weights = {n: p.detach().clone() for n, p in model.named_parameters()}
    x = fixed(16, 10, scale=4)
    y = (x.sum(1, keepdim=True) * 0.3).sin()
    criterion = nn.MSELoss()
    opt = make_opt(model.parameters())
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return {"weights": weights, "x": x, "y": y, "losses": losses,
            "final": {n: p.detach().clone() for n, p in model.named_parameters()}}


cases["mlp_sgd"] = mlp_run(lambda p: torch.optim.SGD(p, 0.1))
cases["mlp_adam"] = mlp_run(lambda p: torch.optim.Adam(p, lr=0.01))

write("optim", cases)
