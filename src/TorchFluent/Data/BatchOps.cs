using System.Collections;
using System.Runtime.CompilerServices;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// What a loader does to a batch it owns: free it, detach its tensors from DisposeScopes, move it to a device.
/// <see cref="Instance"/> is null for batch types whose tensors the loader cannot find.
/// </summary>
internal abstract class BatchOps<TBatch>
{
    public static BatchOps<TBatch>? Instance { get; } = BatchOps.Create<TBatch>();

    /// <summary>True when <see cref="Detach"/> and <see cref="Dispose"/> reach every tensor of the batch.</summary>
    public virtual bool FindsTensors => true;

    /// <summary>True when <see cref="MoveTo"/> is supported.</summary>
    public virtual bool CanMove => false;

    public abstract void Dispose(TBatch batch);

    public abstract void Detach(TBatch batch);

    /// <summary>A batch with every tensor on <paramref name="device"/>; the tensors it replaces are freed.</summary>
    public virtual TBatch MoveTo(TBatch batch, Device device, int batchIndex) => throw new NotSupportedException();
}

internal static class BatchOps
{
    public static bool IsOn(Tensor tensor, Device device) =>
        tensor.device_type == device.type && (device.index < 0 || tensor.device_index == device.index);

    internal static BatchOps<TBatch>? Create<TBatch>()
    {
        var type = typeof(TBatch);
        object? ops =
            type == typeof(Tensor) ? new TensorOps()
            : type == typeof((Tensor, Tensor)) ? new PairOps()
            : type == typeof((Tensor, Tensor, Tensor)) ? new TripleOps()
            : type == typeof(Tensor[]) ? new TensorArrayOps()
            : Walkable(type) ? new WalkingOps<TBatch>()
            : typeof(IDisposable).IsAssignableFrom(type) ? new DisposableOps<TBatch>()
            : null;
        return (BatchOps<TBatch>?)ops;
    }

