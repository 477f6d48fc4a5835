namespace Latchkey.Core.Results;

/// <summary>
/// The catalogue of business and gateway errors: the only place in Core where a Code string is
/// written. Signature-level failures come from Latchkey.Signing's own catalogue and are carried
/// over unchanged by <see cref="FromSignature"/>. Codes, statuses and texts follow
/// spec/alibaba-openapi.md sections 9 and 11-13. Every code has docs/errors/&lt;Code&gt;.md.
/// </summary>
public static class Errors
{
    public static ApiError FromSignature(Latchkey.Signing.SignatureError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new ApiError(error.Code, error.HttpStatus, error.Message);
    }

    public static ApiError Missing(string parameter) =>
        new($"Missing{parameter}", 400, $"{parameter} is mandatory for this action.");

    public static class Request
    {
        public static readonly ApiError InvalidParameter = new("InvalidParameter", 400, "The specified parameter is not valid.");
        public static readonly ApiError ApiNotFound = new("InvalidApi.NotFound", 404, "Specified api is not found, please check your url and method.");
        public static readonly ApiError UnsupportedHttpMethod = new("UnsupportedHTTPMethod", 400, "This HTTP method is not supported.");
        public static readonly ApiError TooLarge = new("InvalidParameter.RequestTooLarge", 400, "The request is larger than this service accepts.");
        public static readonly ApiError Throttling = new("Throttling.User", 429, "Request was denied due to user flow control.");

        /// <summary>The node's replay window has no room for another nonce (NonceStore:Capacity); the request was not accepted.</summary>
        public static readonly ApiError NonceWindowFull = new("ServiceUnavailable.NonceWindowFull", 503, "The service cannot remember another signature nonce right now. Please try again later.");
        public static readonly ApiError NoPermission = new("NoPermission", 403, "You are not authorized to do this action.");
        public static readonly ApiError InternalError = new("InternalError", 500, "An internal error occurred.");
        public static readonly ApiError ServiceUnavailable = new("ServiceUnavailable", 503, "The request has failed due to a temporary failure of the server.");
    }

    public static class AccessKey
    {
        public static readonly ApiError NotFound = new("InvalidAccessKeyId.NotFound", 404, "Specified access key is not found.");
        public static readonly ApiError Inactive = new("InvalidAccessKeyId.Inactive", 400, "Specified access key is disabled.");
        public static readonly ApiError UserKeyNotFound = new("EntityNotExist.User.AccessKey", 404, "The user access key does not exist.");
        public static readonly ApiError LimitExceeded = new("LimitExceeded.User.AccessKey", 409, "The access key count of the user access keys beyond the current limits.");
        // Same code as a RAM user's limit (the one Alibaba's SDKs know), with a message about the account's own keys.
        public static readonly ApiError AccountLimitExceeded = new("LimitExceeded.User.AccessKey", 409, "The access key count of the account access keys beyond the current limits.");
        public static readonly ApiError InvalidStatus = new("InvalidParameter.Status", 400, "The parameter - \"Status\" must be Active or Inactive.");
    }

