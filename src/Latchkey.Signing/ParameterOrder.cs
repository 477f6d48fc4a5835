namespace Latchkey.Signing;

/// <summary>
/// Orders parameter indices by name, then value (ordinal), then arrival, so repeated names sign
/// deterministically. A struct so that span sorting does not box or allocate.
/// </summary>
internal readonly struct ParameterOrder(IReadOnlyList<KeyValuePair<string, string>> parameters) : IComparer<int>
{
    public int Compare(int x, int y)
    {
        var left = parameters[x];
        var right = parameters[y];
        var result = string.CompareOrdinal(left.Key, right.Key);
        if (result == 0)
        {
            result = string.CompareOrdinal(left.Value, right.Value);
        }

        return result != 0 ? result : x.CompareTo(y);
    }
}
