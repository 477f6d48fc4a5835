namespace Latchkey.Core.Users;

public sealed record CreateUserInput(string? UserName, string? DisplayName, string? Comments, string? Email, string? MobilePhone);
