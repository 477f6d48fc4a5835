namespace Latchkey.Core.Policies;

/// <summary>CreatePolicyVersion's RotateStrategy.</summary>
public enum PolicyVersionRotation
{
    None,
    DeleteOldestNonDefaultVersionWhenLimitExceeded,
}
