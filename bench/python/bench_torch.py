"""PyTorch comparison for `feedbackrl bench` (issue #7): what an RL researcher would write.

W1: autograd through the replayed recorded trajectory, the way the authors' Julia code computes
the same estimate: x_{t+1} = F̂(x_t, u_t) − F̂(x̄_t, ū_t) + x̄_{t+1}, with x̄, ū the recorded states
and inputs (constants), u_t the policy (network → spline → controller) on the replayed state, all N
trajectories as one batch dimension; J = Σ_t R_t + R_T; J.backward() gives ∇̂J. float64, one thread.

    python3 bench_torch.py check WORKLOAD OUT     agreement sections (layout: Impl.sections in Java)
    python3 bench_torch.py time  WORKLOAD SECONDS "name median_s alloc samples" lines
"""
import math
import struct
import sys
import time

import torch

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
PI = math.pi
NC, NG = 4, 6


def load(path):
    raw = open(path, "rb").read()
    d = struct.unpack("<%dd" % (len(raw) // 8), raw)
    it = iter(d)
    nxt = lambda: next(it)
    take = lambda n: [next(it) for _ in range(n)]
    w = {}
    assert int(nxt()) == 1, "unknown workload version"
    for k in ["N", "T", "nIn", "H", "nOut", "callEvery", "q", "w3Step", "w4Max"]:
        w[k] = int(nxt())
    for k in ["dt", "lap", "vNom", "wv", "wphi", "aMax", "wMax"]:
        w[k] = nxt()
    w["gains"] = take(6)
    for k in ["accelGain", "drag", "steerGain", "steerBias", "lr"]:
        w[k] = nxt()
    w["scale"] = torch.tensor(take(w["nOut"]))
    p = int(nxt())
    w["theta"] = torch.tensor(take(p))
    N, T, q = w["N"], w["T"], w["q"]
    xs, us, zs = [], [], []
    for _ in range(N):
        xs.append(torch.tensor(take((T + 1) * 4)).view(T + 1, 4))
        us.append(torch.tensor(take(T * 2)).view(T, 2))
        zs.append(torch.tensor(take((T + 1) * q)).view(T + 1, q))
        take(4)
    w["xs"] = torch.stack(xs, 1)  # (T+1, N, 4)
    w["us"] = torch.stack(us, 1)  # (T, N, 2)
    w["zs"] = torch.stack(zs, 1)  # (T+1, N, q)
    w["x3"] = torch.tensor(take(4))
    w["zPrev3"] = torch.tensor(take(q))
    w["X4"] = torch.tensor(take(w["w4Max"] * w["nIn"])).view(w["w4Max"], w["nIn"])
    w["Yb4"] = torch.tensor(take(w["w4Max"] * w["nOut"])).view(w["w4Max"], w["nOut"])
    w["omega"] = 2 * (2 * PI) / w["lap"]
    return w


def make_net(w):
    H, nIn, nOut = w["H"], w["nIn"], w["nOut"]
    net = torch.nn.Sequential(torch.nn.Linear(nIn, H), torch.nn.Tanh(), torch.nn.Linear(H, H), torch.nn.Tanh(),
                              torch.nn.Linear(H, nOut), torch.nn.Tanh())
    th, o = w["theta"], 0
    with torch.no_grad():
        for lin in (net[0], net[2], net[4]):
            i, j = lin.in_features, lin.out_features
            lin.weight.copy_(th[o:o + i * j].view(i, j).T); o += i * j
            lin.bias.copy_(th[o:o + j]); o += j
    return net


def flat_grad(net):
    return torch.cat([torch.cat([lin.weight.grad.T.reshape(-1), lin.bias.grad]) for lin in (net[0], net[2], net[4])])


def wrap(a):
    r = a - 2 * PI * torch.round(a / (2 * PI))
    return torch.where(r <= -PI, r + 2 * PI, r)


def reference(w, tau):
    lap, om, R = w["lap"], w["omega"], 1.5
    s = math.fmod(tau, lap)
    if s < 0:
        s += lap
    if s < lap / 2:
        cx, ang, dr = R, PI + om * s, 1.0
    else:
        cx, ang, dr = -R, -om * (s - lap / 2), -1.0
    c, sn = math.cos(ang), math.sin(ang)
    return [cx + R * c, R * sn, -R * sn * dr * om, R * c * dr * om, -R * c * om * om, -R * sn * om * om]


def herm(s):
    s2, s3 = s * s, s * s * s
    hp = [2 * s3 - 3 * s2 + 1, s3 - 2 * s2 + s, -2 * s3 + 3 * s2, s3 - s2]
    hv = [6 * s2 - 6 * s, 3 * s2 - 4 * s + 1, -6 * s2 + 6 * s, 3 * s2 - 2 * s]
    ha = [12 * s - 6, 6 * s - 4, -12 * s + 6, 6 * s - 2]
    return hp, hv, ha


def features(w, t, x):
    ph = 2 * PI * t * w["dt"] / w["lap"]
    n = x.shape[0]
    return torch.stack([x[:, 0], x[:, 1], x[:, 2] * torch.cos(x[:, 3]), x[:, 2] * torch.sin(x[:, 3]),
                        torch.full((n,), math.cos(ph)), torch.full((n,), math.sin(ph))], 1)


def policy(w, net, t, x, zprev):
    """u_t and z_t for a batch of states x (n, 4) and memories zprev (n, q)."""
    ce = w["callEvery"]
    if t % ce == 0:
        y = net(features(w, t, x)) * w["scale"]
        z = torch.cat([zprev[:, NC:2 * NC], y], 1)
    else:
        z = zprev
    ref0 = reference(w, t * w["dt"])
    s, dl = (t % ce) / ce, ce * w["dt"]
    hp, hv, ha = herm(s)
    p0, v0, p1, v1 = z[:, 0:2], z[:, 2:4], z[:, NC:NC + 2], z[:, NC + 2:NC + 4]
    pos = torch.tensor(ref0[0:2]) + hp[0] * p0 + hp[1] * dl * v0 + hp[2] * p1 + hp[3] * dl * v1
    vel = torch.tensor(ref0[2:4]) + (hv[0] * p0 + hv[1] * dl * v0 + hv[2] * p1 + hv[3] * dl * v1) / dl
    acc = torch.tensor(ref0[4:6]) + (ha[0] * p0 + ha[1] * dl * v0 + ha[2] * p1 + ha[3] * dl * v1) / (dl * dl)
    k = torch.tensor(w["gains"]) + z[:, 2 * NC:2 * NC + NG]
    kx, ky, kv, kphi, ka, kw = (k[:, j] for j in range(6))
    ex, ey = pos[:, 0] - x[:, 0], pos[:, 1] - x[:, 1]
    wx, wy = vel[:, 0] + kx * ex, vel[:, 1] + ky * ey
    vd = torch.clamp(torch.hypot(wx, wy), min=1e-9)
    ephi = wrap(torch.atan2(wy, wx) - x[:, 3])
    vx0, vy0, ax0, ay0 = vel[:, 0], vel[:, 1], acc[:, 0], acc[:, 1]
    vn = torch.clamp(torch.hypot(vx0, vy0), min=1e-9)
    aff = (vx0 * ax0 + vy0 * ay0) / vn
    wff = (vx0 * ay0 - vy0 * ax0) / (vn * vn * vn)
    a = torch.clamp(ka * aff + kv * (vd - x[:, 2]), -w["aMax"], w["aMax"])
    om = torch.clamp(kw * wff + kphi * ephi, -w["wMax"], w["wMax"])
    return torch.stack([a, om], 1), z


def model_step(w, x, u):
    dt, v, phi = w["dt"], x[:, 2], x[:, 3]
    return torch.stack([x[:, 0] + v * torch.cos(phi) * dt, x[:, 1] + v * torch.sin(phi) * dt,
                        v + dt * (w["accelGain"] * u[:, 0] - w["drag"] * v * v),
                        phi + dt * (w["steerGain"] * u[:, 1] + w["steerBias"]) * v], 1)


def reward(w, s):
    px, py = s[:, 0], s[:, 1]
    cx = torch.where(px >= 0, 1.5, -1.5)
    dx, dy = px - cx, py
    r = torch.clamp(torch.hypot(dx, dy), min=1e-9)
    e = r - 1.5
    ev = s[:, 2] - w["vNom"]
    tangent = torch.atan2(dy, dx) + torch.where(px >= 0, 1.0, -1.0) * PI / 2
    ep = wrap(s[:, 3] - tangent)
    return -(e * e + w["wv"] * ev * ev + w["wphi"] * ep * ep)


def w1(w, net):
    """∇̂J summed over the N recorded rollouts by autograd through the replay. Returns (g, J)."""
    net.zero_grad(set_to_none=True)
    xs, us, zs, T = w["xs"], w["us"], w["zs"], w["T"]
    x, z = xs[0], zs[0]
    J = torch.zeros(())
    for t in range(T):
        u, z = policy(w, net, t, x, z)
        J = J + reward(w, x).sum()
        x = model_step(w, x, u) - model_step(w, xs[t], us[t]) + xs[t + 1]
    J = J + reward(w, x).sum()
    J.backward()
    return flat_grad(net), J.item()


def main():
    mode, wl = sys.argv[1], sys.argv[2]
    w = load(wl)
    net = make_net(w)
    params = [p for p in net.parameters()]
    X4, Yb4 = w["X4"], w["Yb4"]
    nIn, nOut = w["nIn"], w["nOut"]

    def w3():
        with torch.no_grad():
            u, _ = policy(w, net, w["w3Step"], w["x3"].view(1, 4), w["zPrev3"].view(1, -1))
        return u

    def fwd(B):
        with torch.no_grad():
            return net(X4[:B]) * w["scale"]

    try:
        from torch.func import jacrev, vmap        # PyTorch ≥ 2.0
    except ImportError:
        from functorch import jacrev, vmap         # PyTorch 1.13 (Debian 12)
    jac_fn = vmap(jacrev(lambda xx: net(xx) * w["scale"]))

    def jacobian(B):
        with torch.no_grad():
            return jac_fn(X4[:B])

    if mode == "check":
        out = []
        g, J = w1(w, net)
        out += g.tolist() + [J]
        out += w3().view(-1).tolist()
        B = w["w4Max"]
        out += fwd(B).reshape(-1).tolist()
        out += jacobian(B).reshape(-1).tolist()
        Xr = X4.clone().requires_grad_(True)
        y = net(Xr) * w["scale"]
        net.zero_grad(set_to_none=True)
        y.backward(Yb4)
        out += flat_grad(net).tolist() + Xr.grad.reshape(-1).tolist()
        out += [float("nan")] * len(w["theta"])   # W2 not implemented here
        open(sys.argv[3], "wb").write(struct.pack("<%dd" % len(out), *out))
        return

    secs = float(sys.argv[3])

    def time_it(name, f):
        t0 = time.perf_counter()
        reps = 0
        while time.perf_counter() - t0 < secs * 0.3 or reps < 2:
            f(); reps += 1
        per = (time.perf_counter() - t0) / reps
        inner = max(1, int(0.05 / per))
        samples = []
        t1 = time.perf_counter()
        while time.perf_counter() - t1 < secs * 0.7 or len(samples) < 5:
            s0 = time.perf_counter()
            for _ in range(inner):
                f()
            samples.append((time.perf_counter() - s0) / inner)
        samples.sort()
        print("%s %.9e - %d" % (name, samples[len(samples) // 2], len(samples)), flush=True)

    time_it("W1", lambda: w1(w, net))
    time_it("W3", w3)
    for B in (1, 8, 256):
        time_it("W4.forward.%d" % B, lambda: fwd(B))
        time_it("W4.jacobian.%d" % B, lambda: jacobian(B))
        Xr = X4[:B].clone().requires_grad_(True)
        y = net(Xr) * w["scale"]
        yb = Yb4[:B]
        time_it("W4.backward.%d" % B, lambda: torch.autograd.grad(y, params + [Xr], yb, retain_graph=True))


if __name__ == "__main__":
    main()
