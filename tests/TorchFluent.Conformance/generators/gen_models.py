"""Goldens for the reference text's Models heading (SEED_ERRATA.md section C) and the other architectures TorchFluent
offers by name: parameter counts, state dict keys and shapes, children, feature map shapes, the fine-tuning count,
and the logits of det-filled networks; plus a .pth fixture written by torch.save for the loading test.

googlenet is built with aux_logits=False: TorchVision for .NET has no auxiliary classifiers (torchvision's weights=None
default, aux_logits=True, adds 6,379,984 parameters that only training with the auxiliary losses uses)."""
import hashlib
import os
import warnings

import torch
import torch.nn as nn
from torchvision import models

from golden_io import write

warnings.filterwarnings("ignore")
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "models")
os.makedirs(FIXTURES, exist_ok=True)
cases = {}

NAMES = ["alexnet", "googlenet", "inception_v3", "mobilenet_v2", "mobilenet_v3_large", "mobilenet_v3_small",
         "resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "resnext50_32x4d", "resnext101_32x8d",
         "resnext101_64x4d", "vgg11", "vgg11_bn", "vgg13", "vgg13_bn", "vgg16", "vgg16_bn", "vgg19", "vgg19_bn",
         "wide_resnet50_2", "wide_resnet101_2"]


def build(name, **kwargs):
    if name == "googlenet":
        kwargs.setdefault("aux_logits", False)
    if name in ("googlenet", "inception_v3"):
        kwargs.setdefault("init_weights", False)
    return getattr(models, name)(weights=None, **kwargs)


def digest(state):
    text = "\n".join(f"{k} {list(v.shape)}" for k, v in sorted(state.items()))
    return hashlib.sha256(text.encode()).hexdigest()


torch.manual_seed(0)
for name in NAMES:
    m = build(name)
    state = m.state_dict()
    cases[name] = {
        "parameters": sum(p.numel() for p in m.parameters()),
        "parameter_tensors": len(list(m.parameters())),
        "state_dict_entries": len(state),
        "state_dict_digest": digest(state),
        "children": [n for n, _ in m.named_children()],
        "head_in_features": [mod for mod in m.modules() if isinstance(mod, nn.Linear)][-1].in_features,
    }
    ten = build(name, num_classes=10)
    cases[name]["parameters_10_classes"] = sum(p.numel() for p in ten.parameters())
    del m, ten

# resnet18 in detail.
r = models.resnet18(weights=None)
state = r.state_dict()
r.eval()
x = torch.zeros(1, 3, 224, 224)
shapes = []
with torch.no_grad():
    for child_name, child in r.named_children():
        if child_name == "fc":
            x = torch.flatten(x, 1)
        x = child(x)
        shapes.append([child_name, list(x.shape)])
    out64 = r(torch.zeros(2, 3, 64, 64))
for p in r.parameters():
    p.requires_grad = False
r.fc = nn.Linear(512, 10)
cases["resnet18_details"] = {
    "state_dict": [[k, list(v.shape), str(v.dtype).replace("torch.", "")] for k, v in state.items()],
    "feature_shapes": shapes,
    "output_shape_2x64": list(out64.shape),
    "trainable_after_freeze_and_new_fc": sum(p.numel() for p in r.parameters() if p.requires_grad),
    "named_modules": [n for n, _ in models.resnet18(weights=None).named_modules()],
}


def det_fill_(module):
    """Parameter k (by sorted name) holds ((i * 37 + 11 * k) % 41 - 20) / 100 / sqrt(fan_in) at flat index i; fan_in is
    numel / shape[0] for weights of rank 2 or more and 1 for vectors. Buffers keep their defaults."""
    with torch.no_grad():
        for k, name in enumerate(sorted(n for n, _ in module.named_parameters())):
            p = module.get_parameter(name)
            i = torch.arange(p.numel(), dtype=torch.int64)
            fan_in = p.numel() // p.shape[0] if p.dim() >= 2 else 1
            values = ((i * 37 + 11 * k) % 41 - 20).to(torch.float64) / 100 / (fan_in ** 0.5)
            p.copy_(values.reshape(p.shape).to(p.dtype))
    return module


# The input is a formula too: pixel i (flat index) holds ((i * 13) % 97) / 97.
image = ((torch.arange(3 * 64 * 64, dtype=torch.int64) * 13) % 97).to(torch.float64).div(97).to(torch.float32).reshape(1, 3, 64, 64)
for name in ["resnet18", "resnet50", "resnext50_32x4d", "mobilenet_v2", "alexnet"]:
    m = det_fill_(build(name)).eval()
    with torch.no_grad():
        cases[name]["det_fill_logits"] = m(image)

# A .pth written by torch.save: the stem (conv1, bn1) of a trained-looking resnet18, for LoadStateDict.
torch.manual_seed(2)
stem_model = models.resnet18(weights=None)
with torch.no_grad():
    stem_model.bn1.running_mean.uniform_(-0.1, 0.1)
    stem_model.bn1.running_var.uniform_(0.5, 1.5)
    stem_model.bn1.weight.uniform_(0.5, 1.5)
    stem_model.bn1.bias.uniform_(-0.1, 0.1)
    stem_model.bn1.num_batches_tracked.fill_(7)
stem = {k: v for k, v in stem_model.state_dict().items() if k.startswith(("conv1.", "bn1."))}
torch.save(stem, os.path.join(FIXTURES, "resnet18_stem.pth"))
stem_model.eval()
torch.manual_seed(3)
x = torch.rand(1, 3, 32, 32)
with torch.no_grad():
    y = stem_model.maxpool(stem_model.relu(stem_model.bn1(stem_model.conv1(x))))
cases["resnet18_stem_pth"] = {"keys": list(stem.keys()), "input": x, "output": y}

write("models", cases)
