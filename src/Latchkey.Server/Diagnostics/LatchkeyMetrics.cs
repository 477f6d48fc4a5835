using System.Diagnostics.Metrics;
using Latchkey.Core.Authentication;
using Latchkey.Core.Diagnostics;

namespace Latchkey.Server.Diagnostics;

/// <summary>
/// The "Latchkey" meter (docs/operations.md, Metrics). Tags are low-cardinality by design: an
/// outcome is "ok" or an error Code from the catalogues, an action is a known action name or
/// "unknown"; never a secret, an AccessKeyId, a user name or anything else the caller typed.
/// </summary>
internal sealed class LatchkeyMetrics : IMetricsSink
{
    public const string MeterName = "Latchkey";
    public const string Unknown = "unknown";

    private readonly Counter<long> _authenticated;
    private readonly Counter<long> _accessKeysCreated;
    private readonly Counter<long> _accessKeysDeleted;
    private readonly Counter<long> _consoleLogons;
    private readonly Counter<long> _consolePasswordChecks;
    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _noncesRefused;
    private readonly Counter<long> _throttled;
    private readonly Counter<long> _networkPolicyOutside;
    private readonly Counter<long> _canaryTripped;
    private readonly Counter<long> _leakReports;
    private readonly Counter<long> _lifecycle;
    private readonly Counter<long> _rotations;

    public LatchkeyMetrics(IMeterFactory meterFactory, INonceStore? nonces = null)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _authenticated = meter.CreateCounter<long>("latchkey.requests.authenticated", "{request}", "Signed requests checked, by outcome (ok or the error Code) and signature_version.");
        _accessKeysCreated = meter.CreateCounter<long>("latchkey.accesskeys.created", "{accesskey}", "AccessKeys created (API, console or CLI on a running server).");
        _accessKeysDeleted = meter.CreateCounter<long>("latchkey.accesskeys.deleted", "{accesskey}", "AccessKeys deleted.");
        _consoleLogons = meter.CreateCounter<long>("latchkey.console.logons", "{logon}", "Console logon attempts, by outcome (ok, failed, locked, invalid).");
        _consolePasswordChecks = meter.CreateCounter<long>("latchkey.console.password_checks", "{check}", "Console passwords checked against their hash (log ons and current-password checks); the lockout bounds them per identity.");
        _requestDuration = meter.CreateHistogram<double>(
            "latchkey.request.duration",
            "ms",
            "Time to answer an API request, by action and outcome (ok or the error Code).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500] });
        _noncesRefused = meter.CreateCounter<long>("latchkey.nonces.refused", "{request}", "Signed requests refused because the nonce window could not remember their nonce, by reason (full).");
        _throttled = meter.CreateCounter<long>("latchkey.requests.throttled", "{request}", "Signed requests refused with Throttling.User after too many failed authentications, by scope (source or accesskey).");
        _networkPolicyOutside = meter.CreateCounter<long>("latchkey.network_policy.outside", "{request}", "Signed requests from outside their key's network policy, by outcome (refused, audited).");
        _canaryTripped = meter.CreateCounter<long>("latchkey.canary.tripped", "{accesskey}", "Canary keys that signed a request for the first time (someone holds the secret).");
        _leakReports = meter.CreateCounter<long>("latchkey.leak_reports", "{report}", "Leak reports received, by action (disable, restrict, unknown-key).");
        _lifecycle = meter.CreateCounter<long>("latchkey.accesskeys.lifecycle", "{accesskey}", "AccessKeys moved by the lifecycle (restored, purged, idle_warned, idle_disabled), by event.");
        _rotations = meter.CreateCounter<long>("latchkey.accesskeys.rotations", "{step}", "Server-side AccessKey rotation steps (started, old_key_disabled, old_key_recycled, cancelled, ended, refused), by step.");
        if (nonces is InMemoryNonceStore table)
        {
            meter.CreateObservableGauge("latchkey.nonces.remembered", () => table.Count, "{nonce}", "Nonces this node remembers (in-memory window).");
            meter.CreateObservableGauge("latchkey.nonces.capacity", () => table.Capacity, "{nonce}", "Nonces this node's in-memory window can hold (NonceStore:Capacity).");
        }
    }

    public void RequestAuthenticated(string signatureVersion, string outcome) =>
        _authenticated.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("signature_version", signatureVersion));

    public void AccessKeyCreated() => _accessKeysCreated.Add(1);

    public void AccessKeyDeleted() => _accessKeysDeleted.Add(1);

    public void ConsolePasswordChecked() => _consolePasswordChecks.Add(1);

    public void NonceRefused(string reason) => _noncesRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void RequestThrottled(string scope) => _throttled.Add(1, new KeyValuePair<string, object?>("scope", scope));

    public void NetworkPolicyOutside(string outcome) => _networkPolicyOutside.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void CanaryTripped() => _canaryTripped.Add(1);

    public void LeakReported(string action) => _leakReports.Add(1, new KeyValuePair<string, object?>("action", action));

    public void AccessKeyLifecycle(string lifecycleEvent) => _lifecycle.Add(1, new KeyValuePair<string, object?>("event", lifecycleEvent));

    public void AccessKeyRotation(string rotationStep) => _rotations.Add(1, new KeyValuePair<string, object?>("step", rotationStep));

    public void ConsoleLogon(string outcome) => _consoleLogons.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void RequestAnswered(string action, string outcome, double milliseconds) =>
        _requestDuration.Record(milliseconds, new KeyValuePair<string, object?>("action", action), new KeyValuePair<string, object?>("outcome", outcome));
}
