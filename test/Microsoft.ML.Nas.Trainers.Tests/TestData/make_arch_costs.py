"""Golden values for NasML's architecture spaces, computed independently with PyTorch.

Reads arch_descriptions.json (written by the C# tests from seeded parameters; regenerate it with
NASML_WRITE_ARCH_GOLDEN=1 dotnet test ... --filter Descriptions_OfSeededParameters), builds every described network
here in plain PyTorch (torch.nn modules written from the node definitions, not from NasML's code), and writes
arch_costs.json with, per architecture:
  parameters      sum of numel over model.parameters()
  macs            per-sample multiply-accumulates counted with forward hooks on nn.Conv2d and nn.Linear:
                  conv = out.numel()/N * (C_in/groups) * kH * kW, linear = out.numel()/N * in_features
  stateEntries    len(model.state_dict())
  stateSignature  sha256 of "name:dim x dim" lines of the state dict (names and shapes must match NasML's)
  output          eval-mode output for a deterministic weight fill and input (first 4 architectures of a space)

Run with Debian's PyTorch (the libtorch 1.13 NasML binds):  /usr/bin/python3 make_arch_costs.py
"""
import hashlib
import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
FORWARD_COMPARISONS = 4

ACTIVATIONS = {
    "none": None,
    "relu": F.relu,
    "relu6": F.relu6,
    "hardswish": F.hardswish,
    "silu": F.silu,
    "gelu": F.gelu,
}


def act(name, x):
    fn = ACTIVATIONS[name]
    return x if fn is None else fn(x)


def make_divisible(value, divisor=8):
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    if rounded < 0.9 * value:
        rounded += divisor
    return rounded


class ConvBnAct(nn.Module):
    def __init__(self, cin, cout, k, stride=1, groups=1, activation="relu"):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False)
        self.bn = nn.BatchNorm2d(cout)
        self.activation = activation

    def forward(self, x):
        return act(self.activation, self.bn(self.conv(x)))


class SqueezeExcite(nn.Module):
    def __init__(self, channels, squeeze):
        super().__init__()
        self.fc1 = nn.Conv2d(channels, squeeze, 1)
        self.fc2 = nn.Conv2d(squeeze, channels, 1)

    def forward(self, x):
        s = F.adaptive_avg_pool2d(x, 1)
        s = F.hardsigmoid(self.fc2(F.relu(self.fc1(s))))
        return x * s


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, k, e, stride, se, activation):
        super().__init__()
        hidden = cin * e
        if e != 1:
            self.expand = ConvBnAct(cin, hidden, 1, activation=activation)
        else:
            self.expand = None
        self.depthwise = ConvBnAct(hidden, hidden, k, stride, hidden, activation)
        self.se = SqueezeExcite(hidden, make_divisible(hidden / 4)) if se else None
        self.project = ConvBnAct(hidden, cout, 1, activation="none")
        self.shortcut = stride == 1 and cin == cout

    def forward(self, x):
        y = self.expand(x) if self.expand is not None else x
        y = self.depthwise(y)
        if self.se is not None:
            y = self.se(y)
        y = self.project(y)
        return y + x if self.shortcut else y


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
        else:
            self.downsample = None

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        shortcut = x if self.downsample is None else self.downsample(x)
        return F.relu(y + shortcut)


