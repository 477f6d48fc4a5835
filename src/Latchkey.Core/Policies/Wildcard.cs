namespace Latchkey.Core.Policies;

/// <summary>
/// A compiled RAM wildcard pattern: <c>*</c> matches any run of characters (none included),
/// <c>?</c> exactly one. Patterns without wildcards, a lone <c>*</c> and <c>prefix*</c> take a
/// shortcut; the rest run the classic greedy matcher with one backtrack point, which is linear
/// in practice and allocates nothing.
/// </summary>
internal sealed class Wildcard
{
    private enum Kind
    {
        Any,
        Exact,
        Prefix,
        General,
    }

    private readonly Kind _kind;
    private readonly string _text;
    private readonly StringComparison _comparison;
    private readonly bool _ignoreCase;

    private Wildcard(Kind kind, string text, bool ignoreCase)
    {
        _kind = kind;
        _text = text;
        _ignoreCase = ignoreCase;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    }

    public string Pattern => _kind switch
    {
        Kind.Any => "*",
        Kind.Prefix => _text + "*",
        _ => _text,
    };

    public static Wildcard Compile(string pattern, bool ignoreCase)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Length > 0 && pattern.AsSpan().IndexOfAnyExcept('*') < 0)
        {
            return new Wildcard(Kind.Any, "", ignoreCase);
        }

        var first = pattern.AsSpan().IndexOfAny('*', '?');
        if (first < 0)
        {
            return new Wildcard(Kind.Exact, pattern, ignoreCase);
        }

        if (first == pattern.Length - 1 && pattern[first] == '*')
        {
            return new Wildcard(Kind.Prefix, pattern[..first], ignoreCase);
        }

        return new Wildcard(Kind.General, pattern, ignoreCase);
    }

    public bool IsMatch(ReadOnlySpan<char> text) => _kind switch
    {
        Kind.Any => true,
        Kind.Exact => text.Equals(_text, _comparison),
        Kind.Prefix => text.StartsWith(_text, _comparison),
        _ => Match(_text, text, _ignoreCase),
    };

    /// <summary>Whole-string glob match of <paramref name="text"/> against <paramref name="pattern"/>.</summary>
    public static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text, bool ignoreCase)
    {
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], text[t], ignoreCase)))
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
