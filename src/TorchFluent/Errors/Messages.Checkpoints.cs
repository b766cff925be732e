using System.Globalization;

namespace TorchFluent;

// Messages of saving and loading (src/TorchFluent/Checkpoints). Shape: what happened / Expected / Received / Fix.
internal static partial class Messages
{
    const string KnownFormats = "a PyTorch .pth (torch.save), TorchSharp .dat (Module.save) or safetensors file";

    // ---- Files that cannot be loaded (CheckpointException) ----

    internal static string CheckpointNotFound(string path) =>
        $"Could not load '{path}': the file does not exist.\n" +
        $"Expected: {KnownFormats}.\n" +
        "Received: a path with no file.\n" +
        "Fix: check the path (relative paths start from the current directory, " + Environment.CurrentDirectory + ").";

    internal static string CheckpointEmpty(string path) =>
        $"Could not load '{path}': the file is empty.\n" +
        $"Expected: {KnownFormats}.\n" +
        "Received: 0 bytes.\n" +
        "Fix: the program that wrote it was probably stopped during a non-atomic save; load an earlier checkpoint or save again. " +
        "TorchFluent's own saves write a temporary file and rename it, so they never leave an empty or partial file.";

    internal static string CheckpointDamaged(string path, string format, string detail, long length) =>
        $"Could not load '{path}': the {format} file is damaged or truncated: {detail}.\n" +
        $"Expected: a complete {format} file.\n" +
        $"Received: {(length >= 0 ? length.ToString(CultureInfo.InvariantCulture) + " bytes" : "a file")} that end early or do not fit together.\n" +
        "Fix: load an earlier checkpoint or save this one again; if it was copied or downloaded, copy it again and compare the sizes.";

    internal static string CheckpointUnknownFormat(string path, string received) =>
        $"Could not load '{path}': it is not a checkpoint file TorchFluent knows.\n" +
        $"Expected: {KnownFormats}.\n" +
        $"Received: {received}.\n" +
        "Fix: pass the file written by model.SaveStateDict, Module.save or Python's torch.save(model.state_dict(), path).";

    internal static string CheckpointFormatMismatch(string path, string expected, string found) =>
        $"Could not load '{path}': it is a {found} file, not the {expected} file the call asked for.\n" +
        $"Expected: a {expected} file.\n" +
        $"Received: a {found} file (detected from its content).\n" +
        "Fix: pass CheckpointFormat.Auto (the default) to load any known format, or pass the right file.";

    internal static string CheckpointLegacyPyTorch(string path) =>
        $"Could not load '{path}': it was saved in PyTorch's legacy format (before PyTorch 1.6, or with _use_new_zipfile_serialization=False).\n" +
        "Expected: the zip-based format torch.save writes by default since PyTorch 1.6.\n" +
        "Received: a bare pickle stream (legacy torch.save).\n" +
        "Fix: re-save it in Python with a current PyTorch: torch.save(torch.load(path, weights_only=True), path).";

    internal static string CheckpointUnsupported(string path, string format, string detail) =>
        $"Could not load '{path}': the {format} file holds something TorchFluent does not load: {detail}.\n" +
        "Expected: a state dict (names mapped to tensors of a dtype TorchSharp has).\n" +
        $"Received: {detail}.\n" +
        "Fix: in Python, save only the state dict: torch.save(model.state_dict(), path); for a training checkpoint dict, " +
        "save its model part on its own (torch.save(checkpoint['model_state_dict'], path)).";

    internal static string CheckpointRefused(string path, string global) =>
        $"Refused to load '{path}': its pickle refers to the Python global '{global}', which a weights-only load never looks up or calls.\n" +
        "Expected: a state dict saved with torch.save(model.state_dict(), path): tensors, numbers, strings, lists and dicts only.\n" +
        $"Received: a reference to '{global}' (PyTorch's torch.load(path, weights_only=True) refuses this file too).\n" +
        "Fix: load only files from sources you trust. If this one is yours, re-save it in Python with torch.save(model.state_dict(), path).";

    internal static string CheckpointWholeModel(string path, string global) =>
        $"Refused to load '{path}': it is a whole pickled model (it refers to the Python class '{global}'), not a state dict.\n" +
        "Expected: a state dict saved with torch.save(model.state_dict(), path).\n" +
        $"Received: torch.save(model, path) output, which only Python can rebuild by running the model's code ('{global}').\n" +
        "Fix: in Python, load the model and save its state dict: torch.save(model.state_dict(), path); then build the same model in C# and load that file.";

    internal static string CheckpointFirstBytes(ReadOnlySpan<byte> head, long length) =>
        $"a file of {length} bytes starting with {Convert.ToHexString(head)}";

