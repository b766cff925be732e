"""Fixtures and goldens for checkpoints (the reference text's "Saving and Loading").

Writes small files with real PyTorch's torch.save into ../fixtures/checkpoints/ and the values they hold (and the
model outputs they give) into ../goldens/checkpoints.json:

- state dicts of the text's models (Sequential 10-32-1, MyNet(10, 20, 1), both MyModel forms, BatchNorm);
- a dict of every dtype TorchFluent reads, plus views (transposed, storage offset, shared storage, 0-d, empty);
- optimizer state after two SGD-momentum and two Adam steps, and the weights after a third step;
- crafted files that must be refused like torch.load(weights_only=True) refuses them (os.system, os.getpid, eval,
  a protocol-4 STACK_GLOBAL, a whole pickled model). They are only ever written and checked with weights_only=True:
  nothing in them is executed;
- a legacy (pre-1.6, non-zip) torch.save file;
- safetensors files written by safetensors_min.py (Debian has no Python safetensors package).

Run with Debian's /usr/bin/python3 (python3-torch 1.13). CI never runs this; the files are committed.
"""
import copy
import os
import pickle
import shutil
import types

import torch
import torch.nn as nn
import torch.nn.functional as F

import safetensors_min
from golden_io import write

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures", "checkpoints")
os.makedirs(FIXTURES, exist_ok=True)

torch.manual_seed(0)
cases = {}


def fixture(name):
    return os.path.join(FIXTURES, name)


def save(obj, name, **kwargs):
    torch.save(obj, fixture(name), **kwargs)


def state_case(sd):
    """Keys in order and every tensor of a state dict."""
    return {"keys": list(sd.keys()), "tensors": {k: v for k, v in sd.items()}}


# A fixed input: 4 samples of 10 features.
x = torch.linspace(-2.0, 2.0, 40).reshape(4, 10)

# --- The text's Sequential (Linear(10, 32) - Sigmoid - Linear(32, 1)) ------------------------------------------------
sequential = nn.Sequential(nn.Linear(10, 32), nn.Sigmoid(), nn.Linear(32, 1))
save(sequential.state_dict(), "sequential.pth")
with torch.no_grad():
    cases["sequential"] = {**state_case(sequential.state_dict()), "input": x, "output": sequential(x)}


# --- MyNet(10, 20, 1): children named fc1, fc2 ------------------------------------------------------------------------
class MyNet(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super().__init__()
        self.fc1 = nn.Linear(input_size, hidden_size)
        self.fc2 = nn.Linear(hidden_size, output_size)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))


mynet = MyNet(10, 20, 1)
save(mynet.state_dict(), "mynet.pth")
with torch.no_grad():
    cases["mynet"] = {**state_case(mynet.state_dict()), "input": x, "output": mynet(x)}


# --- The two MyModel forms (SEED_ERRATA A.12): same function, different keys, cross-loading raises ------------------
class MyModelNet(nn.Module):
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
        return self.layer3(self.layer2(self.layer1(x)))


net_form = MyModelNet()
save(net_form.state_dict(), "mymodel_net.pth")
layers_form = MyModelLayers()
try:
    layers_form.load_state_dict(net_form.state_dict())
    raise SystemExit("cross-loading the two MyModel forms should raise")
except RuntimeError as e:
    strict_error = str(e)
result = layers_form.load_state_dict(net_form.state_dict(), strict=False)
with torch.no_grad():
    cases["mymodel_net"] = {
        **state_case(net_form.state_dict()),
        "input": x,
        "output": net_form(x),
        "cross_load_missing": list(result.missing_keys),
        "cross_load_unexpected": list(result.unexpected_keys),
        "cross_load_error": strict_error,
    }

# --- Shape mismatch: PyTorch raises even with strict=False (raw TorchSharp broadcasts silently) ----------------------
small, wide = nn.Linear(1, 1), nn.Linear(1, 3)
save(small.state_dict(), "linear_1_1.pth")
errors = {}
for strict in (True, False):
    try:
        wide.load_state_dict(small.state_dict(), strict=strict)
        raise SystemExit("loading Linear(1, 1) into Linear(1, 3) should raise")
    except RuntimeError as e:
        errors[strict] = str(e)
cases["shape_mismatch"] = {"error_strict": errors[True], "error_not_strict": errors[False]}

# --- BatchNorm: buffers (running stats, int64 counter) and PyTorch's key order -----------------------------------------
batchnorm = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3))
batchnorm.train()
for i in range(3):
    batchnorm(torch.randn(8, 4))
batchnorm.eval()
save(batchnorm.state_dict(), "batchnorm.pth")
bn_input = torch.linspace(-1.0, 1.0, 8).reshape(2, 4)
with torch.no_grad():
    cases["batchnorm"] = {**state_case(batchnorm.state_dict()), "input": bn_input, "output": batchnorm(bn_input)}

