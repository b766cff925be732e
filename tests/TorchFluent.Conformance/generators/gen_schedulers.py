"""Goldens for learning-rate schedulers: the reference text's "LambdaLR" heading and the schedulers of issue 5.

Each case steps the optimizer, then the scheduler, and records the lr in effect *before* each optimizer step
(what that step used), per parameter group, plus last_epoch at the end.
"""
import math
import warnings

import torch
from torch.optim import lr_scheduler as S

from golden_io import write

cases = {}


def optimizer(kind="sgd", lrs=(0.1,), momentum=0.9):
    groups = [{"params": [torch.zeros(1, requires_grad=True)], "lr": lr} for lr in lrs]
    if kind == "adam":
        return torch.optim.Adam(groups, lr=lrs[0])
    return torch.optim.SGD(groups, lr=lrs[0], momentum=momentum)


def run(make_sched, epochs, kind="sgd", lrs=(0.1,), momentum=0.9):
    opt = optimizer(kind, lrs, momentum)
    sched = make_sched(opt)
    used = []
    moms = []
    for _ in range(epochs):
        used.append([g["lr"] for g in opt.param_groups])
        if kind == "adam":
            moms.append([g["betas"][0] for g in opt.param_groups])
        else:
            moms.append([g["momentum"] for g in opt.param_groups])
        opt.step()
        sched.step()
    return {"lrs": used, "momentums": moms, "last_epoch": sched.last_epoch,
            "last_lr": sched.get_last_lr(), "final_lrs": [g["lr"] for g in opt.param_groups]}


# SEED_ERRATA C, LambdaLR: 0.95**epoch from 0.1 gives 0.1, 0.095, 0.09025, 0.0857375, 0.081450625; last_epoch 5.
cases["lambda_text"] = run(lambda o: S.LambdaLR(o, lambda epoch: 0.95 ** epoch), 5)
# lambda(0) is applied at construction.
opt = optimizer()
S.LambdaLR(opt, lambda e: 1 / (e + 2))
cases["lambda_applied_at_construction"] = {"lr": opt.param_groups[0]["lr"]}
cases["lambda_per_group"] = run(lambda o: S.LambdaLR(o, [lambda e: 0.5 ** e, lambda e: 1.0 + e]), 4, lrs=(0.1, 0.01))
cases["multiplicative"] = run(lambda o: S.MultiplicativeLR(o, lambda e: 0.95), 5)
cases["step"] = run(lambda o: S.StepLR(o, step_size=3, gamma=0.5), 10)
cases["step_default_gamma"] = run(lambda o: S.StepLR(o, step_size=2), 6)
cases["multistep"] = run(lambda o: S.MultiStepLR(o, milestones=[2, 5, 5, 8], gamma=0.5), 10)
cases["exponential"] = run(lambda o: S.ExponentialLR(o, gamma=0.9), 6)
cases["cosine"] = run(lambda o: S.CosineAnnealingLR(o, T_max=5, eta_min=0.001), 16)
cases["cosine_two_groups"] = run(lambda o: S.CosineAnnealingLR(o, T_max=4), 6, lrs=(0.1, 0.5))
cases["linear_warmup"] = run(lambda o: S.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=4), 8)
cases["linear_defaults"] = run(lambda o: S.LinearLR(o), 7)
cases["onecycle"] = run(lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=10), 10)
cases["onecycle_linear_three_phase"] = run(lambda o: S.OneCycleLR(o, max_lr=0.2, total_steps=12, anneal_strategy="linear", three_phase=True, pct_start=0.25), 12)
cases["onecycle_two_groups"] = run(lambda o: S.OneCycleLR(o, max_lr=[0.1, 0.01], total_steps=8, div_factor=10, final_div_factor=100, base_momentum=0.8, max_momentum=0.9), 8, lrs=(0.1, 0.01))
cases["onecycle_adam_betas"] = run(lambda o: S.OneCycleLR(o, max_lr=0.05, epochs=2, steps_per_epoch=3), 6, kind="adam", lrs=(0.001,))
cases["onecycle_no_momentum_cycle"] = run(lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=6, cycle_momentum=False), 6)
# All total_steps steps can be taken; the last scheduler.step() lands on step total_steps.
opt = optimizer()
sched = S.OneCycleLR(opt, max_lr=0.1, total_steps=4)
for _ in range(4):
    opt.step()
    sched.step()
cases["onecycle_last_step"] = {"lr": opt.param_groups[0]["lr"], "last_epoch": sched.last_epoch}
try:
    opt.step()
    sched.step()
    cases["onecycle_too_many_steps"] = {"error": ""}
except ValueError as e:
    cases["onecycle_too_many_steps"] = {"error": str(e)}


def sequential(o):
    warm = S.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=3)
    cos = S.CosineAnnealingLR(o, T_max=5, eta_min=0.0)
    return S.SequentialLR(o, schedulers=[warm, cos], milestones=[3])


cases["sequential_warmup_cosine"] = run(sequential, 10)


def sequential3(o):
    return S.SequentialLR(o, schedulers=[S.ConstantLR(o, factor=0.5, total_iters=2), S.ExponentialLR(o, gamma=0.9), S.StepLR(o, step_size=2, gamma=0.1)], milestones=[2, 5])


cases["sequential_three"] = run(sequential3, 9)


def sequential_lambda(o):
    return S.SequentialLR(o, schedulers=[S.LambdaLR(o, lambda e: (e + 1) / 3), S.LambdaLR(o, lambda e: 0.9 ** e)], milestones=[2])


cases["sequential_lambda"] = run(sequential_lambda, 6)

# Stepping the scheduler before the optimizer: PyTorch warns once, and the schedule still advances (so the first
# value, lr(0), is never used by an optimizer step).
opt = optimizer()
sched = S.LambdaLR(opt, lambda epoch: 0.95 ** epoch)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    used = []
    for _ in range(3):
        sched.step()
        used.append(opt.param_groups[0]["lr"])
        opt.step()
cases["wrong_order"] = {"warning": str(caught[0].message) if caught else "", "warnings": len(caught), "lrs": used,
                        "last_epoch": sched.last_epoch}

write("schedulers", cases)
