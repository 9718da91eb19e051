"""Golden values for NasML's optimizers, gradient clipping and learning-rate schedules (optim.json).

Run with Debian's PyTorch:  /usr/bin/python3 make_optim.py

Optimizer cases: two float32 parameters, w (2x3) and b (3), minimise the fixed quadratic
    loss = sum(S * (w - T)^2) + 0.5 * sum((b - C)^2)
for 5 steps (zero_grad, backward, step); the case stores w_k, b_k after step k (k = 1..5).
Clipping cases: gradients G1 (2x3), G2 (4) set through loss = sum(p1 * G1) + sum(p2 * G2); a third tensor has no grad.
Schedule cases: learning rates (and momentum) of every group after construction and after each step.
"""
import math

import torch

from golden import write

F32 = torch.float32
W0 = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], dtype=F32)
B0 = torch.tensor([0.1, -0.2, 0.3], dtype=F32)
T = torch.tensor([[1.0, 0.0, -1.0], [0.5, 2.0, 1.0]], dtype=F32)
S = torch.tensor([[1.0, 0.5, 2.0], [0.25, 3.0, 1.5]], dtype=F32)
C = torch.tensor([1.0, 2.0, -3.0], dtype=F32)
STEPS = 5


def trajectory(make_optimizer, set_lr_after=None):
    w = W0.clone().requires_grad_(True)
    b = B0.clone().requires_grad_(True)
    optimizer = make_optimizer(w, b)
    case = {}
    for k in range(1, STEPS + 1):
        optimizer.zero_grad(set_to_none=True)
        loss = (S * (w - T) ** 2).sum() + 0.5 * ((b - C) ** 2).sum()
        loss.backward()
        optimizer.step()
        case[f"w{k}"] = w.detach().clone()
        case[f"b{k}"] = b.detach().clone()
        if set_lr_after is not None and k == set_lr_after[0]:
            for group in optimizer.param_groups:
                group["lr"] = set_lr_after[1]
    return case


optim = torch.optim
cases = {
    "sgd_plain": trajectory(lambda w, b: optim.SGD([w, b], lr=0.1)),
    "sgd_momentum": trajectory(lambda w, b: optim.SGD([w, b], lr=0.05, momentum=0.9, dampening=0.1)),
    "sgd_nesterov": trajectory(lambda w, b: optim.SGD([w, b], lr=0.05, momentum=0.9, nesterov=True)),
    "sgd_weight_decay": trajectory(lambda w, b: optim.SGD([w, b], lr=0.1, momentum=0.5, weight_decay=0.01)),
    "adam": trajectory(lambda w, b: optim.Adam([w, b], lr=0.1)),
    "adam_amsgrad": trajectory(lambda w, b: optim.Adam([w, b], lr=0.1, betas=(0.8, 0.9), eps=1e-6,
                                                       weight_decay=0.05, amsgrad=True)),
    "adamw": trajectory(lambda w, b: optim.AdamW([w, b], lr=0.1, weight_decay=0.1)),
    "sgd_groups": trajectory(lambda w, b: optim.SGD(
        [{"params": [w], "lr": 0.1, "weight_decay": 0.01}, {"params": [b], "weight_decay": 0.0}],
        lr=0.02, momentum=0.9)),
    "adamw_groups": trajectory(lambda w, b: optim.AdamW(
        [{"params": [w]}, {"params": [b], "lr": 0.01, "weight_decay": 0.0}], lr=0.05, weight_decay=0.2)),
    "adam_set_lr": trajectory(lambda w, b: optim.Adam([w, b], lr=0.1), set_lr_after=(2, 0.01)),
}

# ---- gradient clipping ----
G1 = torch.tensor([[3.0, -4.0, 1.0], [0.5, 2.0, -2.5]], dtype=F32)
G2 = torch.tensor([-1.0, 0.25, 6.0, -0.5], dtype=F32)


def clipped(clip):
    p1 = torch.zeros(2, 3, requires_grad=True)
    p2 = torch.zeros(4, requires_grad=True)
    p3 = torch.zeros(2, requires_grad=True)  # never gets a gradient: skipped
    ((p1 * G1).sum() + (p2 * G2).sum()).backward()
    result = clip([p1, p2, p3])
    case = {"g1": p1.grad.clone(), "g2": p2.grad.clone()}
    if result is not None:
        case["total_norm"] = float(result)
    return case


