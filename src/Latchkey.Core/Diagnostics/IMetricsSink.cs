namespace Latchkey.Core.Diagnostics;

/// <summary>
/// Outcomes Core decides, for metrics. The host implements it over System.Diagnostics.Metrics
/// (Latchkey.Server's LatchkeyMetrics); Core stays free of telemetry packages. Arguments are
/// low-cardinality by contract: never a secret, an AccessKeyId or a user name.
/// </summary>
public interface IMetricsSink
{
    /// <param name="signatureVersion"><c>v1</c> or <c>v3</c>.</param>
    /// <param name="outcome"><c>ok</c> or the error Code.</param>
    void RequestAuthenticated(string signatureVersion, string outcome);

    void AccessKeyCreated();

    void AccessKeyDeleted();

    /// <summary>One console password was checked against its hash (logon or current-password check).</summary>
    void ConsolePasswordChecked()
    {
    }

    /// <param name="reason"><c>full</c>: the nonce window had no room, so a signed request was refused.</param>
    void NonceRefused(string reason)
    {
    }

    /// <param name="lifecycleEvent">
    /// What happened to a key off the request path: <c>restored</c>, <c>purged</c>,
    /// <c>idle_warned</c>, <c>idle_disabled</c>.
    /// </param>
    void AccessKeyLifecycle(string lifecycleEvent)
    {
    }

    /// <param name="rotationStep">
    /// A step of a server-side rotation: <c>started</c>, <c>old_key_disabled</c>,
    /// <c>old_key_recycled</c>, <c>cancelled</c>, <c>ended</c> (a key deleted or the old key enabled
    /// again by hand), <c>refused</c> (no room, already rotating or the key is disabled).
    /// </param>
    void AccessKeyRotation(string rotationStep)
    {
    }

    /// <param name="scope"><c>source</c> or <c>accesskey</c>: which failed-authentication limit refused the request.</param>
    void RequestThrottled(string scope)
    {
    }

    /// <param name="outcome"><c>refused</c> (Active policy) or <c>audited</c> (AuditOnly policy): a request came from outside its key's network policy.</param>
    void NetworkPolicyOutside(string outcome)
    {
    }

    /// <summary>A canary key signed a request for the first time: someone holds its secret.</summary>
    void CanaryTripped()
    {
    }

    /// <param name="action"><c>disable</c>, <c>restrict</c> or <c>unknown-key</c>: a leak report was received.</param>
    void LeakReported(string action)
    {
    }
}
