using System.Globalization;
using System.Text;

namespace TorchFluent;

/// <summary>
/// Parses the small subset of Python literal syntax a .npy header uses (NumPy reads it with ast.literal_eval):
/// dicts, tuples and lists, single- or double-quoted strings, integers (with Python 2's optional L suffix),
/// True, False and None. Nothing is evaluated. Results: Dictionary, List, string, long, bool or null.
/// </summary>
internal sealed class PythonLiteral
{
    readonly string text;
    int position;

    PythonLiteral(string text) => this.text = text;

    /// <summary>Parses one literal followed only by whitespace.</summary>
    /// <exception cref="FormatException">The text is not such a literal; the message says where.</exception>
    internal static object? Parse(string text)
    {
        var parser = new PythonLiteral(text);
        var value = parser.Value();
        parser.SkipSpace();
        if (parser.position != text.Length) throw parser.Error("unexpected text after the end of the literal");
        return value;
    }

    object? Value()
    {
        SkipSpace();
        if (position >= text.Length) throw Error("the text ends where a value should start");
        var c = text[position];
        return c switch
        {
            '{' => Dict(),
            '(' => Sequence('(', ')'),
            '[' => Sequence('[', ']'),
            '\'' or '"' => String(),
            _ when c == '-' || char.IsAsciiDigit(c) => Integer(),
            _ => Word(),
        };
    }

    Dictionary<string, object?> Dict()
    {
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        position++;
        while (true)
        {
            SkipSpace();
            if (Peek('}')) return dict;
            if (Value() is not string key) throw Error("a dict key is not a string");
            SkipSpace();
            Expect(':');
            dict[key] = Value();
            SkipSpace();
            if (Peek('}')) return dict;
            Expect(',');
        }
    }

    List<object?> Sequence(char open, char close)
    {
        var items = new List<object?>();
        position++;
        while (true)
        {
            SkipSpace();
            if (Peek(close)) return items;
            items.Add(Value());
            SkipSpace();
            if (Peek(close)) return items;
            Expect(',');
        }
    }

    string String()
    {
        var quote = text[position++];
        var value = new StringBuilder();
        while (position < text.Length && text[position] != quote)
        {
            var c = text[position++];
            if (c == '\\' && position < text.Length) c = text[position++];
            value.Append(c);
        }
        if (position >= text.Length) throw Error("a string is not closed");
        position++;
        return value.ToString();
    }

    long Integer()
    {
        var start = position;
        if (text[position] == '-') position++;
        while (position < text.Length && char.IsAsciiDigit(text[position])) position++;
        var digits = text[start..position];
        if (position < text.Length && text[position] is 'L' or 'l') position++;
        return long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error($"'{digits}' is not an integer that fits in 64 bits");
    }

    object? Word()
    {
        var start = position;
        while (position < text.Length && char.IsAsciiLetter(text[position])) position++;
        return text[start..position] switch
        {
            "True" => true,
            "False" => false,
            "None" => null,
            var word => throw Error(word.Length == 0 ? $"unexpected character '{text[start]}'" : $"unexpected word '{word}'", start),
        };
    }

    bool Peek(char c)
    {
        if (position < text.Length && text[position] == c)
        {
            position++;
            return true;
        }
        return false;
    }

    void Expect(char c)
    {
        if (!Peek(c)) throw Error(position < text.Length ? $"expected '{c}' but found '{text[position]}'" : $"expected '{c}' but the text ends");
    }

    void SkipSpace()
    {
        while (position < text.Length && char.IsWhiteSpace(text[position])) position++;
    }

    FormatException Error(string what, int? at = null) => new($"{what} (at character {at ?? position})");
}