clip_norm = torch.nn.utils.clip_grad_norm_
cases["clip_norm_2"] = clipped(lambda ps: clip_norm(ps, max_norm=1.0))
cases["clip_norm_2_inactive"] = clipped(lambda ps: clip_norm(ps, max_norm=100.0))
cases["clip_norm_inf"] = clipped(lambda ps: clip_norm(ps, max_norm=2.0, norm_type=math.inf))
cases["clip_norm_1"] = clipped(lambda ps: clip_norm(ps, max_norm=5.0, norm_type=1.0))
cases["clip_value"] = clipped(lambda ps: torch.nn.utils.clip_grad_value_(ps, clip_value=0.5))


# ---- learning-rate schedules ----
def schedule(optimizer, scheduler, steps, momentum=None):
    lrs = [[g["lr"] for g in optimizer.param_groups]]
    momenta = [[momentum(g) for g in optimizer.param_groups]] if momentum else None
    for _ in range(steps):
        optimizer.step()
        scheduler.step()
        lrs.append([g["lr"] for g in optimizer.param_groups])
        if momentum:
            momenta.append([momentum(g) for g in optimizer.param_groups])
    case = {"lr": torch.tensor(lrs, dtype=torch.float64)}
    if momentum:
        case["momentum"] = torch.tensor(momenta, dtype=torch.float64)
    return case


def two_groups(make, lr0, lr1):
    p0 = torch.zeros(2, requires_grad=True)
    p1 = torch.zeros(2, requires_grad=True)
    return make([{"params": [p0], "lr": lr0}, {"params": [p1], "lr": lr1}])


# Linear warm-up then cosine: NasML's CosineAnnealingWithWarmup as a LambdaLR factor of the base learning rate.
WARMUP, TOTAL, BASE, MIN_LR = 3, 10, 0.1, 0.001


def warmup_cosine_factor(step):
    if step < WARMUP:
        return BASE * (step + 1) / WARMUP / BASE
    progress = min(1.0, (step - WARMUP) / (TOTAL - WARMUP))
    return (MIN_LR + (BASE - MIN_LR) * (1 + math.cos(math.pi * progress)) / 2) / BASE


# The cosine part must agree with torch's own CosineAnnealingLR (closed form) with T_max = TOTAL - WARMUP.
reference = optim.SGD([torch.zeros(1, requires_grad=True)], lr=BASE)
cosine = optim.lr_scheduler.CosineAnnealingLR(reference, T_max=TOTAL - WARMUP, eta_min=MIN_LR)
for t in range(TOTAL - WARMUP + 1):
    cosine.last_epoch = t
    assert abs(cosine._get_closed_form_lr()[0] - BASE * warmup_cosine_factor(WARMUP + t)) < 1e-15

sgd = two_groups(lambda groups: optim.SGD(groups, lr=0.1), BASE, 0.02)
cases["cosine_warmup"] = schedule(sgd, optim.lr_scheduler.LambdaLR(sgd, warmup_cosine_factor), TOTAL + 3)
cases["cosine_warmup"]["warmup"] = WARMUP
cases["cosine_warmup"]["total"] = TOTAL
cases["cosine_warmup"]["min_lr"] = MIN_LR

sgd = two_groups(lambda groups: optim.SGD(groups, lr=0.1), 0.1, 0.04)
cases["step_lr"] = schedule(sgd, optim.lr_scheduler.StepLR(sgd, step_size=3, gamma=0.5), 10)

# OneCycleLR: NasML scales group g by its base-lr ratio, which is torch's per-group max_lr list.
sgd = two_groups(lambda groups: optim.SGD(groups, lr=0.1, momentum=0.9), 0.1, 0.05)
cases["one_cycle_sgd"] = schedule(
    sgd, optim.lr_scheduler.OneCycleLR(sgd, max_lr=[1.0, 0.5], total_steps=10), 10, lambda g: g["momentum"])
adam = two_groups(lambda groups: optim.Adam(groups, lr=0.1), 0.2, 0.1)
cases["one_cycle_adam_linear_three_phase"] = schedule(
    adam,
    optim.lr_scheduler.OneCycleLR(adam, max_lr=[0.4, 0.2], total_steps=12, pct_start=0.25, anneal_strategy="linear",
                                  div_factor=10.0, final_div_factor=100.0, three_phase=True,
                                  base_momentum=0.8, max_momentum=0.9),
    12, lambda g: g["betas"][0])

write("optim", cases)
