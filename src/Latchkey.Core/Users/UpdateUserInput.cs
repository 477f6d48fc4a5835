namespace Latchkey.Core.Users;

/// <summary>Null leaves a field unchanged.</summary>
public sealed record UpdateUserInput(string? NewUserName, string? NewDisplayName, string? NewComments, string? NewEmail, string? NewMobilePhone);