    internal const string CheckpointZipWithoutPickle = "a zip archive without the data.pkl record torch.save writes";

    internal const string CheckpointBigEndian = "a file written on a big-endian machine (its byteorder record is not 'little')";

    internal const string CheckpointEndsEarly = "the file ends before its last tensor";

    internal static string CheckpointNotAStateDict(string received) => $"{received}, not a dict of tensors";

    internal static string CheckpointEntryNotATensor(string key, string value) => $"a dict whose entry {key} holds {value}, not a tensor";

    internal static string CheckpointZipUnreadable(string detail) => $"the zip archive cannot be read ({detail})";

    internal static string CheckpointPickleUnsupported(string detail) => $"its pickle uses {detail}";

    internal static string CheckpointPickleDamaged(string detail) => $"its pickle is broken ({detail})";

    internal static string CheckpointRecordMissing(string name) => $"the record '{name}' is missing";

    internal static string CheckpointRecordShort(string name, long expected, long actual) =>
        $"the record '{name}' holds {actual} bytes where its tensor needs {expected}";

    internal static string CheckpointRecordUnreadable(string name, string detail) => $"the record '{name}' cannot be read ({detail})";

    internal static string CheckpointViewOutOfBounds(string key) => $"the tensor '{key}' reaches outside its storage";

    internal static string CheckpointUnknownDTypeCode(string key, int code) => $"the tensor '{key}' has an unknown dtype code {code}";

    internal static string CheckpointBadRank(string key, long rank) => $"the tensor '{key}' claims {rank} dimensions";

    internal static string CheckpointTensorPastEnd(string key, long length) =>
        $"the tensor '{key}' reaches past the end of the data ({length} bytes)";

    internal static string CheckpointTrailingBytes(long count) => $"{count} unexpected bytes follow the last entry";

    internal static string CheckpointHeaderPastEnd(long headerLength, long fileLength) =>
        $"its header claims {headerLength} bytes but the whole file has {fileLength}";

    internal static string CheckpointHeaderNotJson(string detail) => $"its header is not valid JSON ({detail})";

    internal static string CheckpointBadHeaderEntry(string key) =>
        $"the header entry '{key}' lacks a valid dtype, shape or data_offsets, or its offsets do not match its shape";

    internal static string CheckpointSafetensorsDType(string key, string dtype) =>
        $"the tensor '{key}' has dtype {dtype}, which TorchSharp has no type for";

    internal static string UnknownCheckpointFormat(CheckpointFormat format) =>
        $"CheckpointFormat {(int)format} is not defined. Expected: Auto, PyTorch, TorchSharp or Safetensors.";

    // ---- Saving ----

    internal static string SaveFolderMissing(string path, string folder) =>
        $"Could not save '{path}': the folder '{folder}' does not exist.\n" +
        "Expected: a path in an existing folder.\n" +
        "Received: a folder that is not there.\n" +
        "Fix: create it first (Directory.CreateDirectory) or correct the path.";

    internal static string SaveTargetIsFolder(string path) =>
        $"Could not save '{path}': that path is a folder.\n" +
        "Expected: a file path, for example model.pth.\n" +
        "Received: the path of an existing folder.\n" +
        "Fix: add a file name to the path.";

    internal static string SaveUnsupportedDType(string key, string dtype, string format) =>
        $"Could not save the tensor '{key}': a {format} file cannot hold dtype {dtype}.\n" +
        "Expected: float64, float32, float16, bfloat16, int64, int32, int16, int8, uint8 or bool (and complex for PyTorch and TorchSharp files).\n" +
        $"Received: {dtype}.\n" +
        "Fix: save in CheckpointFormat.PyTorch, or convert the tensor before saving.";

    // ---- State dicts ----

    internal const string StateDictNullEntry = "A state dict entry has a null name or tensor. Expected: a name and a tensor for every entry.";

    internal static string StateDictDuplicateKey(string key) =>
        $"The name '{key}' appears twice. Expected: each state dict name once. Fix: rename or drop one of the entries.";

    internal static string StateDictKeyNotFound(string key, IEnumerable<string> keys) =>
        $"The state dict has no entry '{key}'. Its entries: {Quote(keys)}.";

