"""Golden values for NasML's functional nn ops, layers, initialisers and module structure (nn.json).

Run with Debian's PyTorch:  /usr/bin/python3 make_nn.py
Conventions: every case that checks gradients stores an upstream gradient "g" of the output's shape; the reference
gradients are those of sum(output * g), i.e. output.backward(g). Tensors are tiny; values are seeded.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

import golden

torch.manual_seed(20241121)
cases = {}


def rand(*shape, scale=1.0):
    return (torch.randn(*shape) * scale).requires_grad_(True)


def with_grads(output, inputs):
    """Backward with a random upstream gradient; returns {"g": g, "grad_<name>": grad} for every named input."""
    g = torch.randn_like(output)
    output.backward(g)
    entries = {"g": g}
    for name, tensor in inputs.items():
        entries["grad_" + name] = tensor.grad.clone()
    return entries


# ---- convolution ----
def conv_case(name, batch, in_channels, out_channels, size, kernel, stride, padding, dilation, groups, bias=True):
    x = rand(batch, in_channels, *size)
    w = rand(out_channels, in_channels // groups, *kernel, scale=0.5)
    b = rand(out_channels) if bias else None
    y = F.conv2d(x, w, b, stride, padding, dilation, groups)
    inputs = {"x": x, "w": w}
    if bias:
        inputs["b"] = b
    entries = {"x": x, "w": w, "y": y}
    if bias:
        entries["b"] = b
    entries.update(with_grads(y, inputs))
    cases[name] = entries


conv_case("conv2d_basic", 2, 3, 4, (4, 4), (3, 3), 1, 0, 1, 1)
conv_case("conv2d_stride_padding_dilation", 1, 3, 4, (7, 6), (3, 3), 2, 1, 2, 1)
conv_case("conv2d_groups", 1, 4, 6, (4, 4), (3, 3), 1, 1, 1, 2)
conv_case("conv2d_depthwise", 1, 4, 4, (4, 4), (3, 3), 1, 1, 1, 4, bias=False)
conv_case("conv2d_asymmetric", 1, 2, 3, (5, 6), (1, 3), (2, 1), (0, 1), 1, 1)

# ---- linear ----
x, w, b = rand(3, 4), rand(5, 4), rand(5)
y = F.linear(x, w, b)
cases["linear"] = {"x": x, "w": w, "b": b, "y": y, **with_grads(y, {"x": x, "w": w, "b": b})}

# ---- batch norm (functional) ----
x, weight, bias = rand(4, 3, 2, 2), rand(3), rand(3)
running_mean, running_var = torch.randn(3), torch.rand(3) + 0.5
rm, rv = running_mean.clone(), running_var.clone()
y = F.batch_norm(x, rm, rv, weight, bias, training=True, momentum=0.2, eps=1e-3)
cases["batch_norm_train"] = {
    "x": x, "weight": weight, "bias": bias, "running_mean": running_mean, "running_var": running_var, "y": y,
    "running_mean_after": rm, "running_var_after": rv,
    **with_grads(y, {"x": x, "weight": weight, "bias": bias}),
}
x = rand(4, 3, 2, 2)
y = F.batch_norm(x, running_mean, running_var, weight.detach(), bias.detach(), training=False, eps=1e-3)
cases["batch_norm_eval"] = {
    "x": x, "weight": weight, "bias": bias, "running_mean": running_mean, "running_var": running_var, "y": y,
    **with_grads(y, {"x": x}),
}

# ---- activations ----
x = torch.linspace(-5, 5, 24).reshape(2, 3, 4)
activations = {
    "relu": F.relu, "relu6": F.relu6, "hardswish": F.hardswish, "hardsigmoid": F.hardsigmoid, "silu": F.silu,
    "gelu": F.gelu, "gelu_tanh": lambda t: F.gelu(t, approximate="tanh"), "sigmoid": torch.sigmoid,
    "tanh": torch.tanh, "leaky_relu": lambda t: F.leaky_relu(t, 0.2),
    "softmax": lambda t: F.softmax(t, dim=1), "log_softmax": lambda t: F.log_softmax(t, dim=-1),
}
for name, function in activations.items():
    # Shift off the kinks (0, ±3, 6) so finite differences and golden gradients agree.
    xi = (x + 0.05).clone().requires_grad_(True)
    y = function(xi)
    cases["act_" + name] = {"x": xi, "y": y, **with_grads(y, {"x": xi})}

# ---- pooling and flatten ----
def pool_case(name, function, shape=(2, 2, 5, 6)):
    xi = rand(*shape)
    y = function(xi)
    cases[name] = {"x": xi, "y": y, **with_grads(y, {"x": xi})}


pool_case("max_pool_k3_s2_p1", lambda t: F.max_pool2d(t, 3, 2, 1))
pool_case("max_pool_k2", lambda t: F.max_pool2d(t, 2))
pool_case("max_pool_dilation_ceil", lambda t: F.max_pool2d(t, 2, 2, 0, dilation=2, ceil_mode=True))
pool_case("avg_pool_k3_s2_p1_exclude_pad", lambda t: F.avg_pool2d(t, 3, 2, 1, count_include_pad=False))
pool_case("avg_pool_k2_ceil", lambda t: F.avg_pool2d(t, 2, ceil_mode=True))
pool_case("avg_pool_asymmetric", lambda t: F.avg_pool2d(t, (1, 3), (1, 2), (0, 1)))
pool_case("adaptive_avg_pool_2x3", lambda t: F.adaptive_avg_pool2d(t, (2, 3)), shape=(2, 2, 5, 7))
pool_case("adaptive_avg_pool_1", lambda t: F.adaptive_avg_pool2d(t, 1))
pool_case("flatten_1", lambda t: torch.flatten(t, 1), shape=(2, 3, 2, 2))
pool_case("flatten_1_2", lambda t: torch.flatten(t, 1, 2), shape=(2, 3, 2, 2))

# ---- dropout: same seed, same libtorch, same mask ----
x = torch.ones(4, 50)
torch.manual_seed(7)
cases["dropout_seed7_p03"] = {"x": x, "y": F.dropout(x, 0.3, training=True)}

# ---- layers through their module API (weights shipped, loaded with LoadStateDict) ----
def layer_case(name, module, x, train=True):
    module.train(train)
    state = {k: v.clone() for k, v in module.state_dict().items()}
    x = x.clone().requires_grad_(True)
    y = module(x)
    entries = {"x": x, "y": y}
    entries.update({"state." + k: v for k, v in state.items()})
    g = torch.randn_like(y)
    y.backward(g)
    entries["g"] = g
    entries["grad_x"] = x.grad
    for k, p in module.named_parameters():
        entries["grad." + k] = p.grad
    for k, buffer in module.named_buffers():
        entries["after." + k] = buffer
    entries["parameter_count"] = sum(p.numel() for p in module.parameters())
    cases[name] = entries


layer_case("layer_conv2d", nn.Conv2d(3, 4, 3, stride=2, padding=1), torch.randn(1, 3, 5, 5))
layer_case("layer_conv2d_depthwise_no_bias", nn.Conv2d(4, 8, 3, padding=2, dilation=2, groups=4, bias=False),
           torch.randn(1, 4, 4, 4))
layer_case("layer_linear", nn.Linear(4, 3), torch.randn(5, 4))
bn2 = nn.BatchNorm2d(3)
with torch.no_grad():
    bn2.weight.copy_(torch.rand(3) + 0.5)
    bn2.bias.copy_(torch.randn(3))
layer_case("layer_batchnorm2d_train", bn2, torch.randn(4, 3, 3, 3) * 2 + 1)
bn2_eval = nn.BatchNorm2d(3)
with torch.no_grad():
    bn2_eval.running_mean.copy_(torch.randn(3))
    bn2_eval.running_var.copy_(torch.rand(3) + 0.5)
    bn2_eval.weight.copy_(torch.rand(3) + 0.5)
    bn2_eval.bias.copy_(torch.randn(3))
layer_case("layer_batchnorm2d_eval", bn2_eval, torch.randn(2, 3, 2, 2), train=False)
layer_case("layer_batchnorm1d_2d_input", nn.BatchNorm1d(4, momentum=0.3, eps=1e-3), torch.randn(6, 4) * 3)
layer_case("layer_batchnorm1d_3d_input", nn.BatchNorm1d(2), torch.randn(3, 2, 4))

# momentum=None: cumulative average over two batches.
bn_cumulative = nn.BatchNorm1d(2, momentum=None)
first, second = torch.randn(5, 2), torch.randn(5, 2) + 3
bn_cumulative(first)
bn_cumulative(second)
cases["batchnorm_cumulative"] = {
    "first": first, "second": second, "running_mean": bn_cumulative.running_mean,
    "running_var": bn_cumulative.running_var, "num_batches_tracked": bn_cumulative.num_batches_tracked,
}

# ---- a small network: names, parameter count, train step, eval output ----
def network():
    return nn.Sequential(
        nn.Conv2d(2, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(16, 3), nn.Dropout(0.0), nn.Hardswish())


net = network()
x = torch.randn(2, 2, 4, 4)
layer_case("network_train", net, x)
x_eval = torch.randn(3, 2, 4, 4)
cases["network_train"]["eval_x"] = x_eval
with torch.no_grad():
    cases["network_train"]["eval_y"] = net.eval()(x_eval)
state_names = list(network().state_dict().keys())
parameter_names = [k for k, _ in network().named_parameters()]

# ---- default initialisation and nn.init under a seed ----
init = {}
torch.manual_seed(123)
conv = nn.Conv2d(3, 8, 3)
linear = nn.Linear(10, 5)
depthwise = nn.Conv2d(6, 6, 5, groups=6, bias=True)
init.update({"conv.weight": conv.weight, "conv.bias": conv.bias, "linear.weight": linear.weight,
             "linear.bias": linear.bias, "depthwise.weight": depthwise.weight, "depthwise.bias": depthwise.bias})
torch.manual_seed(5)
t = torch.empty(4, 2, 3, 3)
nn.init.kaiming_uniform_(t, mode="fan_out", nonlinearity="relu")
init["kaiming_uniform_fan_out_relu"] = t.clone()
nn.init.kaiming_normal_(t, a=0.1, nonlinearity="leaky_relu")
init["kaiming_normal_leaky_0.1"] = t.clone()
nn.init.xavier_uniform_(t, gain=nn.init.calculate_gain("tanh"))
init["xavier_uniform_tanh"] = t.clone()
nn.init.xavier_normal_(t)
init["xavier_normal"] = t.clone()
nn.init.uniform_(t, -2, 3)
init["uniform_-2_3"] = t.clone()
nn.init.normal_(t, 1, 0.5)
init["normal_1_0.5"] = t.clone()
init["gain_leaky_default"] = nn.init.calculate_gain("leaky_relu")
init["gain_selu"] = nn.init.calculate_gain("selu")
cases["init"] = init


_encode = golden.encode


def encode(value):
    """Also encodes lists of names (for state-dict keys); writes float32 values with 9 digits."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    encoded = _encode(value)
    if isinstance(value, torch.Tensor) and value.dtype == torch.float32:
        # 9 significant digits round-trip a float32 exactly and keep the file small.
        encoded["data"] = [float(f"{v:.9g}") for v in encoded["data"]]
    return encoded


golden.encode = encode
cases["names"] = {"network_state": state_names, "network_parameters": parameter_names}
golden.write("nn", cases)
