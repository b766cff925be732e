"""Goldens for the reference text's "Define Neural Network" section and the Sequential builder (issue 5).

Weights are never left to RNG parity: every case writes the weights it used, and the C# test copies them into its
own model before comparing outputs.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from golden_io import write

torch.manual_seed(0)
cases = {}


def fixed(*shape):
    """Deterministic, non-trivial values (written to the golden, so C# needs no RNG parity)."""
    n = 1
    for s in shape:
        n *= s
    return (torch.arange(n, dtype=torch.float64) * 0.7311 % 1.0 - 0.5).reshape(shape).to(torch.float32)


def describe(model, x):
    sd = model.state_dict()
    return {
        "children": len(list(model.children())),
        "child_names": [n for n, _ in model.named_children()],
        "modules": len(list(model.modules())),
        "module_names": [n for n, _ in model.named_modules()],
        "parameter_count": sum(p.numel() for p in model.parameters()),
        "parameter_tensors": len(list(model.parameters())),
        "parameter_names": [n for n, _ in model.named_parameters()],
        "state_dict_keys": list(sd.keys()),
        "x": x,
        "y": model(x),
    }


def load_fixed(model):
    """Overwrites every parameter with fixed values; returns them by name for the C# side."""
    weights = {}
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.copy_(fixed(*p.shape) * (1.0 + 0.1 * len(weights)))
            weights[name] = p.detach().clone()
    return weights


class MyNet(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(MyNet, self).__init__()
        self.fc1 = nn.Linear(input_size, hidden_size)
        self.fc2 = nn.Linear(hidden_size, output_size)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = self.fc2(x)
        return x


class MyModelSequential(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(10, 32), nn.Sigmoid(), nn.Linear(32, 1))

    def forward(self, x):
        return self.net(x)


class MyModelLayers(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer1 = nn.Linear(10, 32)
        self.layer2 = nn.Sigmoid()
        self.layer3 = nn.Linear(32, 1)

    def forward(self, x):
        out = self.layer1(x)
        out = self.layer2(out)
        out = self.layer3(out)
        return out


x10 = fixed(5, 10) * 3

net = MyNet(10, 20, 1)
weights = load_fixed(net)
cases["mynet"] = {**describe(net, x10), "weights": weights, "y_shape": list(net(x10).shape)}

seq_model = MyModelSequential()
weights = load_fixed(seq_model)
cases["mymodel_sequential"] = {**describe(seq_model, x10), "weights": weights}

layers_model = MyModelLayers()
with torch.no_grad():
    layers_model.layer1.weight.copy_(seq_model.net[0].weight)
    layers_model.layer1.bias.copy_(seq_model.net[0].bias)
    layers_model.layer3.weight.copy_(seq_model.net[2].weight)
    layers_model.layer3.bias.copy_(seq_model.net[2].bias)
cases["mymodel_layers"] = {**describe(layers_model, x10),
                           "weights": {n: p.detach().clone() for n, p in layers_model.named_parameters()}}
try:
    layers_model.load_state_dict(seq_model.state_dict())
    cross = "loaded"
except RuntimeError as e:
    cross = str(e).split("\n")[0]
cases["mymodel_cross_load"] = {"error": cross}

mlp = nn.Sequential(nn.Linear(10, 32), nn.Sigmoid(), nn.Linear(32, 1))
weights = load_fixed(mlp)
cases["sequential_mlp"] = {**describe(mlp, x10), "weights": weights}

layer = nn.Linear(32, 64)
cases["linear_shapes"] = {"weight": list(layer.weight.shape), "bias": list(layer.bias.shape)}

# Every activation the builder offers, with PyTorch's default arguments, on one input.
xa = fixed(3, 4) * 6
cases["activations"] = {
    "x": xa,
    "relu": nn.ReLU()(xa),
    "sigmoid": nn.Sigmoid()(xa),
    "tanh": nn.Tanh()(xa),
    "gelu": nn.GELU()(xa),
    "gelu_tanh": nn.GELU(approximate="tanh")(xa),
    "silu": nn.SiLU()(xa),
    "leaky_relu": nn.LeakyReLU()(xa),
    "leaky_relu_02": nn.LeakyReLU(0.2)(xa),
    "elu": nn.ELU()(xa),
    "softplus": nn.Softplus()(xa),
    "softmax_dim1": nn.Softmax(dim=1)(xa),
    "softmax_dim0": nn.Softmax(dim=0)(xa),
    "log_softmax_dim1": nn.LogSoftmax(dim=1)(xa),
    "identity": nn.Identity()(xa),
}

# A small CNN: conv, batch norm, pooling, flatten, linear, dropout. Shapes per layer for Summary, keys for state dicts.
cnn = nn.Sequential(
    nn.Conv2d(1, 4, kernel_size=3, padding=1),
    nn.BatchNorm2d(4),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(4, 8, kernel_size=3, stride=2),
    nn.AvgPool2d(kernel_size=2, stride=1),
    nn.Flatten(),
    nn.Linear(8 * 2 * 2, 10),
    nn.Dropout(0.5),
    nn.Linear(10, 3),
)
weights = load_fixed(cnn)
xc = fixed(2, 1, 16, 16) * 2
shapes = []
h = xc
cnn.eval()
with torch.no_grad():
    for m in cnn:
        h = m(h)
        shapes.append(list(h.shape))
layer_params = [sum(p.numel() for p in m.parameters()) for m in cnn]
cases["sequential_cnn"] = {**describe(cnn, xc), "weights": weights, "layer_shapes": shapes, "layer_params": layer_params,
                           "buffers": {n: b for n, b in cnn.named_buffers()}}

# BatchNorm1d after Linear; LayerNorm; AdaptiveAvgPool2d; in train mode the running stats move.
bn = nn.Sequential(nn.Linear(4, 6), nn.BatchNorm1d(6), nn.Tanh(), nn.LayerNorm(6), nn.Linear(6, 2))
weights = load_fixed(bn)
xb = fixed(5, 4) * 4
bn.train()
y_train = bn(xb)
bn.eval()
cases["sequential_batchnorm1d"] = {**describe(bn, xb), "weights": weights, "y_train": y_train,
                                   "buffers_after_train": {n: b for n, b in bn.named_buffers()}}

adaptive = nn.Sequential(nn.Conv2d(3, 5, 3), nn.AdaptiveAvgPool2d((2, 3)), nn.Flatten(), nn.Linear(30, 2))
weights = load_fixed(adaptive)
xd = fixed(1, 3, 9, 7)
cases["sequential_adaptive"] = {**describe(adaptive, xd), "weights": weights}

# PyTorch's named_modules is a depth-first pre-order walk that starts with the module itself.
nested = nn.Sequential(nn.Sequential(nn.Linear(2, 3), nn.ReLU()), nn.Sequential(nn.Linear(3, 3), nn.Sequential(nn.Tanh())), nn.Linear(3, 1))
cases["nested_named_modules"] = {
    "module_names": [n for n, _ in nested.named_modules()],
    "child_names": [n for n, _ in nested.named_children()],
    "parameter_names": [n for n, _ in nested.named_parameters()],
}

# Freezing: requires_grad false on every parameter of a sub-module.
freeze = MyNet(10, 20, 1)
for p in freeze.fc1.parameters():
    p.requires_grad_(False)
cases["freeze_fc1"] = {
    "trainable": sum(p.numel() for p in freeze.parameters() if p.requires_grad),
    "total": sum(p.numel() for p in freeze.parameters()),
}

# train()/eval() flags reach every sub-module.
flags = MyModelSequential()
flags.eval()
eval_flags = [m.training for m in flags.modules()]
flags.train()
train_flags = [m.training for m in flags.modules()]
cases["train_eval_flags"] = {"eval": eval_flags, "train": train_flags}

# Dropout in eval mode is the identity.
drop = nn.Dropout(0.5)
drop.eval()
cases["dropout_eval"] = {"x": xa, "y": drop(xa)}

write("modules", cases)
