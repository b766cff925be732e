"""Checks, with real PyTorch, the checkpoint files C# wrote.

CI has no Python, so the files TorchFluent writes are verified here once and committed under
../fixtures/checkpoints/from-csharp/; CSharpWrittenFilesConformanceTests then requires C# to keep writing exactly
those records. Usage (Debian's python3-torch 1.13):

    /usr/bin/python3 verify_csharp_checkpoints.py [folder]

where folder defaults to ../fixtures/checkpoints/from-csharp (the committed files); pass the test output folder
(tests/TorchFluent.Conformance/bin/Debug/net10.0/csharp-written) to check freshly written files before committing
them. Model files are opened with torch.load(weights_only=True); optimizer files, which PyTorch 1.13's weights-only
unpickler cannot read (it lacks BINFLOAT), are checked with pickletools before a regular torch.load.
"""
import copy
import json
import os
import pickle
import pickletools
import sys
import zipfile

import torch
import torch.nn as nn
import torch.nn.functional as F

import safetensors_min

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures", "checkpoints")
FOLDER = sys.argv[1] if len(sys.argv) > 1 else os.path.join(FIXTURES, "from-csharp")
GOLDENS = json.load(open(os.path.join(HERE, "..", "goldens", "checkpoints.json")))["cases"]


def python_file(name):
    return torch.load(os.path.join(FIXTURES, name), weights_only=True)


def csharp_file(name):
    return torch.load(os.path.join(FOLDER, name), weights_only=True)


def pickle_globals(path):
    """The globals a torch.save archive's pickle names, read with pickletools (nothing is loaded or run)."""
    with zipfile.ZipFile(path) as archive:
        pkl = next(n for n in archive.namelist() if n.endswith("/data.pkl"))
        return {arg.replace(" ", ".") for op, arg, _ in pickletools.genops(archive.read(pkl)) if op.name == "GLOBAL"}


def csharp_optimizer_file(name):
    """PyTorch 1.13's weights-only unpickler lacks BINFLOAT (opcode 71), so it refuses every optimizer state dict,
    Python's own included (checked below). These files are C#'s own output: check with pickletools that they name only
    weights-only globals, then load them with the regular unpickler."""
    path = os.path.join(FOLDER, name)
    allowed = {"torch._utils._rebuild_tensor_v2", "collections.OrderedDict", "torch.FloatStorage", "torch.LongStorage"}
    names = pickle_globals(path)
    assert names <= allowed, f"{name} names globals outside the weights-only allow-list: {names - allowed}"
    return torch.load(path, weights_only=False)


def same(a, b, what):
    assert a.dtype == b.dtype, f"{what}: dtype {a.dtype} vs {b.dtype}"
    assert a.shape == b.shape, f"{what}: shape {a.shape} vs {b.shape}"
    assert torch.equal(a, b), f"{what}: values differ"


def same_dict(actual, expected, what):
    assert list(actual.keys()) == list(expected.keys()), f"{what}: keys {list(actual)} vs {list(expected)}"
    for key in expected:
        same(actual[key], expected[key], f"{what}[{key}]")


# A model state dict, loaded into the text's Sequential and run.
sequential = nn.Sequential(nn.Linear(10, 32), nn.Sigmoid(), nn.Linear(32, 1))
state = csharp_file("sequential.pth")
same_dict(state, python_file("sequential.pth"), "sequential.pth")
sequential.load_state_dict(state)
x = torch.tensor(GOLDENS["sequential"]["input"]["data"]).reshape(GOLDENS["sequential"]["input"]["shape"])
with torch.no_grad():
    expected = torch.tensor(GOLDENS["sequential"]["output"]["data"]).reshape(GOLDENS["sequential"]["output"]["shape"])
    assert torch.allclose(sequential(x), expected, rtol=0, atol=1e-6), "sequential outputs differ"
print("sequential.pth: torch.load(weights_only=True), load_state_dict and outputs OK")

# Every dtype, and views written back compactly: same values (strides may differ, as after a .contiguous()).
same_dict(csharp_file("dtypes.pth"), python_file("dtypes.pth"), "dtypes.pth")
print("dtypes.pth: OK")
views, original = csharp_file("views.pth"), python_file("views.pth")
assert list(views) == list(original)
for key in original:
    same(views[key], original[key].contiguous(), f"views.pth[{key}]")
    assert views[key].is_contiguous(), f"views.pth[{key}] is not contiguous"
print("views.pth: OK")
tensors, metadata = safetensors_min.load(os.path.join(FOLDER, "dtypes.safetensors"))
expected = python_file("dtypes.pth")
same_dict(tensors, expected, "dtypes.safetensors")
assert metadata == {"format": "pt"}, metadata
print("dtypes.safetensors: OK")

# Optimizer state: PyTorch's optimizer loads it and its next step gives the weights of Python's own third step.
try:
    python_file("sgd_optimizer_step2.pth")
    raise SystemExit("PyTorch's weights-only load now accepts optimizer state: use it for the C# files too")
except pickle.UnpicklingError as e:
    assert "Unsupported operand 71" in str(e), e
opt_x = torch.linspace(-1.0, 1.0, 80).reshape(8, 10)
opt_y = torch.linspace(0.0, 1.0, 8).reshape(8, 1)
for name, make in (("sgd", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
                   ("adam", lambda p: torch.optim.Adam(p, lr=0.01))):
    model = copy.deepcopy(sequential)
    model.load_state_dict(python_file(f"{name}_model_step2.pth"))
    optimizer = make(model.parameters())
    optimizer.load_state_dict(csharp_optimizer_file(f"{name}_optimizer.pth"))
    optimizer.zero_grad()
    F.mse_loss(model(opt_x), opt_y).backward()
    optimizer.step()
    golden = GOLDENS[f"{name}_step3"]["tensors"]
    for key, value in model.state_dict().items():
        expected = torch.tensor(golden[key]["data"]).reshape(golden[key]["shape"])
        assert torch.allclose(value, expected, rtol=0, atol=1e-6), f"{name}: {key} after the third step differs"
    print(f"{name}_optimizer.pth: globals, torch.load, optimizer.load_state_dict and step 3 OK")

print(f"all C#-written files in {os.path.normpath(FOLDER)} verified with torch {torch.__version__}")
