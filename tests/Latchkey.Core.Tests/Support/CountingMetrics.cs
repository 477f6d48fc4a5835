using System.Collections.Concurrent;
using Latchkey.Core.Diagnostics;

namespace Latchkey.Core.Tests.Support;

/// <summary>An <see cref="IMetricsSink"/> that counts the lifecycle events and rotation steps Core reports.</summary>
internal sealed class CountingMetrics : IMetricsSink
{
    public ConcurrentDictionary<string, int> Rotations { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> Lifecycle { get; } = new(StringComparer.Ordinal);

    public void RequestAuthenticated(string signatureVersion, string outcome)
    {
    }

    public void AccessKeyCreated()
    {
    }

    public void AccessKeyDeleted()
    {
    }

    public void AccessKeyRotation(string rotationStep) => Rotations.AddOrUpdate(rotationStep, 1, (_, n) => n + 1);

    public void AccessKeyLifecycle(string lifecycleEvent) => Lifecycle.AddOrUpdate(lifecycleEvent, 1, (_, n) => n + 1);

    public int Count(string step) => Rotations.GetValueOrDefault(step);
}
