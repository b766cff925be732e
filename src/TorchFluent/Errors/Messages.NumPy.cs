using static TorchSharp.torch;

namespace TorchFluent;

internal static partial class Messages
{
    const string NumPyTypes = "float64, float32, float16, complex64, complex128, int64, int32, int16, int8, uint8 and bool";

    internal static string NpyNotNpy(string source, string start) =>
        $"{source} is not a NumPy .npy file: it does not start with the .npy magic string (\\x93NUMPY).\n" +
        "Expected: a file written by numpy.save.\n" +
        $"Received: a file that starts with {start}.\n" +
        "Fix: check the path; load .npz archives with NumPy.LoadNpz.";

    internal static string NpyTruncated(string source, string part, long expected, long actual) =>
        $"{source} is truncated: its {part} needs {expected} bytes but only {actual} are there.\n" +
        "Expected: a complete .npy file.\n" +
        "Received: a file that ends early (an interrupted write, copy or download).\n" +
        "Fix: write the file again with numpy.save.";

    internal static string NpyUnsupportedVersion(string source, int major, int minor) =>
        $"{source} uses .npy format version {major}.{minor}, which this reader does not know.\n" +
        "Expected: format version 1.0, 2.0 or 3.0 (what numpy.save writes).\n" +
        $"Received: version {major}.{minor}.\n" +
        "Fix: save the array again with numpy.save from a current NumPy.";

    internal static string NpyBadHeader(string source, string header, string reason) =>
        $"{source} has a .npy header that cannot be read: {reason}.\n" +
        "Expected: a header such as {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }.\n" +
        $"Received: {header}\n" +
        "Fix: write the file again with numpy.save.";

    internal static string NpyObjectArray(string source) =>
        $"{source} holds a NumPy object array (dtype 'O'): pickled Python objects, not numbers, so it cannot become a tensor " +
        "(NumPy itself refuses to load it unless allow_pickle=True).\n" +
        $"Expected: an array of {NumPyTypes}.\n" +
        "Received: dtype descr '|O'.\n" +
        "Fix: in Python, convert it to a numeric dtype (for example arr.astype(np.float32)) and save it again.";

    internal static string NpyUnsupportedDType(string source, string descr, string what) =>
        $"{source} holds a NumPy {what} array (descr '{descr}'), which has no PyTorch dtype.\n" +
        $"Expected: an array of {NumPyTypes} (the types torch.from_numpy accepts).\n" +
        $"Received: descr '{descr}'.\n" +
        "Fix: in Python, convert it first (unsigned integers: arr.astype(np.int64); strings and dates: encode them as numbers) and save it again.";

    internal static string NpySaveUnsupported(ScalarType dtype) =>
        $"NumPy has no {DType.NameOf(dtype)} type, so a {DType.NameOf(dtype)} tensor cannot be saved as .npy.\n" +
        $"Expected: a tensor of {NumPyTypes}.\n" +
        $"Received: dtype {DType.NameOf(dtype)}.\n" +
        "Fix: cast first, for example NumPy.Save(path, x.Float()).";

    internal static string NpzNotZip(string source) =>
        $"{source} is not a NumPy .npz archive: it is not a readable zip file.\n" +
        "Expected: a file written by numpy.savez or numpy.savez_compressed.\n" +
        "Received: a file that is not a zip archive, or a damaged one.\n" +
        "Fix: check the path; load single arrays (.npy) with NumPy.Load.";

    internal static string NpzEntryNotNpy(string source, string entry) =>
        $"{source} contains '{entry}', which is not a .npy array.\n" +
        "Expected: an archive of .npy members, as numpy.savez writes.\n" +
        $"Received: the member '{entry}'.\n" +
        "Fix: write the archive with numpy.savez, or remove the member.";

    internal static string NpzBadName(string name, string reason) =>
        $"'{name}' cannot name an array in a .npz archive: {reason}.\n" +
        "Expected: distinct, non-empty names (NumPy reads each back as archive[name]).\n" +
        $"Received: '{name}'.\n" +
        "Fix: give each array its own non-empty name.";
}
