using System.Diagnostics;
using System.Runtime.CompilerServices;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// The TorchSharp <see cref="DisposeScope"/> a cursor makes each batch in: every tensor the dataset's indexer and the
/// collation create while it is entered is registered in it and freed when the batch is made (its own tensors are
/// detached first) or fails, while tensors that existed before (tensors a dataset stores and returns) are left alone.
/// </summary>
/// <remarks>
/// <para>
/// <c>torch.NewDisposeScope()</c> per batch, and TorchSharp's own hash set in it, cost about 2 us per batch of 16 on
/// a per-sample dataset (a new scope and set per batch, their growth, a second set when the scope is disposed, and
/// the first identity hash of every new tensor), a fifth of everything the loader adds to the user's indexer
/// (benchmarks/RESULTS.md, "Data"; <c>loader --self</c> measures both paths). So one scope serves every batch a cursor
/// makes: it is made current for the batch and put back out of the thread's chain of scopes afterwards, and its set
/// hashes tensors by native handle, through TorchSharp's internal members (<see cref="UnsafeAccessorAttribute"/>).
/// What user code sees inside the indexer is unchanged: the batch's scope is current, its outer scope is the
/// caller's, <c>MoveToOuterDisposeScope</c> and <c>DetachFromDisposeScope</c> work as with a scope of its own.
/// </para>
/// <para>
/// Those members are TorchSharp 0.107.0's (the only TorchSharp this library supports, pinned exactly). On first use
/// <see cref="Reusable"/> checks them on real tensors; when any is missing or behaves otherwise, each batch gets a
/// scope of its own from <c>torch.NewDisposeScope()</c>, as before. One instance serves one cursor, on one thread at
/// a time.
/// </para>
/// </remarks>
internal sealed class BatchScope : IDisposable
{
    [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "get_ThreadSingleton")]
    static extern DisposeScopeManager ThreadManager(DisposeScopeManager? unused);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_CurrentDisposeScope")]
    static extern DisposeScope? CurrentOf(DisposeScopeManager manager);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_CurrentDisposeScope")]
    static extern void SetCurrent(DisposeScopeManager manager, DisposeScope? scope);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_OuterScope")]
    static extern void SetOuter(DisposeScope scope, DisposeScope? outer);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_OwningDisposeScope")]
    static extern DisposeScope? OwnerOf(Tensor tensor);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_Disposables")]
    static extern HashSet<IDisposable> RegisteredIn(DisposeScope scope);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Disposables")]
    static extern void SetRegistered(DisposeScope scope, HashSet<IDisposable> set);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "handle")]
    static extern ref IntPtr HandleOf(Tensor tensor);

    static readonly Lazy<bool> Checked = new(SelfCheck);

    /// <summary>True when one scope can serve many batches (TorchSharp's internals checked once).</summary>
    public static bool Reusable => !Disabled && Checked.Value;

    /// <summary>Lets tests run the scope-per-batch path.</summary>
    internal static bool Disabled { get; set; }

    DisposeScope? scope;
    HashSet<IDisposable>? registered;
    IDisposable[] leftovers = [];
    DisposeScopeManager? manager;
    DisposeScope? outer;
    bool reused;
    bool entered;

    /// <summary>Makes the batch's scope current on this thread.</summary>
    public void Enter()
    {
        Debug.Assert(!entered, "a cursor makes one batch at a time");
        entered = true;
        reused = Reusable;
        if (!reused)
        {
            scope = torch.NewDisposeScope();
            return;
        }
        var threadManager = ThreadManager(null);
        outer = CurrentOf(threadManager);
        if (scope is null || !ReferenceEquals(manager, threadManager))
        {
            // First batch, or a cursor moved to another thread: a scope of this thread's own (its statistics are).
            scope = torch.NewDisposeScope();
            registered = new HashSet<IDisposable>(HandleComparer.Instance);
            SetRegistered(scope, registered);
            manager = threadManager;
        }
        SetOuter(scope, outer);
        SetCurrent(threadManager, scope);
    }

    /// <summary>
    /// True when <paramref name="tensor"/> was created since <see cref="Enter"/> (by the indexer or the collation) and is
    /// still registered here: the loader may free it once it is done with it.
    /// </summary>
    public bool Owns(Tensor tensor) => reused ? ReferenceEquals(OwnerOf(tensor), scope) : scope!.Contains(tensor);

    /// <summary>Frees every tensor still registered here and puts the caller's scope back as the current one.</summary>
    public void Exit()
    {
        if (!entered) return;
        entered = false;
        if (!reused)
        {
            scope?.Dispose();
            scope = null;
            return;
        }
        // Put the caller's scope back first, so nothing the disposals below might create lands in this scope.
        SetCurrent(manager!, outer);
        outer = null;
        var count = registered!.Count;
        if (count == 0) return;
        // What the indexer left behind (temporaries it neither returned nor freed). Taken out of the set first, as
        // TorchSharp's DisposeEverything does, but into a buffer kept for the next batch instead of a new set.
        if (leftovers.Length < count) leftovers = new IDisposable[Math.Max(count, 2 * leftovers.Length)];
        registered.CopyTo(leftovers);
        registered.Clear();
        for (var i = 0; i < count; i++)
        {
            var item = leftovers[i];
            leftovers[i] = null!;
            item.Dispose();
        }
    }

    /// <summary>Ends the batch in progress, if any, and drops the reused scope.</summary>
    public void Dispose()
    {
        Exit();
        // Exit leaves the reused scope empty and outside every thread's chain of scopes: nothing to free or unlink, so
        // nothing here touches the thread that used it (a worker's cursor may be disposed from another thread).
        scope = null;
        registered = null;
        manager = null;
    }

    /// <summary>
    /// Hashes a tensor by its native handle, which is fixed for as long as the tensor is registered (TorchSharp sets it
    /// when the tensor is made and clears it only after taking the tensor out of its scope, or when handing it to a
    /// Parameter, after which the tensor is invalid and freeing it does nothing). TorchSharp's own set hashes by object
    /// identity, and the first identity hash of each new tensor is the most expensive part of registering it.
    /// </summary>
    sealed class HandleComparer : IEqualityComparer<IDisposable>
    {
        public static readonly HandleComparer Instance = new();

        public bool Equals(IDisposable? x, IDisposable? y) => ReferenceEquals(x, y);

        public int GetHashCode(IDisposable item) =>
            item is Tensor tensor ? ((nint)HandleOf(tensor)).GetHashCode() : RuntimeHelpers.GetHashCode(item);
    }

    static bool SelfCheck()
    {
        DisposeScopeManager? threadManager = null;
        DisposeScope? caller = null;
        try
        {
            threadManager = ThreadManager(null);
            caller = CurrentOf(threadManager);
            using var reusable = torch.NewDisposeScope();
            if (!ReferenceEquals(CurrentOf(threadManager), reusable)) return false;
            var set = new HashSet<IDisposable>(HandleComparer.Instance);
            SetRegistered(reusable, set);
            if (!ReferenceEquals(RegisteredIn(reusable), set)) return false;
            SetCurrent(threadManager, caller);
            using var outside = torch.zeros(1);
            if (reusable.Contains(outside)) return false;
            for (var batch = 0; batch < 2; batch++)
            {
                SetOuter(reusable, caller);
                SetCurrent(threadManager, reusable);
                var made = torch.zeros(1);
                var kept = torch.ones(1);
                SetCurrent(threadManager, caller);
                if (!reusable.Contains(made) || !set.Contains(made) || !ReferenceEquals(OwnerOf(made), reusable)) return false;
                if (HandleOf(made) != made.Handle) return false;
                kept.DetachFromDisposeScope();
                if (reusable.Contains(kept) || OwnerOf(kept) is not null) return false;
                kept.Dispose();
                made.Dispose();
                if (reusable.DisposablesCount != 0 || OwnerOf(made) is not null) return false;
            }
            return true;
        }
        catch (Exception e) when (e is MissingMethodException or MissingFieldException or MemberAccessException or InvalidOperationException)
        {
            return false;
        }
        finally
        {
            if (threadManager is not null)
            {
                try
                {
                    SetCurrent(threadManager, caller);
                }
                catch (MissingMethodException)
                {
                    // Nothing was changed through a member that does not exist.
                }
            }
        }
    }
}
