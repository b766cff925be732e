"""Goldens for the reference text's RNN heading (SEED_ERRATA.md section C): shapes, weight layouts, unbatched input
and exact outputs of nn.RNN / nn.LSTM / nn.GRU on deterministically filled weights.

det_fill_ gives every parameter values that C# computes bit for bit the same way (integers, one correctly rounded
float64 division, one cast), keyed by the parameter's name, so the goldens need not carry the weights; the state_dict
names and shapes are recorded to check that TorchSharp names them as PyTorch does."""
import torch
import torch.nn as nn

from golden_io import write

torch.manual_seed(0)
cases = {}


def det_fill_(module):
    """Parameter k (by sorted name) holds ((i * 37 + 11 * k) % 41 - 20) / 100 at flat index i."""
    with torch.no_grad():
        for k, name in enumerate(sorted(n for n, _ in module.named_parameters())):
            p = module.get_parameter(name)
            i = torch.arange(p.numel(), dtype=torch.int64)
            values = ((i * 37 + 11 * k) % 41 - 20).to(torch.float64) / 100
            p.copy_(values.reshape(p.shape).to(p.dtype))
    return module


def record(module, x, state=None, **extra):
    det_fill_(module)
    module.eval()
    with torch.no_grad():
        out = module(x) if state is None else module(x, state)
    case = {"parameters": [[n, list(p.shape)] for n, p in module.named_parameters()], "input": x, "output": out[0]}
    hidden = out[1]
    if isinstance(hidden, tuple):
        case["h_n"], case["c_n"] = hidden
    else:
        case["h_n"] = hidden
    if state is not None:
        if isinstance(state, tuple):
            case["h0"], case["c0"] = state
        else:
            case["h0"] = state
    case.update(extra)
    return case


# RNN(10, 20, 2) on (5, 3, 10): out [5, 3, 20], h_n [2, 3, 20].
rnn = nn.RNN(10, 20, 2)
cases["rnn_10_20_2"] = record(rnn, torch.randn(5, 3, 10), torch.randn(2, 3, 20))
cases["rnn_relu_unbatched"] = record(nn.RNN(4, 6, 1, nonlinearity="relu"), torch.randn(7, 4))

# LSTM(10, 20, 2): h_n and c_n [2, 3, 20]; out[-1] equals h_n[-1].
lstm = nn.LSTM(10, 20, 2)
case = record(lstm, torch.randn(5, 3, 10), (torch.randn(2, 3, 20), torch.randn(2, 3, 20)))
case["out_last_equals_h_n_last"] = bool(torch.equal(case["output"][-1], case["h_n"][-1]))
case["weight_ih_l0_shape"] = list(lstm.weight_ih_l0.shape)
cases["lstm_10_20_2"] = case

# batch_first + bidirectional: out [3, 5, 40]; h_n is [num_layers * 2, 3, 20] = [4, 3, 20] (the errata's "[2, 3, 20]"
# is wrong: PyTorch stacks both directions of every layer).
cases["lstm_batch_first_bidirectional"] = record(nn.LSTM(10, 20, 2, batch_first=True, bidirectional=True), torch.randn(3, 5, 10))

# Unbatched 2-D input (sequence, features): outputs without the batch dimension.
cases["lstm_unbatched"] = record(nn.LSTM(10, 20, 2), torch.randn(5, 10), (torch.randn(2, 20), torch.randn(2, 20)))
cases["lstm_unbatched_batch_first_bidirectional"] = record(nn.LSTM(3, 4, 1, batch_first=True, bidirectional=True), torch.randn(6, 3))

gru = nn.GRU(10, 20, 2)
case = record(gru, torch.randn(5, 3, 10))
case["weight_ih_l0_shape"] = list(gru.weight_ih_l0.shape)
cases["gru_10_20_2"] = case
cases["gru_unbatched"] = record(nn.GRU(10, 20, 2), torch.randn(5, 10), torch.randn(2, 20))
cases["gru_bidirectional_no_bias"] = record(nn.GRU(5, 3, 2, bias=False, bidirectional=True), torch.randn(4, 2, 5), torch.randn(4, 2, 3))

# float64 modules run in float64.
cases["rnn_float64"] = record(nn.RNN(3, 5, 1).double(), torch.randn(4, 2, 3, dtype=torch.float64))

write("rnn", cases)
