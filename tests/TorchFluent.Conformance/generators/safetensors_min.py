"""A minimal safetensors reader and writer for the checkpoint generators.

Debian has no Python `safetensors` package, and CI never runs Python, so the golden scripts carry this small
implementation of the published format: 8-byte little-endian header length N, N bytes of JSON
({name: {"dtype", "shape", "data_offsets": [begin, end]}, optional "__metadata__": {str: str}}) padded with spaces
to a multiple of 8, then the raw little-endian, row-major tensor bytes (offsets are relative to the end of the
header). Run with Debian's /usr/bin/python3 (python3-torch 1.13).
"""
import json
import struct

import torch

DTYPES = {
    torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8",
    torch.bool: "BOOL",
}
NAMES = {v: k for k, v in DTYPES.items()}


def tensor_bytes(t):
    """The row-major little-endian bytes of a tensor (x86 is little-endian)."""
    flat = t.detach().cpu().contiguous().reshape(-1)
    return flat.view(torch.uint8).numpy().tobytes() if flat.numel() else b""


def save(tensors, path, metadata=None):
    header, blobs, offset = {}, [], 0
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        data = tensor_bytes(t)
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for data in blobs:
            f.write(data)


def load(path):
    """Returns (dict of tensors in header order, metadata or None)."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    body = raw[8 + n:]
    metadata = header.pop("__metadata__", None)
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        dtype = NAMES[info["dtype"]]
        chunk = bytearray(body[begin:end])
        if len(chunk) == 0:
            tensors[name] = torch.zeros(info["shape"], dtype=dtype)
        else:
            tensors[name] = torch.frombuffer(chunk, dtype=torch.uint8).view(dtype).reshape(info["shape"]).clone()
    return tensors, metadata
