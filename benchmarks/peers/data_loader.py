"""PyTorch peer of benchmarks/TorchFluent.Benchmarks/Data/LoaderThroughput.cs (program "loader").

100,000 samples of x[10] and y[1] (float32), batch 16, shuffled, one thread. Modes:
  tensor      DataLoader(TensorDataset(x, y), batch_size=16, shuffle=True, num_workers=0)
  persample   DataLoader(PerSample(x, y), ...) where __getitem__ returns (self.x[i], self.y[i]) (the reference text's MyDataset)
  handmade    randperm + index_select per batch, no DataLoader
  indexer     PerSample.__getitem__ over a shuffled epoch, 16 samples at a time, no DataLoader and no collation
Prints one line per mode: "<mode> <median batches/s> <epoch 1> <epoch 2> ...". Run with Debian's /usr/bin/python3 (PyTorch 1.13):
  /usr/bin/python3 benchmarks/peers/data_loader.py --epochs 5
With --serve it reads "<mode> <epochs>" lines from stdin and answers each with the batches/s of that many epochs (the
C# program "loader" drives it that way, alternating PyTorch's measurements with its own).
"""
import argparse
import statistics
import sys
import time

import torch
from torch.utils.data import DataLoader, Dataset, TensorDataset

N, FEATURES, BATCH = 100_000, 10, 16


class PerSample(Dataset):
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]


def epoch_rate(run):
    start = time.perf_counter()
    batches = run()
    return batches / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--modes", default="tensor,persample,handmade,indexer")
    parser.add_argument("--serve", action="store_true", help="run one epoch per mode name read from stdin")
    args = parser.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(0)
    x = torch.randn(N, FEATURES)
    y = torch.randn(N, 1)
    generator = torch.Generator().manual_seed(0)
    loaders = {
        "tensor": DataLoader(TensorDataset(x, y), batch_size=BATCH, shuffle=True, num_workers=0, generator=generator),
        "persample": DataLoader(PerSample(x, y), batch_size=BATCH, shuffle=True, num_workers=0, generator=generator),
    }

    def through(loader):
        def run():
            batches = 0
            for xb, yb in loader:
                batches += 1
            return batches
        return run

    def handmade():
        batches = 0
        perm = torch.randperm(N)
        for start in range(0, N, BATCH):
            index = perm[start:start + BATCH]
            xb, yb = x.index_select(0, index), y.index_select(0, index)
            batches += 1
        return batches

    per_sample = PerSample(x, y)

    def indexer():
        batches = 0
        order = torch.randperm(N).tolist()
        for start in range(0, N, BATCH):
            for i in order[start:start + BATCH]:
                xs, ys = per_sample[i]
            batches += 1
        return batches

    runs = {"tensor": through(loaders["tensor"]), "persample": through(loaders["persample"]), "handmade": handmade,
            "indexer": indexer}
    if args.serve:
        # Paired runs: the C# program sends a mode name per line and gets one epoch's rate back, so PyTorch's epochs
        # and its own alternate and machine-speed drift cancels out in each pair's ratio.
        for line in sys.stdin:
            if not line.strip():
                break
            mode, repeat = (line.split() + ["1"])[:2]
            start = time.perf_counter()
            batches = sum(runs[mode]() for _ in range(int(repeat)))
            print(round(batches / (time.perf_counter() - start)), flush=True)
        return
    for mode in args.modes.split(","):
        run = runs[mode]
        run()  # warm-up epoch
        rates = [epoch_rate(run) for _ in range(args.epochs)]
        print(mode, round(statistics.median(rates)), *[round(r) for r in rates], flush=True)


if __name__ == "__main__":
    main()