    /// <summary>Tensors, values without tensors, and tuples, arrays, lists and dictionaries of those.</summary>
    static bool Walkable(Type type)
    {
        if (type == typeof(Tensor)) return true;
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Half)) return true;
        if (Nullable.GetUnderlyingType(type) is { } underlying) return Walkable(underlying);
        if (type.IsArray) return Walkable(type.GetElementType()!);
        if (type.IsGenericType && typeof(ITuple).IsAssignableFrom(type)) return type.GetGenericArguments().All(Walkable);
        if (!type.IsGenericType) return false;
        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(List<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>)
            || definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(ICollection<>))
            return Walkable(type.GetGenericArguments()[0]);
        if (definition == typeof(Dictionary<,>) || definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(IDictionary<,>))
            return type.GetGenericArguments().All(Walkable);
        return false;
    }

    static Tensor Move(Tensor tensor, Device device, int batchIndex)
    {
        if (IsOn(tensor, device)) return tensor;
        try
        {
            var moved = tensor.to(device).DetachFromDisposeScope();
            tensor.Dispose();
            return moved;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            tensor.Dispose();
            throw new DataLoaderException(Messages.DeviceMoveFailed(batchIndex, device.ToString(), e), batchIndex, null, e);
        }
    }

    sealed class TensorOps : BatchOps<Tensor>
    {
        public override bool CanMove => true;

        public override void Dispose(Tensor batch) => batch?.Dispose();

        public override void Detach(Tensor batch) => batch?.DetachFromDisposeScope();

        public override Tensor MoveTo(Tensor batch, Device device, int batchIndex) => Move(batch, device, batchIndex);
    }

    sealed class PairOps : BatchOps<(Tensor, Tensor)>
    {
        public override bool CanMove => true;

        public override void Dispose((Tensor, Tensor) batch)
        {
            batch.Item1?.Dispose();
            batch.Item2?.Dispose();
        }

        public override void Detach((Tensor, Tensor) batch)
        {
            batch.Item1?.DetachFromDisposeScope();
            batch.Item2?.DetachFromDisposeScope();
        }

        public override (Tensor, Tensor) MoveTo((Tensor, Tensor) batch, Device device, int batchIndex)
        {
            Tensor? first = null;
            try
            {
                first = Move(batch.Item1, device, batchIndex);
                return (first, Move(batch.Item2, device, batchIndex));
            }
            catch
            {
                first?.Dispose();
                batch.Item2.Dispose();
                throw;
            }
        }
    }

    sealed class TripleOps : BatchOps<(Tensor, Tensor, Tensor)>
    {
        public override bool CanMove => true;

        public override void Dispose((Tensor, Tensor, Tensor) batch)
        {
            batch.Item1?.Dispose();
            batch.Item2?.Dispose();
            batch.Item3?.Dispose();
        }

        public override void Detach((Tensor, Tensor, Tensor) batch)
        {
            batch.Item1?.DetachFromDisposeScope();
            batch.Item2?.DetachFromDisposeScope();
            batch.Item3?.DetachFromDisposeScope();
        }

        public override (Tensor, Tensor, Tensor) MoveTo((Tensor, Tensor, Tensor) batch, Device device, int batchIndex)
        {
            var moved = TensorArrayOps.MoveAll([batch.Item1, batch.Item2, batch.Item3], device, batchIndex);
            return (moved[0], moved[1], moved[2]);
        }
    }

    sealed class TensorArrayOps : BatchOps<Tensor[]>
    {
        public override bool CanMove => true;

        public override void Dispose(Tensor[] batch)
        {
            if (batch is null) return;
            foreach (var t in batch) t?.Dispose();
        }

        public override void Detach(Tensor[] batch)
        {
            if (batch is null) return;
            foreach (var t in batch) t?.DetachFromDisposeScope();
        }

        public override Tensor[] MoveTo(Tensor[] batch, Device device, int batchIndex) => MoveAll(batch, device, batchIndex);

        internal static Tensor[] MoveAll(Tensor[] tensors, Device device, int batchIndex)
        {
            var moved = new Tensor[tensors.Length];
            for (var i = 0; i < tensors.Length; i++)
            {
                try
                {
                    moved[i] = Move(tensors[i], device, batchIndex);
                }
                catch
                {
                    for (var k = 0; k < i; k++) moved[k].Dispose();
                    for (var k = i + 1; k < tensors.Length; k++) tensors[k].Dispose();
                    throw;
                }
            }
            return moved;
        }
    }

    /// <summary>Any other tuple, array, list or dictionary of tensors: found by walking the value.</summary>
    sealed class WalkingOps<TBatch> : BatchOps<TBatch>
    {
        public override void Dispose(TBatch batch) => Walk(batch, static t => t.Dispose());

        public override void Detach(TBatch batch) => Walk(batch, static t => t.DetachFromDisposeScope());

        static void Walk(object? value, Action<Tensor> action)
        {
            switch (value)
            {
                case null:
                case string:
                    return;
                case Tensor t:
                    action(t);
                    return;
                case ITuple tuple:
                    for (var i = 0; i < tuple.Length; i++) Walk(tuple[i], action);
                    return;
                case IDictionary dictionary:
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        Walk(entry.Key, action);
                        Walk(entry.Value, action);
                    }
                    return;
                case IEnumerable items when value.GetType() is var type && !(type.IsArray && type.GetElementType()!.IsPrimitive):
                    foreach (var item in items) Walk(item, action);
                    return;
            }
        }
    }

    /// <summary>A batch type of the user's that frees itself.</summary>
    sealed class DisposableOps<TBatch> : BatchOps<TBatch>
    {
        public override bool FindsTensors => false;

        public override void Dispose(TBatch batch) => (batch as IDisposable)?.Dispose();

        public override void Detach(TBatch batch)
        {
        }
    }
}
