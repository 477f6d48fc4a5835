namespace Latchkey.Core.AccessKeys;

/// <summary>
/// The plaintext secret. It exists only inside the create call and its response: ToString()
/// prints *** so that it cannot slip into a log or an interpolated message by accident.
/// </summary>
public sealed class AccessKeySecret
{
    private readonly string _value;

    public AccessKeySecret(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>The plaintext; call only to sign, to verify, or to hand to the creator once.</summary>
    public string Reveal() => _value;

    public override string ToString() => "***";
}
