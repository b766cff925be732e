"""Helpers shared by the golden generators.

Goldens are JSON files in ../goldens/<area>.json: {"generator": ..., "torch": version, "cases": {name: {...}}}.
A tensor is {"dtype": "float32", "shape": [2, 2], "data": [flat values, row-major]}; complex values are
[re, im] pairs; NaN and infinities are the strings "nan", "inf", "-inf"; float16/bfloat16 data are written as the
exact float32 values they hold. Run with Debian's /usr/bin/python3 (python3-torch 1.13); CI never runs these.
"""
import json
import math
import os
import sys

import torch

GOLDENS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "goldens")


def _number(v):
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
    return v


def tensor(t):
    """A tensor as a JSON object (detached, on the CPU)."""
    t = t.detach().cpu()
    dtype = str(t.dtype).replace("torch.", "")
    flat = t.reshape(-1)
    if t.dtype in (torch.float16, torch.bfloat16):
        flat = flat.to(torch.float32)
    if t.is_complex():
        data = [[_number(float(z.real)), _number(float(z.imag))] for z in flat.tolist()]
    else:
        data = [_number(v) for v in flat.tolist()]
    return {"dtype": dtype, "shape": list(t.shape), "data": data}


def value(v):
    """Any golden value: tensors, sizes, numbers, strings, lists and dicts of them."""
    if isinstance(v, torch.Tensor):
        return tensor(v)
    if isinstance(v, torch.Size):
        return list(v)
    if isinstance(v, torch.dtype):
        return str(v).replace("torch.", "")
    if isinstance(v, (list, tuple)):
        return [value(x) for x in v]
    if isinstance(v, dict):
        return {str(k): value(x) for k, x in v.items()}
    return _number(v)


def write(area, cases):
    """Writes ../goldens/<area>.json with the cases in a stable order."""
    os.makedirs(GOLDENS, exist_ok=True)
    path = os.path.join(GOLDENS, area + ".json")
    document = {
        "generator": os.path.basename(sys.argv[0]),
        "torch": torch.__version__,
        "cases": {name: value(case) for name, case in cases.items()},
    }
    # One case per line: readable diffs without one number per line.
    lines = [f' {json.dumps(name)}: {json.dumps(case, separators=(",", ":"))}' for name, case in document["cases"].items()]
    with open(path, "w", encoding="utf-8") as f:
        f.write("{\n")
        f.write(f' "generator": {json.dumps(document["generator"])},\n')
        f.write(f' "torch": {json.dumps(document["torch"])},\n')
        f.write(' "cases": {\n' + ",\n".join(lines) + "\n }\n}\n")
    print(f"wrote {path}: {len(cases)} cases")
