#!/usr/bin/env python3
"""PyTorch eager reference for `ofql bench agents`' acting figures (CPU or GPU).

Builds the networks OFQL and DQL act with on hopper's sizes (obs 11, act 3) the way plain PyTorch
code writes them (nn.Linear, nn.Mish; the official DQL code's MLP and sampler), and times one act
call for 1 and 2500 states, as `ofql bench agents` does: the median over repeated calls (wall time,
its minimum, and the calling thread's CPU time, which on a shared machine leaves out the waits for
a core), each ending with one value read back to the host, under torch.no_grad().

  OFQL:  a = clip(eps - u(eps, r=0, t=1; s), -1, 1),  u = MLP([a_t, s, emb(t), emb(r)])
         embeddings of 64 each, 3 x 256 Mish, output 3
  DQL-T: x_T ~ N(0, I); T reverse steps of eps_theta(x_k, k, s) (time MLP 16 -> 32 -> 16 on a
         16-dim sinusoid, body [x, e(k), s] -> 3 x 256 Mish -> 3), DDPM posterior with clipped x0
  FQL:   a = clip(mu([s, z]), -1, 1), one-step policy MLP 3 x 256 (this toolkit's preset), no time input

usage: python3 bench/act_reference.py [--device cpu|cuda] [--repeats 50] [--threads 1] [--out CSV]
"""
import argparse
import csv
import math
import os
import platform
import statistics
import sys
import time

import torch
import torch.nn as nn

OBS, ACT = 11, 3
BATCHES = (1, 2500)


class SinusoidalPosEmb(nn.Module):
    """DQL's SinusoidalPosEmb: [sin(t f), cos(t f)], f_i = exp(-log(1e4) i / (h - 1))."""

    def __init__(self, dim):
        super().__init__()
        half = dim // 2
        self.register_buffer("freqs", torch.exp(torch.arange(half) * -(math.log(10000) / (half - 1))))

    def forward(self, t):
        phase = t[:, None] * self.freqs[None, :]
        return torch.cat((phase.sin(), phase.cos()), dim=-1)


def mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.Mish())
    return nn.Sequential(*layers)


class OfqlPolicy(nn.Module):
    def __init__(self, emb=64, hidden=256, layers=3):
        super().__init__()
        self.emb = SinusoidalPosEmb(emb)
        self.net = mlp([ACT + OBS + 2 * emb] + [hidden] * layers + [ACT])

    def act(self, s):
        n = s.shape[0]
        eps = torch.randn(n, ACT, device=s.device)
        t = torch.ones(n, device=s.device)
        r = torch.zeros(n, device=s.device)
        u = self.net(torch.cat((eps, s, self.emb(t), self.emb(r)), dim=-1))
        return (eps - u).clamp(-1, 1)


class DqlPolicy(nn.Module):
    """The official Diffusion-QL MLP and its p_sample_loop with the 'vp' schedule."""

    def __init__(self, steps=5, emb=16, hidden=256, layers=3):
        super().__init__()
        self.time_mlp = nn.Sequential(SinusoidalPosEmb(emb), nn.Linear(emb, 2 * emb), nn.Mish(), nn.Linear(2 * emb, emb))
        self.net = mlp([ACT + emb + OBS] + [hidden] * layers + [ACT])
        self.steps = steps
        t = torch.arange(1, steps + 1, dtype=torch.float64)
        b_max, b_min = 10.0, 0.1
        alpha = torch.exp(-b_min / steps - 0.5 * (b_max - b_min) * (2 * t - 1) / steps ** 2)
        betas = 1 - alpha
        alphas_cumprod = torch.cumprod(1 - betas, 0)
        prev = torch.cat([torch.ones(1, dtype=torch.float64), alphas_cumprod[:-1]])
        var = betas * (1 - prev) / (1 - alphas_cumprod)
        f = lambda x: x.float()
        self.register_buffer("sqrt_recip", f(torch.sqrt(1 / alphas_cumprod)))
        self.register_buffer("sqrt_recipm1", f(torch.sqrt(1 / alphas_cumprod - 1)))
        self.register_buffer("coef1", f(betas * torch.sqrt(prev) / (1 - alphas_cumprod)))
        self.register_buffer("coef2", f((1 - prev) * torch.sqrt(1 - betas) / (1 - alphas_cumprod)))
        self.register_buffer("log_var", f(torch.log(var.clamp(min=1e-20))))

    def eps(self, x, t, s):
        return self.net(torch.cat([x, self.time_mlp(t), s], dim=1))

    def act(self, s):
        n = s.shape[0]
        x = torch.randn(n, ACT, device=s.device)
        for i in reversed(range(self.steps)):
            t = torch.full((n,), i, device=s.device, dtype=torch.long)
            x0 = (self.sqrt_recip[t][:, None] * x - self.sqrt_recipm1[t][:, None] * self.eps(x, t, s)).clamp(-1, 1)
            mean = self.coef1[t][:, None] * x0 + self.coef2[t][:, None] * x
            noise = torch.randn_like(x)
            mask = (1 - (t == 0).float())[:, None]
            x = mean + mask * (0.5 * self.log_var[t][:, None]).exp() * noise
        return x.clamp(-1, 1)