class Bottleneck(nn.Module):
    def __init__(self, cin, mid, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, mid, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(mid)
        self.conv2 = nn.Conv2d(mid, mid, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(mid)
        self.conv3 = nn.Conv2d(mid, cout, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(cout)
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
        else:
            self.downsample = None

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = F.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        shortcut = x if self.downsample is None else self.downsample(x)
        return F.relu(y + shortcut)


class Dense(nn.Module):
    def __init__(self, fin, fout, activation, dropout, normalization, residual):
        super().__init__()
        self.linear = nn.Linear(fin, fout)
        self.norm = nn.BatchNorm1d(fout) if normalization == "batch" else None
        self.activation = activation
        self.dropout = nn.Dropout(dropout)
        self.residual = residual

    def forward(self, x):
        y = self.linear(x)
        if self.norm is not None:
            y = self.norm(y)
        y = self.dropout(act(self.activation, y))
        return y + x if self.residual else y


class Classifier(nn.Module):
    def __init__(self, fin, outputs, dropout, image):
        super().__init__()
        self.fc = nn.Linear(fin, outputs)
        self.dropout = nn.Dropout(dropout)
        self.image = image

    def forward(self, x):
        if self.image:
            x = torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)
        return self.fc(self.dropout(x))


class BatchNormAct(nn.Module):
    def __init__(self, channels, activation, image):
        super().__init__()
        self.bn = nn.BatchNorm2d(channels) if image else nn.BatchNorm1d(channels)
        self.activation = activation

    def forward(self, x):
        return act(self.activation, self.bn(x))


# NAS-Bench-201 (Dong & Yang, ICLR 2020), written after the benchmark's InferCell / ResNetBasicblock.
class ReluConvBn(nn.Module):
    def __init__(self, cin, cout, k, stride):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, stride, k // 2, bias=False)
        self.bn = nn.BatchNorm2d(cout)

    def forward(self, x):
        return self.bn(self.conv(F.relu(x)))


class Zero(nn.Module):
    def forward(self, x):
        return x.mul(0.0)


EDGES = [(1, 0), (2, 0), (2, 1), (3, 0), (3, 1), (3, 2)]


def nb201_op(name, c):
    if name == "nor_conv_1x1":
        return ReluConvBn(c, c, 1, 1)
    if name == "nor_conv_3x3":
        return ReluConvBn(c, c, 3, 1)
    if name == "avg_pool_3x3":
        return nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)
    if name == "skip_connect":
        return nn.Identity()
    assert name == "none"
    return Zero()


class Nb201Cell(nn.Module):
    def __init__(self, c, ops):
        super().__init__()
        self.edges = nn.ModuleList([nb201_op(op, c) for op in ops])

    def forward(self, x):
        nodes = [x]
        for target in range(1, 4):
            nodes.append(sum(self.edges[i](nodes[s]) for i, (t, s) in enumerate(EDGES) if t == target))
        return nodes[-1]


class Nb201Reduction(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv_a = ReluConvBn(cin, cout, 3, 2)
        self.conv_b = ReluConvBn(cout, cout, 3, 1)
        self.downsample = nn.Sequential(nn.AvgPool2d(2, 2, 0, ceil_mode=True), nn.Conv2d(cin, cout, 1, bias=False))

    def forward(self, x):
        return self.downsample(x) + self.conv_b(self.conv_a(x))


def build(node):
    kind, shape = node["type"], node["input"]
    c = shape[0]
    if kind == "conv_bn_act":
        return ConvBnAct(c, node["outChannels"], node["kernel"], node["stride"], node["groups"], node["activation"])
    if kind == "inverted_residual":
        return InvertedResidual(c, node["outChannels"], node["kernel"], node["expansion"], node["stride"],
                                node["squeezeExcite"], node["activation"])
    if kind == "squeeze_excite":
        return SqueezeExcite(c, node["squeezeChannels"])
    if kind == "basic_block":
        return BasicBlock(c, node["outChannels"], node["stride"])
    if kind == "bottleneck":
        return Bottleneck(c, node["midChannels"], node["outChannels"], node["stride"])
    if kind == "dense":
        return Dense(c, node["outFeatures"], node["activation"], node["dropout"], node["normalization"], node["residual"])
    if kind == "classifier":
        return Classifier(c, node["outputs"], node["dropout"], len(shape) == 3)
    if kind == "batch_norm_act":
        return BatchNormAct(c, node["activation"], len(shape) == 3)
    if kind == "pool":
        pool = nn.MaxPool2d if node["kind"] == "max" else nn.AvgPool2d
        return pool(node["kernel"], node["stride"], node["padding"])
    if kind == "flatten":
        return nn.Flatten()
    if kind == "nas_bench_201_cell":
        return Nb201Cell(c, node["edges"])
    if kind == "nas_bench_201_reduction":
        return Nb201Reduction(c, node["outChannels"])
    raise ValueError(f"unknown node type {kind}")


def count_macs(model, x):
    total = [0]

    def conv_hook(module, inputs, output):
        kh, kw = module.kernel_size
        total[0] += output.numel() // output.shape[0] * (module.in_channels // module.groups) * kh * kw

    def linear_hook(module, inputs, output):
        total[0] += output.numel() // output.shape[0] * module.in_features

    handles = []
    for module in model.modules():
        if isinstance(module, nn.Conv2d):
            handles.append(module.register_forward_hook(conv_hook))
        elif isinstance(module, nn.Linear):
            handles.append(module.register_forward_hook(linear_hook))
    with torch.no_grad():
        model(x)
    for handle in handles:
        handle.remove()
    return total[0]


def fill_deterministically(model):
    """Parameter p, element i: v = sin(0.37 i + 1.1 p + 0.5); >=2-D weights v*sqrt(3/fan_in), 1-D weights 1+0.2v, biases 0.1v."""
    with torch.no_grad():
        for ordinal, (name, parameter) in enumerate(model.named_parameters()):
            count = parameter.numel()
            index = torch.arange(count, dtype=torch.float64)
            v = torch.sin(0.37 * index + 1.1 * ordinal + 0.5)
            if parameter.dim() >= 2:
                values = v * math.sqrt(3.0 / (count / parameter.shape[0]))
            elif name.endswith(".weight"):
                values = 1.0 + 0.2 * v
            else:
                values = 0.1 * v
            parameter.copy_(values.to(torch.float32).reshape(parameter.shape))


def deterministic_input(shape):
    full = [2] + list(shape)
    count = math.prod(full)
    index = torch.arange(count, dtype=torch.float64)
    return torch.sin(0.1 * index + 0.3).to(torch.float32).reshape(full)


def state_signature(model):
    lines = [f"{name}:{'x'.join(str(d) for d in tensor.shape)}" for name, tensor in model.state_dict().items()]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def main():
    torch.manual_seed(0)
    with open(os.path.join(HERE, "arch_descriptions.json")) as handle:
        spaces = json.load(handle)["spaces"]
    result = {}
    for space in spaces:
        records = []
        for index, architecture in enumerate(space["architectures"]):
            description = architecture["description"]
            model = nn.Sequential(*[build(node) for node in description["nodes"]])
            model.eval()
            x = deterministic_input(description["input"])
            record = {
                "parameters": sum(p.numel() for p in model.parameters()),
                "macs": count_macs(model, x),
                "stateEntries": len(model.state_dict()),
                "stateSignature": state_signature(model),
            }
            if index < FORWARD_COMPARISONS:
                fill_deterministically(model)
                with torch.no_grad():
                    record["output"] = [float(v) for v in model(x).reshape(-1)]
            records.append(record)
        result[space["name"]] = records
    path = os.path.join(HERE, "arch_costs.json")
    with open(path, "w") as handle:
        json.dump({"generator": f"torch {torch.__version__}", "spaces": result}, handle, separators=(",", ":"))
        handle.write("\n")
    print(f"wrote {path}: {sum(len(r) for r in result.values())} architectures")


if __name__ == "__main__":
    main()
