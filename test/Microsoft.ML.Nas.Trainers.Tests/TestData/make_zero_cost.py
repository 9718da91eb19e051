"""Golden zero-cost proxy scores for NasML's ZeroCostProxies, computed independently with PyTorch.

For the first ARCHITECTURES_PER_SPACE architectures of every space in arch_descriptions.json, builds the network with
make_arch_costs.py's plain-PyTorch builder, fills it with make_arch_costs.py's deterministic weights, and computes on
its deterministic batch of 2 (targets: class i % outputs for sample i) the proxies of Abdelfattah et al. (ICLR 2021),
summed over parameters of two or more dimensions (convolution and linear weights):
  gradNorm  sum of ||dL/dW||_2, L the mean cross-entropy; training mode with dropout off, float64
  snip      sum of |W * dL/dW|, same pass
  synFlow   sum of |W * dR/dW| with every parameter replaced by its absolute value, float64, evaluation mode,
            R = sum of the outputs for one all-ones input
Writes zero_cost.json. Run with Debian's PyTorch:  /usr/bin/python3 make_zero_cost.py

All three are float64 (weights filled in float32, then converted): in float32 the loss gradient of a batch of 2
through the deep NAS-Bench-201 networks is ill-conditioned, and grad_norm of nas_bench_201 #0 came out 253.73 or
255.43 depending on the CPU kernels' summation order (instruction set, thread count); float64 gives 255.414358 on
every kernel path, in PyTorch 1.13 and libtorch 2.10 alike.
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

from make_arch_costs import build, deterministic_input, fill_deterministically

HERE = os.path.dirname(os.path.abspath(__file__))
ARCHITECTURES_PER_SPACE = 3


def make_model(description):
    model = nn.Sequential(*[build(node) for node in description["nodes"]])
    fill_deterministically(model)
    return model


def weights(model):
    return [p for p in model.parameters() if p.dim() >= 2]


def loss_scores(description, outputs):
    model = make_model(description).double()
    model.train()
    for module in model.modules():
        if isinstance(module, nn.Dropout):
            module.eval()  # dropout off, batch norm in training mode: NasML's NoDropoutScope
    x = deterministic_input(description["input"]).double()
    targets = torch.tensor([i % outputs for i in range(x.shape[0])], dtype=torch.int64)
    F.cross_entropy(model(x), targets).backward()
    grad_norm = sum(float(w.grad.norm()) for w in weights(model) if w.grad is not None)
    snip = sum(float((w * w.grad).abs().sum()) for w in weights(model) if w.grad is not None)
    return grad_norm, snip


def synflow(description):
    model = make_model(description)
    model.eval()
    model.double()
    with torch.no_grad():
        for p in model.parameters():
            p.abs_()
    ones = torch.ones([1] + list(description["input"]), dtype=torch.float64)
    model(ones).sum().backward()
    return sum(float((w * w.grad).abs().sum()) for w in weights(model) if w.grad is not None)


def main():
    with open(os.path.join(HERE, "arch_descriptions.json")) as handle:
        spaces = json.load(handle)["spaces"]
    result = {}
    for space in spaces:
        if "outputs" not in space:
            continue
        records = []
        for architecture in space["architectures"][:ARCHITECTURES_PER_SPACE]:
            description = architecture["description"]
            grad_norm, snip = loss_scores(description, space["outputs"])
            records.append({"gradNorm": grad_norm, "snip": snip, "synFlow": synflow(description)})
        result[space["name"]] = records
    path = os.path.join(HERE, "zero_cost.json")
    with open(path, "w") as handle:
        json.dump({"generator": f"torch {torch.__version__}", "spaces": result}, handle, indent=1)
        handle.write("\n")
    print(f"wrote {path}: {sum(len(r) for r in result.values())} architectures")


if __name__ == "__main__":
    main()
