namespace Latchkey.Core.Policies;

/// <summary>The global condition keys the engine reads from typed fields instead of a lookup.</summary>
internal enum ConditionKey
{
    Other,
    SourceIp,
    CurrentTime,
    SecureTransport,
    MfaPresent,
}
