"""Goldens for the reference text's "Device" section. Recorded on a machine without CUDA (like CI), with Debian's
CPU-only PyTorch 1.13: naming "cuda:1" works, using it does not (SEED_ERRATA B)."""
import torch
import torch.nn as nn

from golden_io import write

torch.manual_seed(0)
cases = {}


def error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - record whatever PyTorch raises
        return {"raises": type(e).__name__, "message": str(e).split("\n")[0]}
    return {"raises": None}


def describe(text):
    d = torch.device(text)
    return {"str": str(d), "type": d.type, "index": -1 if d.index is None else d.index}


cases["parse"] = {text.replace(":", "_"): describe(text) for text in ["cpu", "cuda", "cuda:0", "cuda:1", "mps", "meta"]}
cases["parse_errors"] = {name: error_of(lambda t=text: torch.device(t)) for name, text in
                         [("upper", "CUDA"), ("negative", "cuda:-1"), ("letters", "cuda:x"), ("unknown", "gpu"),
                          ("empty", ""), ("trailing_colon", "cuda:")]}
cases["cuda"] = {"is_available": torch.cuda.is_available(), "device_count": torch.cuda.device_count()}

x = torch.ones(2, 2)
cases["default_device"] = {"device": str(x.device)}
cases["to_cpu"] = {"same_object": x.to("cpu") is x, "same_object_device": x.to(torch.device("cpu")) is x,
                   "dtype_and_device_same": x.to("cpu", torch.float32) is x,
                   "dtype_and_device": x.to("cpu", torch.float64).dtype}
cases["to_cuda"] = {"error": error_of(lambda: x.to("cuda")), "error_index": error_of(lambda: x.to("cuda:1"))}
model = nn.Linear(2, 2)
cases["module_to"] = {"cpu_returns_self": model.to("cpu") is model, "cuda": error_of(lambda: model.to("cuda"))}

write("devices", cases)
