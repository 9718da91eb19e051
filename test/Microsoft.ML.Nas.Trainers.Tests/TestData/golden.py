"""Helpers shared by the make_*.py scripts that write NasML's golden values.

Run a script with Debian's PyTorch (the same libtorch 1.13 NasML binds):  /usr/bin/python3 make_AREA.py
Each script writes AREA.json next to itself: {"cases": {case: {key: number | tensor}}},
tensor = {"shape": [...], "dtype": "float32" | "float64" | "int64" | "bool", "data": [row-major values]}.
"""
import json
import os

import torch

_DTYPES = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64", torch.bool: "bool"}


def encode(value):
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu()
        return {"shape": list(value.shape), "dtype": _DTYPES[value.dtype], "data": value.reshape(-1).tolist()}
    if isinstance(value, (int, float, bool)):
        return value
    raise TypeError(f"cannot encode {type(value)}")


def write(area, cases):
    """cases: {case_name: {key: tensor or number}}"""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), f"{area}.json")
    encoded = {name: {key: encode(v) for key, v in entries.items()} for name, entries in cases.items()}
    with open(path, "w") as handle:
        json.dump({"generator": f"torch {torch.__version__}", "cases": encoded}, handle, separators=(",", ":"))
    print(f"wrote {path}: {len(cases)} cases")
