"""Goldens for the reference text's Entire Procedure (training, validation and testing loops).

Fixed data and fixed starting weights (written into the golden, so C# uses exactly the same numbers), shuffle off
(SEED_ERRATA A.13: shuffled order is RNG-dependent). MyModel = Sequential(Linear(10, 32), Sigmoid(), Linear(32, 1)),
MSELoss, SGD(lr=0.1), batch 16. Records the per-epoch training loss (mean over samples of each step's loss),
validation loss (the text's total_loss += loss.item() * len(x), divided by len(dataset)), test predictions and the
final weights. A second case adds momentum and LambdaLR(0.95 ** epoch).
"""
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from golden_io import write

torch.manual_seed(0)
g = torch.Generator().manual_seed(1234)
x_train = torch.randn(100, 10, generator=g)
w_true = torch.randn(10, 1, generator=g)
y_train = x_train @ w_true + 0.1 * torch.randn(100, 1, generator=g)
x_valid = torch.randn(37, 10, generator=g)
y_valid = x_valid @ w_true + 0.1 * torch.randn(37, 1, generator=g)
x_test = torch.randn(23, 10, generator=g)


def fixed_model():
    model = nn.Sequential(nn.Linear(10, 32), nn.Sigmoid(), nn.Linear(32, 1))
    with torch.no_grad():
        for i, p in enumerate(model.parameters()):
            n = p.numel()
            values = torch.sin(torch.arange(n, dtype=torch.float64) * 0.37 + i) * 0.3
            p.copy_(values.reshape(p.shape).to(torch.float32))
    return model


def procedure(momentum, schedule, epochs):
    model = fixed_model()
    start = {k: v.clone() for k, v in model.state_dict().items()}
    tr_set = DataLoader(TensorDataset(x_train, y_train), 16, shuffle=False)
    dv_set = DataLoader(TensorDataset(x_valid, y_valid), 16, shuffle=False)
    tt_set = DataLoader(x_test, 16, shuffle=False)
    criterion = nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), 0.1, momentum=momentum)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda e: 0.95 ** e) if schedule else None
    train_losses, valid_losses, lrs = [], [], []
    for epoch in range(epochs):
        lrs.append(optimizer.param_groups[0]["lr"])
        model.train()
        total = 0.0
        for x, y in tr_set:
            optimizer.zero_grad()
            pred = model(x)
            loss = criterion(pred, y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(x)
        train_losses.append(total / len(tr_set.dataset))
        model.eval()
        total_loss = 0.0
        for x, y in dv_set:
            with torch.no_grad():
                pred = model(x)
                loss = criterion(pred, y)
            total_loss += loss.cpu().item() * len(x)
        valid_losses.append(total_loss / len(dv_set.dataset))
        if scheduler:
            scheduler.step()
    model.eval()
    preds = []
    for x in tt_set:
        with torch.no_grad():
            preds.append(model(x).cpu())
    return {
        "start": start,
        "train_loss": train_losses,
        "valid_loss": valid_losses,
        "lr": lrs,
        "predictions": torch.cat(preds, 0),
        "final": model.state_dict(),
    }


cases = {
    "data": {"x_train": x_train, "y_train": y_train, "x_valid": x_valid, "y_valid": y_valid, "x_test": x_test},
    "sgd": procedure(momentum=0.0, schedule=False, epochs=3),
    "sgd_momentum_lambda": procedure(momentum=0.9, schedule=True, epochs=4),
}
write("training", cases)