class FqlPolicy(nn.Module):
    def __init__(self, hidden=256, layers=3):
        super().__init__()
        self.net = mlp([OBS + ACT] + [hidden] * layers + [ACT])

    def act(self, s):
        z = torch.randn(s.shape[0], ACT, device=s.device)
        return self.net(torch.cat((s, z), dim=-1)).clamp(-1, 1)


def time_act(policy, states, repeats, sync):
    with torch.no_grad():
        for _ in range(5):
            policy.act(states)[0, 0].item()
        ms, cpu = [], []
        for _ in range(repeats):
            t0, c0 = time.perf_counter(), time.thread_time()
            policy.act(states)[0, 0].item()
            sync()
            cpu.append((time.thread_time() - c0) * 1e3)
            ms.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(ms), min(ms), statistics.median(cpu)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--device", default="cpu")
    p.add_argument("--repeats", type=int, default=50)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--dql-steps", default="5")
    p.add_argument("--algos", default="ofql,dql,fql")
    p.add_argument("--out")
    a = p.parse_args()
    if a.repeats < 1 or a.threads < 1:
        sys.exit("act_reference: --repeats and --threads must be >= 1")
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    dev = torch.device(a.device)
    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)
    name = torch.cuda.get_device_name(dev) if dev.type == "cuda" else platform.processor() or platform.machine()
    policies = []
    for algo in a.algos.split(","):
        if algo == "ofql":
            policies.append(("ofql", "", OfqlPolicy()))
        elif algo == "dql":
            policies += [("dql", f"T={t}", DqlPolicy(steps=int(t))) for t in a.dql_steps.split(",")]
        elif algo == "fql":
            policies.append(("fql", "", FqlPolicy()))
        else:
            sys.exit(f"act_reference: --algos: unknown algorithm '{algo}', expected ofql, dql or fql")
    rows = []
    print(f"PyTorch {torch.__version__} on {dev} ({name}), {torch.get_num_threads()} thread(s); "
          "ms per call: median (min, median thread CPU time)")
    for algo, variant, policy in policies:
        policy = policy.to(dev).eval()
        row = {"algorithm": algo, "variant": variant, "device": dev.type, "threads": torch.get_num_threads(),
               "pytorch_version": torch.__version__}
        for n in BATCHES:
            states = torch.randn(n, OBS, device=dev)
            med, low, cpu = time_act(policy, states, a.repeats, sync)
            row[f"act_ms_batch{n}"] = f"{med:.4f}"
            row[f"act_min_ms_batch{n}"] = f"{low:.4f}"
            row[f"act_cpu_ms_batch{n}"] = f"{cpu:.4f}"
        rows.append(row)
        print(f"{algo:5s} {variant:5s}" + "".join(
            f"   act {n}: {float(row[f'act_ms_batch{n}']):8.3f} ({float(row[f'act_min_ms_batch{n}']):.3f}, "
            f"cpu {float(row[f'act_cpu_ms_batch{n}']):.3f})" for n in BATCHES))
    if a.out:
        tmp = a.out + ".tmp"
        with open(tmp, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
            w.writeheader()
            w.writerows(rows)
        os.replace(tmp, a.out)


if __name__ == "__main__":
    main()
