using TorchFluent.Snippets.Infrastructure;

namespace TorchFluent.Snippets.Pages;

/// <summary>The C# blocks of docs/native-loading.md.</summary>
public static class NativeLoadingSnippets
{
    [Snippet("native-loading-preflight")]
    public static void Preflight()
    {
        #region native-loading-preflight
        try
        {
            TorchRuntime.EnsureLoaded();
            Console.WriteLine("libtorch loaded");
        }
        catch (NativeLoadException e)
        {
            Console.Error.WriteLine(e.Message);   // the loader's own error, what was expected, and the fix
            Console.Error.WriteLine(e.LoaderError);
        }
        #endregion
    }
}
