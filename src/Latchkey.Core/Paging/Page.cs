namespace Latchkey.Core.Paging;

/// <summary>One page of a listing. <see cref="Marker"/> is set only when more items follow.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Marker)
{
    public bool IsTruncated => Marker is not null;
}
