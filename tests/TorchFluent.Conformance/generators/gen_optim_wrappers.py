"""Goldens for the reference text's "Optimizer Wrappers" heading: gradient clipping, gradient accumulation,
AveragedModel (SWA and EMA, with the BatchNorm statistics update) and Lookahead.

PyTorch 1.13 has no Lookahead; its case is computed by the reference algorithm of Zhang et al. 2019 ("Lookahead
Optimizer: k steps forward, 1 step back", Algorithm 1: slow weights start at the initial weights; after every k
inner steps slow += alpha * (fast - slow) and fast = slow), written out below.
"""
import torch
import torch.nn as nn
from torch.optim.swa_utils import AveragedModel, update_bn

from golden_io import write

torch.manual_seed(0)
cases = {}


def fixed(*shape, scale=1.0, offset=0.0):
    n = 1
    for s in shape:
        n *= s
    return ((torch.arange(n, dtype=torch.float64) * 0.7311 % 1.0 - 0.5) * scale + offset).reshape(shape).to(torch.float32)


# clip_grad_norm_: [3, 4] clipped to norm 1 becomes about [0.6, 0.8]; the total norm 5 is returned.
p = torch.zeros(2, requires_grad=True)
p.grad = torch.tensor([3.0, 4.0])
total = torch.nn.utils.clip_grad_norm_([p], max_norm=1.0)
cases["clip_norm_text"] = {"grad": p.grad, "total_norm": total}

a = torch.zeros(2, 2, requires_grad=True)
b = torch.zeros(3, requires_grad=True)
a.grad = fixed(2, 2, scale=6)
b.grad = fixed(3, scale=4, offset=1)
grads_before = [a.grad.clone(), b.grad.clone()]
total = torch.nn.utils.clip_grad_norm_([a, b], max_norm=2.0)
cases["clip_norm_two_tensors"] = {"grads_before": grads_before, "grads": [a.grad, b.grad], "total_norm": total}
a.grad = grads_before[0].clone()
b.grad = grads_before[1].clone()
total = torch.nn.utils.clip_grad_norm_([a, b], max_norm=1.5, norm_type=float("inf"))
cases["clip_norm_inf"] = {"grads": [a.grad, b.grad], "total_norm": total}
a.grad = grads_before[0].clone()
b.grad = grads_before[1].clone()
total = torch.nn.utils.clip_grad_norm_([a, b], max_norm=100.0)
cases["clip_norm_not_needed"] = {"grads": [a.grad, b.grad], "total_norm": total}
a.grad = grads_before[0].clone()
b.grad = grads_before[1].clone()
torch.nn.utils.clip_grad_value_([a, b], clip_value=1.0)
cases["clip_value"] = {"grads": [a.grad, b.grad]}

# Clip by norm, then an SGD step: what an optimizer wrapper that clips before each step must do.
w = torch.tensor([1.0, 2.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
(w ** 2).sum().mul(3).backward()
torch.nn.utils.clip_grad_norm_([w], 1.0)
opt.step()
cases["clip_then_sgd"] = {"w0": torch.tensor([1.0, 2.0]), "w": w.detach()}

# Gradient accumulation: two half-batches with loss/2 give the full-batch gradient (and the same SGD step).
model = nn.Linear(3, 1)
with torch.no_grad():
    model.weight.copy_(torch.tensor([[0.5, -0.25, 1.0]]))
    model.bias.fill_(0.1)
x = fixed(4, 3, scale=4)
y = fixed(4, 1, scale=2).flip(0)
criterion = nn.MSELoss()
model.zero_grad()
criterion(model(x), y).backward()
full = [model.weight.grad.clone(), model.bias.grad.clone()]
model.zero_grad()
for half in (slice(0, 2), slice(2, 4)):
    (criterion(model(x[half]), y[half]) / 2).backward()
accumulated = [model.weight.grad.clone(), model.bias.grad.clone()]
opt = torch.optim.SGD(model.parameters(), lr=0.1)
opt.step()
cases["accumulation"] = {"x": x, "y": y, "weight0": torch.tensor([[0.5, -0.25, 1.0]]), "bias0": torch.tensor([0.1]),
                         "full_grads": full, "accumulated_grads": accumulated,
                         "weight": model.weight.detach(), "bias": model.bias.detach()}

# AveragedModel: the first update copies, so SWA of 2 and 4 is 3, and EMA(0.9) of 2 and 4 is 2.2.
src = nn.Linear(1, 1, bias=False)
swa = AveragedModel(src)
ema = AveragedModel(src, avg_fn=lambda avg, p, n: 0.9 * avg + 0.1 * p)
values = []
for v in (2.0, 4.0):
    with torch.no_grad():
        src.weight.fill_(v)
    swa.update_parameters(src)
    ema.update_parameters(src)
    values.append({"swa": swa.module.weight.item(), "ema": ema.module.weight.item()})
with torch.no_grad():
    src.weight.fill_(9.0)
swa.update_parameters(src)
cases["averaged_text"] = {"after": values, "swa_after_third_9": swa.module.weight.item(),
                          "n_averaged": swa.n_averaged.item()}

net = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 1))
avg = AveragedModel(net)
cases["averaged_state_dict_keys"] = {"keys": list(avg.state_dict().keys()),
                                     "parameter_names": [n for n, _ in avg.named_parameters()],
                                     "buffer_names": [n for n, _ in avg.named_buffers()]}

