namespace Latchkey.Core.Accounts;

/// <summary>
/// A tenant. <see cref="AccountName"/> is the console logon name of the account itself (its
/// "root" identity); <see cref="Alias"/> is the optional, globally unique alias that names the
/// account in RAM users' principal names.
/// </summary>
public sealed record Account(
    string AccountId,
    string AccountName,
    string? Alias,
    string? PasswordHash,
    bool AllowUsersToManageOwnAccessKeys,
    DateTimeOffset CreateDate,
    DateTimeOffset UpdateDate)
{
    /// <summary>The domain after '@' in RAM users' principal names, without the service suffix.</summary>
    public string PrincipalDomain => Alias ?? AccountId;
}
