"""Golden values for TensorMathTests and TensorAutogradTests: run with /usr/bin/python3 (Debian's PyTorch 1.13).

Every case stores its inputs next to its outputs, so the C# tests never depend on matching PyTorch's random stream.
Names: op case inputs are x, y, ...; outputs are out (or values/indices, grad_<input>).
"""
import math

import torch

from golden import write

torch.manual_seed(20261121)
cases = {}


def case(name, **entries):
    assert name not in cases, name
    cases[name] = entries


def randn(*shape, dtype=torch.float32):
    return torch.randn(*shape, dtype=dtype)


def positive(*shape, dtype=torch.float32):
    return torch.rand(*shape, dtype=dtype) + 0.5


# ---- arithmetic, float32 with broadcasting ----
x, y, z = randn(2, 3), randn(3), randn(2, 1)
p, q = positive(2, 3), positive(3)
case("add_broadcast", x=x, y=y, out=x + y)
case("add_alpha", x=x, y=y, out=torch.add(x, y, alpha=2.5))
case("sub_broadcast", x=x, z=z, out=x - z)
case("sub_alpha", x=x, z=z, out=torch.sub(x, z, alpha=-0.5))
case("mul_broadcast", x=x, z=z, out=x * z)
case("div_broadcast", x=x, q=q, out=x / q)
case("add_scalar", x=x, out=x + 1.5)
case("sub_scalar", x=x, out=x - 2)
case("rsub_scalar", x=x, out=3 - x)
case("mul_scalar", x=x, out=x * -2.5)
case("div_scalar", x=x, out=x / 4)
case("rdiv_scalar", p=p, out=2 / p)
case("neg", x=x, out=-x)
case("pow_scalar", p=p, out=p ** 2.5)
case("pow_int_scalar", x=x, out=x ** 2)
case("pow_tensor", p=p, q=q, out=p ** q)
case("maximum", x=x, z=z, out=torch.maximum(x, z))
case("minimum", x=x, z=z, out=torch.minimum(x, z))
case("clamp_both", x=x, out=torch.clamp(x, -0.5, 0.5))
case("clamp_min", x=x, out=torch.clamp(x, min=0.0))
case("clamp_max", x=x, out=torch.clamp(x, max=0.25))
cond = x > 0
case("where", cond=cond, x=x, z=z, out=torch.where(cond, x, z))

a, b, v = randn(2, 3), randn(3, 4), randn(3)
batch = randn(2, 2, 3)
case("matmul_2d", a=a, b=b, out=a @ b)
case("matmul_batched", batch=batch, b=b, out=batch @ b)
case("matmul_vector", v=v, b=b, out=v @ b)

# ---- unary ----
w = randn(2, 3) * 3
case("unary", x=w, p=p,
     exp=w.exp(), log=p.log(), log1p=p.log1p(), sqrt=p.sqrt(), rsqrt=p.rsqrt(), abs=w.abs(), sign=w.sign(),
     square=w.square(), reciprocal=p.reciprocal(), sigmoid=w.sigmoid(), tanh=w.tanh(), floor=w.floor(),
     ceil=w.ceil(), round=w.round())

# ---- float64 ----
x64, y64, b64 = randn(2, 3, dtype=torch.float64), randn(3, dtype=torch.float64), randn(3, 2, dtype=torch.float64)
case("float64_ops", x=x64, y=y64, b=b64, add=x64 + y64, mul=x64 * y64, exp=x64.exp(), matmul=x64 @ b64,
     sum=x64.sum(), std=x64.std())

# ---- int64 (dtype promotion follows Python scalars) ----
i = torch.tensor([[3, -1, 4], [1, -5, 9]], dtype=torch.int64)
j = torch.tensor([2, 7, -3], dtype=torch.int64)
case("int64_ops", i=i, j=j,
     add_int=i + 2, add_float=i + 2.5, mul_tensor=i * j, div=i / j, pow_int=i ** 2, clamp_int=torch.clamp(i, 0, 5),
     clamp_float=torch.clamp(i, 0.5, 5.5), sum=i.sum(), argmax=i.argmax(), sub_tensor=i - j)

# ---- comparison and logic ----
cx, cy = torch.tensor([[1.0, 2.0, 3.0], [4.0, 2.0, 0.0]]), torch.tensor([2.0, 2.0, 1.0])
case("compare", x=cx, y=cy,
     eq=cx == cy, ne=cx != cy, lt=cx < cy, le=cx <= cy, gt=cx > cy, ge=cx >= cy,
     eq_s=cx == 2, ne_s=cx != 2, lt_s=cx < 2, le_s=cx <= 2, gt_s=cx > 2.5, ge_s=cx >= 2)
ba, bb = torch.tensor([True, True, False, False]), torch.tensor([True, False, True, False])
case("logic", a=ba, b=bb, land=ba & bb, lor=ba | bb, lxor=ba ^ bb, lnot=~ba)
near = x + 1e-6
case("allclose", x=x, near=near, far=x + 1e-2, close=torch.allclose(x, near), not_close=torch.allclose(x, x + 1e-2))

# ---- reductions ----
r = randn(2, 3, 4)
case("sum_mean", x=r, sum=r.sum(), sum_dim=r.sum(1), sum_dim_keep=r.sum(1, keepdim=True), sum_dims=r.sum((0, 2)),
     sum_f64=r.sum(dtype=torch.float64),
     mean=r.mean(), mean_dim=r.mean(-1), mean_dims_keep=r.mean((0, 1), keepdim=True))