    internal static string StateDictMismatch(string model, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected,
        IReadOnlyList<StateDictShapeMismatch> shapes, int sourceCount, int targetCount)
    {
        var lines = new List<string> { $"Could not load the state dict into {model}: its keys or shapes do not match the model. Nothing was loaded." };
        if (missing.Count > 0) lines.Add($"Missing keys (in the model, not in the state dict): {Quote(missing)}.");
        if (unexpected.Count > 0) lines.Add($"Unexpected keys (in the state dict, not in the model): {Quote(unexpected)}.");
        if (shapes.Count > 0) lines.Add($"Shape mismatches: {string.Join("; ", shapes)}.");
        lines.Add($"Expected: the {targetCount} keys and shapes of the model's StateDict().");
        lines.Add($"Received: a state dict of {sourceCount} entries.");
        lines.Add("Fix: build the model with the same layers, sizes and child names as the saved one (a Sequential's children " +
                  "are named \"0\", \"1\", ...), rename keys with StateDict.From, or pass strict: false to skip missing and " +
                  "unexpected keys (shape mismatches are errors either way).");
        return string.Join("\n", lines);
    }

    internal static string StateDictCopyFailed(string key, string fromDType, string toDType, string fromDevice, string toDevice, string detail) =>
        $"Could not copy the state dict entry '{key}' ({fromDType} on {fromDevice}) into the model's tensor ({toDType} on {toDevice}): {FirstLine(detail)}\n" +
        "Expected: values libtorch can convert to the model's dtype and device.\n" +
        $"Received: {fromDType} on {fromDevice}.\n" +
        "Fix: convert the entry first, or move the model to a device that is available.";

    // ---- Optimizers ----

    internal static string OptimizerNotSupported(string type) =>
        $"Cannot save or load the state of {type}: it is implemented in native code and exposes no state TorchSharp can serialize.\n" +
        "Expected: an optimizer derived from TorchSharp's OptimizerHelper (SGD, Adam, AdamW, RMSprop, Adagrad, ...).\n" +
        $"Received: {type}.\n" +
        "Fix: use one of those optimizers when the state must be saved.";

    internal const string OptimizerSafetensors =
        "Optimizer state cannot be saved as safetensors: the format holds only named tensors, not learning rates and step counts. " +
        "Expected: CheckpointFormat.PyTorch or CheckpointFormat.TorchSharp. Fix: save to a .pth or .dat file.";

    internal static string OptimizerTypeMismatch(string path, string saved, string expected) =>
        $"Could not load the optimizer state in '{path}': it was saved by {saved}, not by {expected}.\n" +
        $"Expected: a file saved by {expected}.SaveStateDict.\n" +
        $"Received: a {saved} state.\n" +
        $"Fix: create the same optimizer type ({saved}) to restore it, or pass the file of this optimizer.";

    internal static string OptimizerShapeMismatch(string path, string detail) =>
        $"Could not load the optimizer state in '{path}': {FirstLine(detail)}\n" +
        "Expected: an optimizer over the same parameters, in the same groups and order, as the one that was saved.\n" +
        "Received: a different number of parameter groups or parameters.\n" +
        "Fix: create the optimizer over the same model parameters, in the same order, before loading.";

    internal static string OptimizerNotAnOptimizerState(string received) =>
        $"not a PyTorch optimizer state dict (a dict with 'state' and 'param_groups'): found {received}";

    internal static string OptimizerGroupsMismatch(string path, IReadOnlyList<int> saved, IReadOnlyList<int> own) =>
        $"Could not load the optimizer state in '{path}': its parameter groups do not fit this optimizer.\n" +
        $"Expected: {own.Count} group(s) with [{string.Join(", ", own)}] parameters, as this optimizer has.\n" +
        $"Received: {saved.Count} group(s) with [{string.Join(", ", saved)}] parameters.\n" +
        "Fix: create the optimizer over the same parameters, in the same groups and order, as the one that was saved.";

    internal static string OptimizerStateShape(int group, int index, string name, long[] saved, long[] own) =>
        $"group {group} parameter {index}: '{name}' is [{string.Join(", ", saved)}], the parameter is [{string.Join(", ", own)}]";

    internal static string OptimizerStateShapes(string path, IReadOnlyList<string> problems) =>
        $"Could not load the optimizer state in '{path}': its state tensors do not fit this optimizer's parameters.\n" +
        "Expected: state shaped like the parameters this optimizer updates.\n" +
        $"Received: {string.Join("; ", problems)}.\n" +
        "Fix: load the optimizer state saved together with this model, into an optimizer over that model's parameters.";

    internal static string OptimizerPyTorchUnmapped(string type, string exception, string detail) =>
        $"TorchSharp.PyBridge could not map PyTorch's optimizer state onto {type} ({exception}: {FirstLine(detail)}); " +
        "the PyTorch and TorchSharp option names of this optimizer differ";

    static string Quote(IEnumerable<string> keys) => string.Join(", ", keys.Select(k => "\"" + k + "\""));

    static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
