namespace Latchkey.Core.Authentication;

/// <summary>Which failed-authentication limit a failure counted against.</summary>
public enum FailureScope
{
    Source,
    AccessKeyId,
}
