namespace TorchFluent;

/// <summary>Type names as C# spells them, for messages: <c>(float[], int)</c>, <c>Subset&lt;Tensor&gt;</c>.</summary>
internal static class TypeNames
{
    static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(float)] = "float", [typeof(double)] = "double", [typeof(int)] = "int", [typeof(long)] = "long",
        [typeof(short)] = "short", [typeof(sbyte)] = "sbyte", [typeof(byte)] = "byte", [typeof(bool)] = "bool",
        [typeof(uint)] = "uint", [typeof(ulong)] = "ulong", [typeof(ushort)] = "ushort", [typeof(char)] = "char",
        [typeof(decimal)] = "decimal", [typeof(string)] = "string", [typeof(object)] = "object",
    };

    /// <summary>A dataset's type as the user knows it: TorchFluent's internal datasets are named by their public base.</summary>
    public static string OfDataset(Type type)
    {
        while (type.Assembly == typeof(TypeNames).Assembly && !type.IsPublic && type.BaseType is { } baseType) type = baseType;
        return Of(type);
    }

    public static string Of(Type type)
    {
        if (Keywords.TryGetValue(type, out var keyword)) return keyword;
        if (type.IsArray) return Of(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        if (Nullable.GetUnderlyingType(type) is { } underlying) return Of(underlying) + "?";
        if (!type.IsGenericType) return type.Name;
        var arguments = type.GetGenericArguments().Select(Of).ToList();
        if (type.FullName?.StartsWith("System.ValueTuple`", StringComparison.Ordinal) == true && arguments.Count < 8)
            return "(" + string.Join(", ", arguments) + ")";
        var name = type.Name[..type.Name.IndexOf('`')];
        return name + "<" + string.Join(", ", arguments) + ">";
    }
}