# --- Every dtype, and the tensor layouts torch.save keeps (views share their whole storage) --------------------------
base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
shared = torch.arange(6, dtype=torch.int64)
dtypes = {
    "f32": torch.tensor([[1.5, -2.25, 3.0], [0.1, 1e-8, -0.0]], dtype=torch.float32),
    "f64": torch.tensor([1.0 / 3.0, -1e300, 2.5e-310], dtype=torch.float64),
    "f16": torch.tensor([0.5, -65504.0, 6.1e-5, 1.0009765625], dtype=torch.float16),
    "bf16": torch.tensor([1.0, -3.140625, 1e30, 7.0e-39], dtype=torch.bfloat16),
    "i64": torch.tensor([-(2 ** 62), 0, 2 ** 62 + 7], dtype=torch.int64),
    "i32": torch.tensor([[-(2 ** 31), 2 ** 31 - 1]], dtype=torch.int32),
    "i16": torch.tensor([-32768, 12345, 32767], dtype=torch.int16),
    "i8": torch.tensor([-128, -1, 127], dtype=torch.int8),
    "u8": torch.tensor([0, 128, 255], dtype=torch.uint8),
    "bool": torch.tensor([[True, False], [False, True]]),
    "scalar": torch.tensor(3.5),
    "empty": torch.zeros(0, 3),
}
views = {
    "transposed": base.t(),             # non-contiguous: stride (1, 4)
    "row_slice": base[1:],              # storage offset 4
    "column": base[:, 2],               # offset 2, stride (4,)
    "shared_a": shared[:3],             # two entries on one storage
    "shared_b": shared[2:],
}
save(dtypes, "dtypes.pth")
save(views, "views.pth")
cases["dtypes"] = state_case(dtypes)
cases["views"] = {**state_case(views), "strides": {k: list(v.stride()) for k, v in views.items()},
                  "offsets": {k: v.storage_offset() for k, v in views.items()}}
safetensors_min.save(dtypes, fixture("dtypes.safetensors"), metadata={"format": "pt"})
safetensors_min.save(sequential.state_dict(), fixture("sequential.safetensors"))

# --- Optimizer state: two steps in Python, the third must match when C# resumes -------------------------------------
opt_x = torch.linspace(-1.0, 1.0, 80).reshape(8, 10)
opt_y = torch.linspace(0.0, 1.0, 8).reshape(8, 1)
for name, make in (("sgd", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
                   ("adam", lambda p: torch.optim.Adam(p, lr=0.01))):
    model = copy.deepcopy(sequential)
    optimizer = make(model.parameters())
    for step in range(2):
        optimizer.zero_grad()
        F.mse_loss(model(opt_x), opt_y).backward()
        optimizer.step()
    save(model.state_dict(), f"{name}_model_step2.pth")
    save(optimizer.state_dict(), f"{name}_optimizer_step2.pth")
    optimizer.zero_grad()
    F.mse_loss(model(opt_x), opt_y).backward()
    optimizer.step()
    cases[f"{name}_step3"] = {"input": opt_x, "target": opt_y, **state_case(model.state_dict())}


# --- Crafted files: globals that weights_only=True refuses ------------------------------------------------------------
class Global:
    """Stands for the Python global module.name; pickled by name only, never looked up or called here."""

    def __init__(self, module, name):
        self.module, self.name = module, name

    def __call__(self, *args):
        raise RuntimeError("a crafted global is never called")


class Call:
    """Pickles as a call of a Global with arguments (a REDUCE), like a malicious __reduce__ would."""

    def __init__(self, target, args):
        self.target, self.args = target, args

    def __reduce__(self):
        return self.target, self.args


class CraftingPickler(pickle._Pickler):
    """The pure-Python pickler, writing a Global by name (GLOBAL before protocol 4, STACK_GLOBAL from 4)."""

    dispatch = dict(pickle._Pickler.dispatch)

    def save_crafted_global(self, obj):
        if self.proto >= 4:
            self.save(obj.module)
            self.save(obj.name)
            self.write(pickle.STACK_GLOBAL)
        else:
            self.write(pickle.GLOBAL + f"{obj.module}\n{obj.name}\n".encode("ascii"))
        self.memoize(obj)

    dispatch[Global] = save_crafted_global


crafting = types.ModuleType("crafting")
crafting.Pickler = CraftingPickler
crafted = {
    "refused_os_system.pth": ({"weight": torch.ones(2, 2), "payload": Call(Global("os", "system"), ("echo pwned",))}, 2),
    "refused_os_getpid.pth": ({"weight": torch.ones(2, 2), "payload": Call(Global("os", "getpid"), ())}, 2),
    "refused_eval.pth": ({"payload": Call(Global("builtins", "eval"), ("1+1",))}, 2),
    "refused_stack_global.pth": ({"weight": torch.ones(2), "payload": Call(Global("os", "system"), ("echo pwned",))}, 4),
}
refusals = {}
for name, (obj, protocol) in crafted.items():
    torch.save(obj, fixture(name), pickle_module=crafting, pickle_protocol=protocol)
whole = nn.Sequential(nn.Linear(2, 1))
save(whole, "whole_model.pth")
for name in list(crafted) + ["whole_model.pth"]:
    try:
        torch.load(fixture(name), weights_only=True)
        raise SystemExit(f"torch.load(weights_only=True) accepted {name}")
    except pickle.UnpicklingError as e:
        refusals[name] = str(e).strip().splitlines()[-1]
cases["refusals"] = refusals

# --- A legacy (non-zip) file, as torch.save wrote before PyTorch 1.6 ---------------------------------------------------
# Its storage keys are memory addresses, so this one file differs byte-wise on each run (every other file is stable).
save(small.state_dict(), "legacy.pth", _use_new_zipfile_serialization=False)

write("checkpoints", cases)
print(f"wrote fixtures to {os.path.normpath(FIXTURES)}")
