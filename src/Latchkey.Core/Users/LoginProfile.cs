namespace Latchkey.Core.Users;

/// <summary>A RAM user's console password (as a hash, never the password) and its settings.</summary>
public sealed record LoginProfile(
    string UserId,
    string PasswordHash,
    bool PasswordResetRequired,
    bool MfaBindRequired,
    DateTimeOffset CreateDate,
    DateTimeOffset UpdateDate);
