using System.Text.RegularExpressions;
using Latchkey.Core.Results;

namespace Latchkey.Core.Users;

/// <summary>Parameter rules of spec §11 ("Shared validation").</summary>
internal static partial class UserValidation
{
    public const int MaxUserName = 64;
    public const int MaxDisplayName = 128;
    public const int MaxComments = 128;
    public const int MaxEmail = 128;

    public static ApiError? UserName(string? value, bool isNew)
    {
        if (string.IsNullOrEmpty(value))
        {
            return isNew ? Errors.Missing("NewUserName") : Errors.Missing("UserName");
        }

        if (value.Length > MaxUserName)
        {
            return isNew ? Errors.User.NewUserNameLength : Errors.User.UserNameLength;
        }

        return UserNamePattern().IsMatch(value) ? null : isNew ? Errors.User.NewUserNameInvalidChars : Errors.User.UserNameInvalidChars;
    }

    public static ApiError? DisplayName(string value)
    {
        if (value.Length is 0 or > MaxDisplayName)
        {
            return Errors.User.DisplayNameLength;
        }

        return value.Any(char.IsControl) ? Errors.User.DisplayNameInvalidChars : null;
    }

    public static ApiError? Comments(string value) => value.Length > MaxComments ? Errors.User.CommentsLength : null;

    public static ApiError? Email(string value) =>
        value.Length == 0 || (value.Length <= MaxEmail && EmailPattern().IsMatch(value)) ? null : Errors.User.EmailFormat;

    public static ApiError? MobilePhone(string value) =>
        value.Length == 0 || MobilePhonePattern().IsMatch(value) ? null : Errors.User.MobilePhoneFormat;

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex UserNamePattern();

    [GeneratedRegex(@"^[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[0-9]{1,4}-[0-9]{4,20}$")]
    private static partial Regex MobilePhonePattern();
}
