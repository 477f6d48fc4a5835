using Latchkey.Core.AccessKeys;

namespace Latchkey.Storage;

public static class LastUseBatch
{
    /// <summary>The newest record per key, in AccessKeyId order (a stable lock order for concurrent batches).</summary>
    public static SortedDictionary<string, AccessKeyLastUse> NewestPerKey(IEnumerable<KeyValuePair<string, AccessKeyLastUse>> uses)
    {
        var newest = new SortedDictionary<string, AccessKeyLastUse>(StringComparer.Ordinal);
        foreach (var (accessKeyId, use) in uses)
        {
            if (!newest.TryGetValue(accessKeyId, out var current) || use.Time > current.Time)
            {
                newest[accessKeyId] = use;
            }
        }

        return newest;
    }
}
