namespace TorchFluent;

internal static partial class Messages
{
    static string RnnShape(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";

    // ---- Recurrent modules (RNN, LSTM, GRU) called through Call(...) ----

    internal static string RnnInputRank(string kind, long[] shape, bool batchFirst, long inputSize) =>
        $"{kind}.Call got an input of rank {shape.Length}, shape {RnnShape(shape)}.\n" +
        $"Expected: a 3-D batch {(batchFirst ? "(batch, sequence, features)" : "(sequence, batch, features)")} " +
        $"or a 2-D unbatched sequence (sequence, features), with features = {inputSize}.\n" +
        $"Received: a {shape.Length}-D tensor.\n" +
        (shape.Length < 2
            ? $"Fix: give the sequence its feature dimension, for example x.reshape(-1, {inputSize})."
            : "Fix: flatten the extra dimensions into the batch, or pass one sequence at a time.");

    internal static string RnnInputSize(string kind, long[] shape, long inputSize) =>
        $"{kind}.Call got inputs with {shape[^1]} features, but the module was created with input size {inputSize}.\n" +
        $"Expected: the last dimension of the input to be {inputSize}.\n" +
        $"Received: shape {RnnShape(shape)}.\n" +
        $"Fix: create the module with input size {shape[^1]}, or check which dimension holds the features (batchFirst decides the order of the other two).";

    internal static string RnnInputDType(string kind, string inputType, string weightType) =>
        $"{kind}.Call got an input of dtype {inputType}, but the module's weights are {weightType}.\n" +
        $"Expected: an input of the weights' dtype ({weightType}).\n" +
        $"Received: {inputType}.\n" +
        $"Fix: convert the input (x.to_type(ScalarType.{weightType})) or the module (module.to(ScalarType.{inputType})).";

    internal static string RnnStateShape(string kind, string name, long[] expected, long[] received, bool batched) =>
        $"{kind}.Call got an initial state {name} of shape {RnnShape(received)}.\n" +
        $"Expected: {RnnShape(expected)}, that is (layers x directions, {(batched ? "batch, " : "")}hidden size)" +
        $"{(batched ? " for a 3-D batched input" : " for a 2-D unbatched input")}.\n" +
        $"Received: {RnnShape(received)}.\n" +
        (received.Length != expected.Length
            ? (batched
                ? $"Fix: a batched input needs a 3-D {name}; add the batch dimension ({name}.unsqueeze(1)), or leave {name} out to start from zeros."
                : $"Fix: an unbatched input needs a 2-D {name}; remove the batch dimension ({name}.squeeze(1)), or leave {name} out to start from zeros.")
            : $"Fix: create {name} with shape {RnnShape(expected)}, or leave it out to start from zeros.");

    internal static string RnnStateDType(string kind, string name, string stateType, string weightType) =>
        $"{kind}.Call got an initial state {name} of dtype {stateType}, but the module's weights are {weightType}.\n" +
        $"Expected: {name} of dtype {weightType}.\n" +
        $"Received: {stateType}.\n" +
        $"Fix: create {name} with dtype ScalarType.{weightType}.";

    internal static string RnnUnknownLayout(string kind, string detail) =>
        $"{kind}.Call cannot read the module's configuration: {detail}.\n" +
        "Expected: a TorchSharp 0.107.0 recurrent module (nn.RNN, nn.LSTM or nn.GRU).\n" +
        "Received: a module without the expected parameters or fields.\n" +
        "Fix: reference TorchSharp 0.107.0 exactly, as TorchFluent does.";
}
