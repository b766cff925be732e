"""PyTorch peer for TorchFluent's training benchmarks (issue 6). Run with Debian's /usr/bin/python3.

  /usr/bin/python3 benchmarks/peers/training_peer.py procedure      # the reference text's Entire Procedure
  /usr/bin/python3 benchmarks/peers/training_peer.py compute        # MLP 784-512-512-10, batch 128
  /usr/bin/python3 benchmarks/peers/training_peer.py rss --epochs 50

Workloads (same as the C# side): MLP 10-32-1 (Linear, Sigmoid, Linear), MSELoss, SGD lr 0.1, batch 16,
20,000 training and 5,000 validation samples of x[10], y[1], shuffled training DataLoader, 5 epochs with a
validation pass each epoch. One thread. Prints one JSON line per measurement.
"""
import argparse
import json
import resource
import time

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def rss_mb():
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def data(n, features, outputs, generator):
    x = torch.randn(n, features, generator=generator)
    y = torch.randn(n, outputs, generator=generator)
    return TensorDataset(x, y)


def run_epochs(model, train, valid, epochs, on_epoch=None):
    criterion = nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(epochs):
        model.train()
        for x, y in train:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
        model.eval()
        total = 0.0
        with torch.no_grad():
            for x, y in valid:
                total += criterion(model(x), y).item() * len(x)
        if on_epoch:
            on_epoch(epoch, total / len(valid.dataset))


def procedure(args):
    g = torch.Generator().manual_seed(0)
    train = DataLoader(data(20_000, 10, 1, g), batch_size=16, shuffle=True)
    valid = DataLoader(data(5_000, 10, 1, g), batch_size=16, shuffle=False)
    for repeat in range(args.repeats):
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(10, 32), nn.Sigmoid(), nn.Linear(32, 1))
        start = time.perf_counter()
        run_epochs(model, train, valid, args.epochs)
        seconds = time.perf_counter() - start
        print(json.dumps({"workload": "procedure", "repeat": repeat, "epochs": args.epochs,
                          "train_samples_per_s": 20_000 * args.epochs / seconds, "seconds": seconds,
                          "peak_rss_mb": peak_rss_mb()}))


def compute(args):
    g = torch.Generator().manual_seed(0)
    train = DataLoader(data(20_000, 784, 10, g), batch_size=128, shuffle=True)
    for repeat in range(args.repeats):
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))
        criterion = nn.MSELoss()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
        start = time.perf_counter()
        for x, y in train:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()
        seconds = time.perf_counter() - start
        print(json.dumps({"workload": "compute", "repeat": repeat, "train_samples_per_s": 20_000 / seconds,
                          "threads": torch.get_num_threads()}))


def rss(args):
    g = torch.Generator().manual_seed(0)
    train = DataLoader(data(20_000, 10, 1, g), batch_size=16, shuffle=True)
    valid = DataLoader(data(5_000, 10, 1, g), batch_size=16, shuffle=False)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(10, 32), nn.Sigmoid(), nn.Linear(32, 1))
    samples = []
    run_epochs(model, train, valid, args.epochs, lambda e, _: samples.append(rss_mb()))
    at5, last = samples[4], samples[-1]
    print(json.dumps({"workload": "rss", "epochs": args.epochs, "rss_mb_epoch5": at5, "rss_mb_last": last,
                      "growth_percent": 100 * (last - at5) / at5, "peak_rss_mb": peak_rss_mb()}))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("workload", choices=["procedure", "compute", "rss"])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    {"procedure": procedure, "compute": compute, "rss": rss}[args.workload](args)