# SWA over a short training run, then update_bn over fixed batches: the running statistics PyTorch computes.
net = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 1))
with torch.no_grad():
    for i, (_, q) in enumerate(net.named_parameters()):
        q.copy_(fixed(*q.shape, scale=1.0 + 0.2 * i))
weights0 = {n: q.detach().clone() for n, q in net.named_parameters()}
swa = AveragedModel(net)
ema = AveragedModel(net, avg_fn=lambda avg, q, n: 0.8 * avg + 0.2 * q)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
xs = fixed(6, 3, scale=3)
ys = fixed(6, 1, scale=2).flip(0)
for i in range(3):
    batch = slice(2 * i, 2 * i + 2)
    opt.zero_grad()
    nn.MSELoss()(net(xs[batch]), ys[batch]).backward()
    opt.step()
    swa.update_parameters(net)
    ema.update_parameters(net)
batches = [fixed(4, 3, scale=2, offset=0.5), fixed(2, 3, scale=3, offset=-0.25)]
update_bn(batches, swa)
swa.eval()
cases["swa_update_bn"] = {
    "weights0": weights0, "x": xs, "y": ys, "batches": batches,
    "swa_parameters": {n: q.detach().clone() for n, q in swa.module.named_parameters()},
    "ema_parameters": {n: q.detach().clone() for n, q in ema.module.named_parameters()},
    "running_mean": swa.module[1].running_mean, "running_var": swa.module[1].running_var,
    "num_batches_tracked": swa.module[1].num_batches_tracked,
    "momentum_after": swa.module[1].momentum,
    "output": swa(xs),
    "n_averaged": swa.n_averaged.item(),
}

# use_buffers=True averages the buffers too (and update_bn is not needed).
net2 = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4))
with torch.no_grad():
    for i, (_, q) in enumerate(net2.named_parameters()):
        q.copy_(fixed(*q.shape, scale=1.0 + 0.2 * i))
weights0_buf = {n: q.detach().clone() for n, q in net2.named_parameters()}
avg_buf = AveragedModel(net2, use_buffers=True)
net2.train()
for i in range(2):
    net2(fixed(4, 3, scale=2 + i))
    avg_buf.update_parameters(net2)
cases["averaged_use_buffers"] = {
    "inputs": [fixed(4, 3, scale=2), fixed(4, 3, scale=3)],
    "weights0": weights0_buf,
    "running_mean": avg_buf.module[1].running_mean, "running_var": avg_buf.module[1].running_var,
    "num_batches_tracked": avg_buf.module[1].num_batches_tracked,
}


# Lookahead (reference algorithm, see the module docstring) around SGD with momentum on a fixed objective.
W0 = torch.tensor([0.5, -1.5, 2.0, 0.25])
C = torch.tensor([1.0, 0.5, 2.0, 3.0])
T = torch.tensor([1.0, 1.0, -1.0, 0.0])


def objective(w):
    return (C * (w - T) ** 2).sum() + 0.1 * (w ** 3).sum()


def lookahead(k, alpha, steps, make):
    fast = W0.clone().requires_grad_(True)
    inner = make([fast])
    slow = fast.detach().clone()
    ws = []
    for step in range(1, steps + 1):
        inner.zero_grad()
        objective(fast).backward()
        inner.step()
        if step % k == 0:
            with torch.no_grad():
                slow.add_(fast - slow, alpha=alpha)
                fast.copy_(slow)
        ws.append(fast.detach().clone())
    return {"w0": W0, "c": C, "t": T, "k": k, "alpha": alpha, "w": ws}


cases["lookahead_sgd"] = lookahead(3, 0.5, 7, lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9))
cases["lookahead_adam"] = lookahead(2, 0.8, 5, lambda p: torch.optim.Adam(p, lr=0.1))

write("optim_wrappers", cases)