    public static class User
    {
        public static readonly ApiError NotFound = new("EntityNotExist.User", 404, "The user does not exist.");
        public static readonly ApiError AlreadyExists = new("EntityAlreadyExists.User", 409, "The user does already EXIST.");
        public static readonly ApiError LimitExceeded = new("LimitExceeded.User", 409, "The count of users beyond the current limits.");
        public static readonly ApiError DeleteConflictAccessKey = new("DeleteConflict.User.AccessKey", 409, "The user CAN NOT has any access key while deleting the user.");
        public static readonly ApiError DeleteConflictLoginProfile = new("DeleteConflict.User.LoginProfile", 409, "The user CAN NOT has any login profile while deleting the user.");
        public static readonly ApiError DeleteConflictPolicy = new("DeleteConflict.User.Policy", 409, "The user CAN NOT has any policy while deleting the user.");
        public static readonly ApiError UserNameInvalidChars = new("InvalidParameter.UserName.InvalidChars", 400, "The parameter - \"UserName\" contains invalid chars.");
        public static readonly ApiError UserNameLength = new("InvalidParameter.UserName.Length", 400, "The parameter - \"UserName\" beyond the length limit.");
        public static readonly ApiError NewUserNameInvalidChars = new("InvalidParameter.NewUserName.InvalidChars", 400, "The parameter - \"NewUserName\" contains invalid chars.");
        public static readonly ApiError NewUserNameLength = new("InvalidParameter.NewUserName.Length", 400, "The parameter - \"NewUserName\" beyond the length limit.");
        public static readonly ApiError DisplayNameLength = new("InvalidParameter.DisplayName.Length", 400, "The parameter - \"DisplayName\" beyond the length limit.");
        public static readonly ApiError DisplayNameInvalidChars = new("InvalidParameter.DisplayName.InvalidChars", 400, "The parameter - \"DisplayName\" contains invalid chars.");
        public static readonly ApiError CommentsLength = new("InvalidParameter.Comments.Length", 400, "The parameter - \"Comments\" beyond the length limit.");
        public static readonly ApiError MobilePhoneFormat = new("InvalidParameter.MobilePhone.Format", 400, "The format of the parameter - \"MobilePhone\" is incorrect.");
        public static readonly ApiError EmailFormat = new("InvalidParameter.Email.Format", 400, "The format of the parameter - \"Email\" is incorrect.");
    }

    public static class LoginProfile
    {
        public static readonly ApiError NotFound = new("EntityNotExist.User.LoginProfile", 404, "The user login profile does not exist.");
        public static readonly ApiError AlreadyExists = new("EntityAlreadyExists.User.LoginProfile", 409, "The user login profile does already EXIST.");
        public static readonly ApiError PasswordTooWeak = new("InvalidParameter.Password.TooWeak", 400, "The parameter - \"Password\" is not compliant with the password policy.");
    }

    public static class Account
    {
        public static readonly ApiError NotFound = new("EntityNotExist.Account", 404, "The account does not exist.");
        public static readonly ApiError NameAlreadyExists = new("EntityAlreadyExists.Account", 409, "The account name does already exist.");
        public static readonly ApiError NameInvalid = new("InvalidParameter.AccountName", 400, "The account name must be 3-64 characters of letters, digits, '.', '_', '-' or '@'.");
        public static readonly ApiError AliasFormat = new("InvalidParameter.AccountAlias.Format", 400, "The parameter - \"AccountAlias\" is wrongly formed.");
        public static readonly ApiError AliasLength = new("InvalidParameter.AccountAlias.Length", 400, "The parameter - \"AccountAlias\" beyond the length limit.");
        public static readonly ApiError AliasAlreadyExists = new("EntityAlreadyExists.AccountAlias", 409, "The account alias does already exist.");

        /// <summary>A console logon failed; never says whether the name or the password was wrong.</summary>
        public static readonly ApiError LogonFailed = new("InvalidCredentials", 401, "The logon name or password is incorrect.");

        /// <summary>Too many failed console log ons for one logon name (whether or not it exists).</summary>
        public static readonly ApiError LogonLocked = new("InvalidCredentials.Locked", 429, "Too many failed log ons for this logon name. It is locked for 15 minutes; try again later.");
    }

    public static class Policy
    {
        public static readonly ApiError NotFound = new("EntityNotExist.Policy", 404, "The policy does not exist.");
        public static readonly ApiError AlreadyAttached = new("EntityAlreadyExists.User.Policy", 409, "The policy has already been attached to the user.");
        public static readonly ApiError NotAttached = new("EntityNotExist.User.Policy", 404, "The policy is not attached to the user.");
        public static readonly ApiError InvalidPolicyType = new("InvalidParameter.PolicyType", 400, "The parameter - \"PolicyType\" must be System.");
    }
}
