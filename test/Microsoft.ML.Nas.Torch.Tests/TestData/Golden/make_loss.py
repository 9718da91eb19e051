"""Golden values for NasML's loss functions (loss.json).

Run with Debian's PyTorch:  /usr/bin/python3 make_loss.py
Each case stores the inputs, the loss for every reduction ("none", "mean", "sum", "batchmean") and the gradient of the
mean (or the case's reduction) with respect to the prediction ("grad").
"""
import torch
import torch.nn.functional as F

import golden

torch.manual_seed(1121)
cases = {}
REDUCTIONS = ("none", "mean", "sum")


def loss_case(name, function, prediction, grad_reduction="mean", reductions=REDUCTIONS, **inputs):
    entries = {"input": prediction, **inputs}
    for reduction in reductions:
        if reduction == "batchmean":
            entries["batchmean"] = function(prediction, reduction="sum") / prediction.size(0)
        else:
            entries[reduction] = function(prediction, reduction=reduction)
    p = prediction.clone().requires_grad_(True)
    if grad_reduction == "batchmean":
        loss = function(p, reduction="sum") / p.size(0)
    else:
        loss = function(p, reduction=grad_reduction)
    loss.backward()
    entries["grad"] = p.grad
    cases[name] = entries


logits = torch.randn(5, 4) * 2
targets = torch.tensor([0, 3, 1, 1, 2])
weight = torch.tensor([0.5, 2.0, 1.0, 3.0])
loss_case("cross_entropy", lambda p, reduction: F.cross_entropy(p, targets, reduction=reduction), logits,
          reductions=REDUCTIONS + ("batchmean",), targets=targets)
loss_case("cross_entropy_weight", lambda p, reduction: F.cross_entropy(p, targets, weight, reduction=reduction),
          logits, targets=targets, weight=weight)
loss_case("cross_entropy_smoothing",
          lambda p, reduction: F.cross_entropy(p, targets, label_smoothing=0.1, reduction=reduction), logits,
          targets=targets)
loss_case("cross_entropy_weight_smoothing",
          lambda p, reduction: F.cross_entropy(p, targets, weight, label_smoothing=0.2, reduction=reduction), logits,
          targets=targets, weight=weight)
ignored = torch.tensor([0, -100, 1, 1, -100])
loss_case("cross_entropy_ignore_index",
          lambda p, reduction: F.cross_entropy(p, ignored, reduction=reduction), logits, targets=ignored)
probabilities = torch.softmax(torch.randn(5, 4), dim=1)
loss_case("cross_entropy_probabilities",
          lambda p, reduction: F.cross_entropy(p, probabilities, reduction=reduction), logits, targets=probabilities)
spatial_logits, spatial_targets = torch.randn(2, 3, 2, 2), torch.randint(0, 3, (2, 2, 2))
loss_case("cross_entropy_spatial",
          lambda p, reduction: F.cross_entropy(p, spatial_targets, reduction=reduction), spatial_logits,
          targets=spatial_targets)

bce_logits, bce_targets = torch.randn(4, 3) * 2, torch.rand(4, 3)
pos_weight, element_weight = torch.tensor([1.0, 2.0, 0.5]), torch.rand(4, 3) + 0.5
loss_case("bce_with_logits",
          lambda p, reduction: F.binary_cross_entropy_with_logits(p, bce_targets, reduction=reduction), bce_logits,
          targets=bce_targets)
loss_case("bce_with_logits_weights",
          lambda p, reduction: F.binary_cross_entropy_with_logits(
              p, bce_targets, element_weight, pos_weight=pos_weight, reduction=reduction),
          bce_logits, targets=bce_targets, pos_weight=pos_weight, weight=element_weight)

prediction, target = torch.randn(3, 4) * 2, torch.randn(3, 4)
loss_case("mse", lambda p, reduction: F.mse_loss(p, target, reduction=reduction), prediction, target=target)
loss_case("l1", lambda p, reduction: F.l1_loss(p, target, reduction=reduction), prediction, target=target)
loss_case("huber_delta_0.5", lambda p, reduction: F.huber_loss(p, target, reduction=reduction, delta=0.5),
          prediction, target=target)
loss_case("huber_delta_1", lambda p, reduction: F.huber_loss(p, target, reduction=reduction), prediction,
          target=target)

log_probabilities = F.log_softmax(torch.randn(4, 5), dim=1)
target_probabilities = F.softmax(torch.randn(4, 5), dim=1)
loss_case("kl_div", lambda p, reduction: F.kl_div(p, target_probabilities, reduction=reduction), log_probabilities,
          grad_reduction="batchmean", reductions=REDUCTIONS + ("batchmean",), target=target_probabilities)
target_log = target_probabilities.log()
loss_case("kl_div_log_target",
          lambda p, reduction: F.kl_div(p, target_log, reduction=reduction, log_target=True), log_probabilities,
          grad_reduction="batchmean", reductions=REDUCTIONS + ("batchmean",), target=target_log)

golden.write("loss", cases)
