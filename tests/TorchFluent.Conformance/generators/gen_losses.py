"""Goldens for the reference text's loss functions ("Training and Testing") and its "Customized Loss Function" heading.

Each case writes the input and target it used, the loss, and the gradient of the loss with respect to the input.
"""
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

from golden_io import write

torch.manual_seed(0)
cases = {}


def fixed(*shape, scale=1.0, offset=0.0):
    n = 1
    for s in shape:
        n *= s
    return ((torch.arange(n, dtype=torch.float64) * 0.7311 % 1.0 - 0.5) * scale + offset).reshape(shape).to(torch.float32)


def run(criterion, x, target):
    x = x.clone().requires_grad_(True)
    loss = criterion(x, target)
    loss.sum().backward()
    return {"input": x, "target": target, "loss": loss, "grad": x.grad}


x43 = fixed(4, 3, scale=4)
t43 = fixed(4, 3, scale=3, offset=0.25).flip(0)
cases["mse"] = run(nn.MSELoss(), x43, t43)
cases["mse_sum"] = run(nn.MSELoss(reduction="sum"), x43, t43)
cases["mse_none"] = run(nn.MSELoss(reduction="none"), x43, t43)
cases["l1"] = run(nn.L1Loss(), x43, t43)
cases["smooth_l1"] = run(nn.SmoothL1Loss(), x43, t43)
cases["smooth_l1_beta_05"] = run(nn.SmoothL1Loss(beta=0.5), x43, t43)

# Reference text "Entire Procedure": a (N, 1) output against an (N,) target broadcasts to (N, N) with a UserWarning.
pred = torch.tensor([[1.], [2.], [3.]])
y = torch.tensor([2., 2., 2.5])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    broadcast = nn.MSELoss()(pred, y)
cases["mse_broadcast_pitfall"] = {
    "pred": pred, "target": y,
    "broadcast_loss": broadcast,
    "correct_loss": nn.MSELoss()(pred, y.unsqueeze(1)),
    "warning": str(caught[0].message) if caught else "",
}

logits = fixed(4, 5, scale=6)
classes = torch.tensor([1, 0, 4, 2])
probabilities = torch.softmax(fixed(4, 5, scale=3).flip(1), dim=1)
weights = torch.tensor([1.0, 2.0, 0.5, 1.5, 3.0])
cases["cross_entropy_indices"] = run(nn.CrossEntropyLoss(), logits, classes)
cases["cross_entropy_probabilities"] = run(nn.CrossEntropyLoss(), logits, probabilities)
cases["cross_entropy_label_smoothing"] = run(nn.CrossEntropyLoss(label_smoothing=0.1), logits, classes)
cases["cross_entropy_probabilities_label_smoothing"] = run(nn.CrossEntropyLoss(label_smoothing=0.2), logits, probabilities)
cases["cross_entropy_ignore_index_default"] = run(nn.CrossEntropyLoss(), logits, torch.tensor([1, -100, 4, 2]))
cases["cross_entropy_ignore_index_2"] = run(nn.CrossEntropyLoss(ignore_index=2), logits, classes)
cases["cross_entropy_weights"] = run(nn.CrossEntropyLoss(weight=weights), logits, classes)
cases["cross_entropy_weights"]["weight"] = weights
cases["cross_entropy_weights_probabilities"] = run(nn.CrossEntropyLoss(weight=weights), logits, probabilities)
cases["cross_entropy_weights_probabilities"]["weight"] = weights
cases["cross_entropy_all_options"] = run(nn.CrossEntropyLoss(weight=weights, ignore_index=0, label_smoothing=0.15), logits, classes)
cases["cross_entropy_all_options"]["weight"] = weights
cases["cross_entropy_sum"] = run(nn.CrossEntropyLoss(reduction="sum"), logits, classes)
cases["cross_entropy_none"] = run(nn.CrossEntropyLoss(reduction="none"), logits, classes)
# K-dimensional: (N, C, d1) with (N, d1) targets.
logits3 = fixed(2, 3, 4, scale=5)
classes3 = torch.tensor([[0, 2, 1, 1], [2, 2, 0, 1]])
cases["cross_entropy_kdim"] = run(nn.CrossEntropyLoss(), logits3, classes3)
# Unbatched: (C) with a 0-d target.
cases["cross_entropy_unbatched"] = run(nn.CrossEntropyLoss(), fixed(5, scale=4), torch.tensor(3))

probs = torch.sigmoid(fixed(4, 3, scale=5))
bin_target = (fixed(4, 3, scale=3).flip(1) > 0).to(torch.float32)
cases["bce"] = run(nn.BCELoss(), probs, bin_target)
bce_w = torch.tensor([0.5, 1.0, 2.0])
cases["bce_weight"] = run(nn.BCELoss(weight=bce_w), probs, bin_target)
cases["bce_weight"]["weight"] = bce_w
cases["bce_with_logits"] = run(nn.BCEWithLogitsLoss(), fixed(4, 3, scale=5), bin_target)
pos_w = torch.tensor([1.0, 3.0, 0.5])
cases["bce_with_logits_pos_weight"] = run(nn.BCEWithLogitsLoss(pos_weight=pos_w), fixed(4, 3, scale=5), bin_target)
cases["bce_with_logits_pos_weight"]["pos_weight"] = pos_w

log_probs = F.log_softmax(logits, dim=1)
cases["nll"] = run(nn.NLLLoss(), log_probs, classes)
cases["nll_weight"] = run(nn.NLLLoss(weight=weights), log_probs, classes)
cases["nll_weight"]["weight"] = weights
cases["nll_ignore_index"] = run(nn.NLLLoss(ignore_index=4), log_probs, classes)


# "Customized Loss Function": an nn.Module MSE, RMSE, a plain-function weighted L1, and an autograd.Function.
class MyMSE(nn.Module):
    def forward(self, output, target):
        return ((output - target) ** 2).mean()


my = MyMSE()
cases["custom_module_mse"] = {**run(my, x43, t43), "parameters": len(list(my.parameters()))}


class RMSE(nn.Module):
    def forward(self, output, target):
        return torch.sqrt(F.mse_loss(output, target))


cases["custom_rmse"] = run(RMSE(), x43, t43)
l1_weights = torch.tensor([1.0, 0.5, 2.0])
cases["custom_weighted_l1"] = run(lambda o, t: (l1_weights * (o - t).abs()).mean(), x43, t43)
cases["custom_weighted_l1"]["weights"] = l1_weights


class SquaredErrorFunction(torch.autograd.Function):
    """Half the mean squared error, with a hand-written backward."""

    @staticmethod
    def forward(ctx, output, target):
        ctx.save_for_backward(output, target)
        return ((output - target) ** 2).mean() / 2

    @staticmethod
    def backward(ctx, grad):
        output, target = ctx.saved_tensors
        return grad * (output - target) / output.numel(), None


x64 = x43.double().requires_grad_(True)
passed = torch.autograd.gradcheck(lambda o: SquaredErrorFunction.apply(o, t43.double()), (x64,))
cases["custom_autograd_function"] = {**run(SquaredErrorFunction.apply, x43, t43), "gradcheck": passed}

write("losses", cases)