mx = r.max(dim=1)
mn = r.min(dim=2, keepdim=True)
case("extrema", x=r, max=r.max(), min=r.min(), max_values=mx.values, max_indices=mx.indices,
     min_values=mn.values, min_indices=mn.indices,
     argmax=r.argmax(), argmax_dim=r.argmax(dim=2), argmin_dim_keep=r.argmin(dim=0, keepdim=True), argmin=r.argmin())
t = randn(3, 5)
top = torch.topk(t, 2)
bottom = torch.topk(t, 3, dim=0, largest=False)
case("topk", x=t, values=top.values, indices=top.indices, small_values=bottom.values, small_indices=bottom.indices)
case("spread", x=r, std=r.std(), std_biased=r.std(unbiased=False), std_dim=r.std(1), std_dims_keep=r.std((0, 2), keepdim=True),
     var=r.var(), var_biased=r.var(unbiased=False), var_dim=r.var(-1, unbiased=False))
case("norms", x=r, norm2=r.norm(), norm1=r.norm(1), norm_inf=r.norm(float("inf")), norm_dim=r.norm(2, dim=1),
     norm_dims_keep=r.norm(1, dim=(1, 2), keepdim=True))
nz = torch.tensor([[0.0, 1.0, 0.0, 2.0], [3.0, 0.0, 0.0, 0.0]])
case("count_nonzero", x=nz, all=torch.count_nonzero(nz), dim=torch.count_nonzero(nz, dim=0),
     dims=torch.count_nonzero(nz, dim=(0, 1)))

# ---- views and indexing ----
s = randn(2, 1, 3)
gidx = torch.tensor([[0, 0, 2], [1, 0, 1]])
gsrc = randn(2, 3)
labels = torch.tensor([2, 0, 1, 2])
case("views", x=s, transpose=s.transpose(0, 2), permute=s.permute(2, 0, 1), unsqueeze=s.unsqueeze(1),
     squeeze=s.squeeze(), squeeze_dim=s.squeeze(1), expand=s.expand(2, 4, 3), repeat=s.repeat(1, 2, 2),
     narrow=s.narrow(2, 1, 2))
case("indexing", x=gsrc, index=gidx, gather=gsrc.gather(1, gidx),
     scatter=torch.zeros(2, 3).scatter(1, torch.tensor([[2, 0, 1], [1, 2, 0]]), gsrc),
     masked_fill=gsrc.masked_fill(gsrc < 0, -1.0), labels=labels, one_hot=torch.nn.functional.one_hot(labels),
     one_hot_5=torch.nn.functional.one_hot(labels, 5))

# ---- autograd ----
torch.manual_seed(7)
ax, aw, ab, at = randn(4, 3), randn(3, 2), randn(2), torch.rand(4, 2)
gx, gw, gb = (v.clone().requires_grad_() for v in (ax, aw, ab))
hidden = torch.sigmoid(gx @ gw + gb)
loss = ((hidden - at) ** 2).mean() + 0.1 * gw.abs().sum() + (gb.tanh() * gb.exp()).sum() - (hidden + 1).log().mean() \
    + (gw.square() + 1).sqrt().sum() / 3
loss.backward()
case("grad_composite", x=ax, w=aw, b=ab, t=at, loss=loss, grad_x=gx.grad, grad_w=gw.grad, grad_b=gb.grad)

ba_, bc_ = randn(2, 3), randn(3)
ga, gc = ba_.clone().requires_grad_(), bc_.clone().requires_grad_()
loss = (ga * gc / (gc.abs() + 1)).sum() + (ga - gc).pow(2).mean()
loss.backward()
case("grad_broadcast", a=ba_, c=bc_, loss=loss, grad_a=ga.grad, grad_c=gc.grad)

rr = randn(3, 4)
gr = rr.clone().requires_grad_()
loss = gr.max() + gr.std() + gr.norm() + torch.topk(gr, 2).values.sum() + torch.clamp(gr, -0.5, 0.5).sum() \
    + torch.where(gr > 0, gr, gr * 0.1).sum() + gr.var(1).sum() + gr.mean(0).pow(2).sum()
loss.backward()
case("grad_reductions", x=rr, loss=loss, grad_x=gr.grad)

px, pe = positive(2, 3), positive(3)
gp, ge = px.clone().requires_grad_(), pe.clone().requires_grad_()
loss = (gp ** ge).sum() + (2 / gp).sum() + (1 - gp).sum() * 0.5 + gp.rsqrt().sum() + gp.log1p().sum()
loss.backward()
case("grad_pow_and_scalars", p=px, e=pe, loss=loss, grad_p=gp.grad, grad_e=ge.grad)

cx_ = randn(2, 3)
gcx = cx_.clone().requires_grad_()
upstream = randn(2, 3)
(gcx ** 3).backward(upstream)
case("grad_with_gradient", x=cx_, upstream=upstream, grad_x=gcx.grad)

d = randn(3, 2, dtype=torch.float64)
gd = d.clone().requires_grad_()
loss = (gd @ gd.t()).exp().sum().log()
loss.backward()
case("grad_float64", x=d, loss=loss, grad_x=gd.grad)

write("tensor_math", cases)
