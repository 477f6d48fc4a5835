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

        // Same code as the limit on creating, so SDKs see one familiar code; the message says what to do.
        public static readonly ApiError RestoreLimitExceeded = new("LimitExceeded.User.AccessKey", 409, "The access key cannot be restored: its owner already holds the maximum number of access keys. Delete one of them first.");
        public static readonly ApiError RotateLimitExceeded = new("LimitExceeded.User.AccessKey", 409, "The access key cannot be rotated: its owner already holds the maximum number of access keys, so there is no room for the new one. Delete the other key first.");
    }

    /// <summary>Server-side AccessKey rotations (docs/access-keys.md, "Rotation"); Latchkey's own, beyond Alibaba's API.</summary>
    public static class Rotation
    {
        public static readonly ApiError InProgress = new("EntityAlreadyExists.AccessKeyRotation", 409, "The access key is already being rotated. Cancel that rotation or wait for it to end before rotating again.");
        public static readonly ApiError NotFound = new("EntityNotExist.AccessKeyRotation", 404, "The access key has no rotation in progress.");
        public static readonly ApiError KeyInactive = new("InvalidStatus.AccessKeyRotation", 409, "The access key is disabled already: no application can be using it. Delete it, then create a new AccessKey pair.");
        public static readonly ApiError InvalidGracePeriod = new("InvalidParameter.GracePeriod", 400, "The parameter - \"GracePeriod\" must be a number of seconds between 1 and 2592000 (30 days).");
    }

    public static class CredentialReport
    {
        public static readonly ApiError NotFound = new("EntityNotExist.CredentialReport", 404, "The credential report does not exist. Call GenerateCredentialReport first.");
    }

    public static class User
    {
        public static readonly ApiError NotFound = new("EntityNotExist.User", 404, "The user does not exist.");
        public static readonly ApiError AlreadyExists = new("EntityAlreadyExists.User", 409, "The user does already EXIST.");
        public static readonly ApiError LimitExceeded = new("LimitExceeded.User", 409, "The count of users beyond the current limits.");
        public static readonly ApiError DeleteConflictAccessKey = new("DeleteConflict.User.AccessKey", 409, "The user CAN NOT has any access key while deleting the user.");
        public static readonly ApiError DeleteConflictLoginProfile = new("DeleteConflict.User.LoginProfile", 409, "The user CAN NOT has any login profile while deleting the user.");
        public static readonly ApiError DeleteConflictPolicy = new("DeleteConflict.User.Policy", 409, "The user CAN NOT has any policy while deleting the user.");
        public static readonly ApiError DeleteConflictGroup = new("DeleteConflict.User.Group", 409, "The user CAN NOT join any group while deleting the user.");
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

        /// <summary>Console sign-up is closed: only the first account of a fresh install, or every one when Identity:AllowSignUp is true.</summary>
        /// <summary>The security preference's LoginNetworkMasks do not include the address the console logon came from.</summary>
        public static readonly ApiError LogonNetworkRefused = new("InvalidCredentials.Network", 403, "Console logon is not allowed from your network address. Ask the account to add your network to the security preference's LoginNetworkMasks.");

        /// <summary>The password is past the policy's MaxPasswordAge and HardExpire is on: only an administrator can set a new one.</summary>
        public static readonly ApiError PasswordExpired = new("InvalidCredentials.PasswordExpired", 403, "The password has expired. Ask the account or a RAM administrator to set a new one.");

        public static readonly ApiError SignUpClosed = new("Forbidden.SignUp", 403, "Creating accounts from the console is turned off. Ask the operator of this service for an account.");
    }

    /// <summary>Password changes by the identity itself (ChangePassword, the console).</summary>
    public static class Password
    {
        public static readonly ApiError OldPasswordIncorrect = new("InvalidParameter.OldPassword.Incorrect", 400, "The parameter - \"OldPassword\" is incorrect.");
        public static readonly ApiError NewPasswordTooWeak = new("InvalidParameter.NewPassword.TooWeak", 400, "The parameter - \"NewPassword\" is not compliant with the password policy.");
        public static readonly ApiError NewPasswordReused = new("InvalidParameter.NewPassword.ReusePrevention", 400, "The parameter - \"NewPassword\" is not compliant with the reuse prevention password policy.");
        public static readonly ApiError PasswordReused = new("InvalidParameter.Password.ReusePrevention", 400, "The parameter - \"Password\" is not compliant with the reuse prevention password policy.");
        public static readonly ApiError NotSupportAccount = new("NotSupport.Account", 400, "This method can be only invoked by sub user.");
    }

    /// <summary>Get/SetPasswordPolicy parameters out of range (spec ram-roles-sts-mfa.md 6.2).</summary>
    public static class PasswordPolicy
    {
        public static readonly ApiError MinimumPasswordLength = new("InvalidParameter.MinimumPasswordLength.Range", 400, "The parameter - \"MinimumPasswordLength\" MUST be in the range of 8 and 32.");
        public static readonly ApiError MaxPasswordAge = new("InvalidParameter.MaxPasswordAge.Range", 400, "The parameter - \"MaxPasswordAge\" MUST be in the range of 0 and 1095.");
        public static readonly ApiError PasswordReusePrevention = new("InvalidParameter.PasswordReusePrevention.Range", 400, "The parameter - \"PasswordReusePrevention\" MUST be in the range of 0 and 24.");
        public static readonly ApiError MaxLoginAttemps = new("InvalidParameter.MaxLoginAttemps.Range", 400, "The parameter - \"MaxLoginAttemps\" MUST be in the range of 0 and 32.");
        public static readonly ApiError MinimumPasswordDifferentCharacter = new("InvalidParameter.MinimumPasswordDifferentCharacter.Range", 400, "The parameter - \"MinimumPasswordDifferentCharacter\" MUST be in the range of 0 and 8.");
        public static readonly ApiError InitialPasswordAge = new("InvalidParameter.InitialPasswordAge.Range", 400, "The parameter - \"InitialPasswordAge\" MUST be in the range of 0 and 90.");
    }

    /// <summary>SetSecurityPreference parameters out of their documented sets (spec ram-roles-sts-mfa.md 7.1).</summary>
    public static class SecurityPreference
    {
        public static readonly ApiError LoginSessionDuration = new("InvalidParameter.LoginSessionDuration", 400, "The parameter - \"LoginSessionDuration\" MUST be in the range of 1 and 24.");
        public static readonly ApiError LoginNetworkMasks = new("InvalidParameter.LoginNetworkMasks", 400, "The parameter - \"LoginNetworkMasks\" must be at most 40 networks in CIDR form separated by ';' (512 characters at most).");
        public static readonly ApiError MfaOperationForLogin = new("InvalidParameter.MFAOperationForLogin", 400, "The parameter - \"MFAOperationForLogin\" must be mandatory, independent or adaptive.");
        public static readonly ApiError OperationForRiskLogin = new("InvalidParameter.OperationForRiskLogin", 400, "The parameter - \"OperationForRiskLogin\" must be autonomous or enforceVerify.");
        public static readonly ApiError VerificationTypes = new("InvalidParameter.VerificationTypes", 400, "The parameter - \"VerificationTypes\" must be a JSON array of sms and email.");
        public static readonly ApiError MaxIdleDaysForAccessKeys = new("InvalidParameter.MaxIdleDaysForAccessKeys", 400, "The parameter - \"MaxIdleDaysForAccessKeys\" must be 90, 180, 365 or 730.");
        public static readonly ApiError MaxIdleDaysForUsers = new("InvalidParameter.MaxIdleDaysForUsers", 400, "The parameter - \"MaxIdleDaysForUsers\" must be 90, 180, 365 or 730.");
    }

    /// <summary>Virtual MFA devices (spec ram-roles-sts-mfa.md 5).</summary>
    public static class Mfa
    {
        public static readonly ApiError NameInvalidChars = new("InvalidParameter.VirtualMFADeviceName.InvalidChars", 400, "The parameter - \"VirtualMFADeviceName\" contains invalid chars.");
        public static readonly ApiError NameLength = new("InvalidParameter.VirtualMFADeviceName.Length", 400, "The parameter - \"VirtualMFADeviceName\" beyond the length limit.");
        public static readonly ApiError AlreadyExists = new("EntityAlreadyExists.VirtualMFADevice", 409, "The virtual mfa device does already EXIST.");
        public static readonly ApiError LimitExceeded = new("LimitExceeded.VirtualMFADevice", 409, "The count of virtual mfa devices beyond the current limits.");
        public static readonly ApiError NotFound = new("EntityNotExist.VirtualMFADevice", 404, "The virtual mfa device does not exist.");
        public static readonly ApiError CodeFormat = new("InvalidParameter.AuthenticationCode.Format", 400, "The parameter - \"AuthenticationCode\" MUST be 6 numbers.");
        public static readonly ApiError CodeIncorrect = new("CheckAuthenticationCodeFail", 403, "The parameter - \"AuthenticationCode\" is inccorrect.");
        public static readonly ApiError UserHasDevice = new("EntityAlreadyExists.User.MFADevice", 409, "The user has already bound a MFA device.");
        public static readonly ApiError DeviceBound = new("EntityAlreadyExists.VirtualMFADevice.User", 409, "The virtual mfa device does already been bound to a user.");
        public static readonly ApiError UserHasNoDevice = new("EntityNotExist.User.MFADevice", 404, "The user has not bound any MFA device.");
        public static readonly ApiError DeleteConflictBound = new("DeleteConflict.VirtualMFADevice.User", 409, "The virtual mfa device CAN NOT been bound to any user while deleting it.");
        public static readonly ApiError DeleteConflictUser = new("DeleteConflict.User.MFADevice", 409, "The user CAN NOT has any MFA device while deleting the user.");
    }

    public static class Policy
    {
        public static readonly ApiError NotFound = new("EntityNotExist.Policy", 404, "The policy does not exist.");
        public static readonly ApiError AlreadyAttached = new("EntityAlreadyExists.User.Policy", 409, "The user has already been attached this policy.");
        public static readonly ApiError NotAttached = new("EntityNotExist.User.Policy", 404, "The indicate policy of the user does not exist.");
        public static readonly ApiError InvalidPolicyType = new("InvalidParameter.PolicyType", 400, "The parameter - \"PolicyType\" is incorrect.");
        public static readonly ApiError MalformedDocument = new("MalformedPolicyDocument", 400, "The policy document is malformed.");
        public static readonly ApiError DocumentLength = new("InvalidParameter.PolicyDocument.Length", 400, "The parameter - \"PolicyDocument\" beyond the length limit: it must not exceed 6144 characters.");
        public static readonly ApiError NameLength = new("InvalidParameter.PolicyName.Length", 400, "The parameter - \"PolicyName\" beyond the length limit.");
        public static readonly ApiError NameInvalidChars = new("InvalidParameter.PolicyName.InvalidChars", 400, "The parameter - \"PolicyName\" contains invalid chars.");
        public static readonly ApiError DescriptionLength = new("InvalidParameter.Description.Length", 400, "The parameter - \"Description\" beyond the length limit.");
        public static readonly ApiError NewDescriptionLength = new("InvalidParameter.NewDescription.Length", 400, "The parameter - \"NewDescription\" beyond the length limit.");
        public static readonly ApiError AlreadyExists = new("EntityAlreadyExists.Policy", 409, "The policy does already EXIST.");
        public static readonly ApiError LimitExceeded = new("LimitExceeded.Policy", 409, "The count of policy beyond the current limits.");
        public static readonly ApiError VersionNotFound = new("EntityNotExist.Policy.Version", 404, "The policy version does not exist.");
        public static readonly ApiError VersionIdFormat = new("InvalidParameter.VersionId.Format", 400, "The format of the parameter - \"VersionId\" is incorrect.");
        public static readonly ApiError VersionLimitExceeded = new("LimitExceeded.Policy.Version", 409, "The count of policy version beyond the current limits.");
        public static readonly ApiError RotateStrategy = new("InvalidParameter.RotateStrategy", 400, "The parameter - \"RotateStrategy\" must be None or DeleteOldestNonDefaultVersionWhenLimitExceeded.");
        public static readonly ApiError DeleteConflictUser = new("DeleteConflict.Policy.User", 409, "The policy CAN NOT been attached to any user while deleting the policy.");
        public static readonly ApiError DeleteConflictGroup = new("DeleteConflict.Policy.Group", 409, "The policy CAN NOT been attached to any group while deleting the policy.");
        public static readonly ApiError DeleteConflictVersion = new("DeleteConflict.Policy.Version", 409, "The policy CAN NOT has any version except the default version.");
        public static readonly ApiError DeleteConflictDefaultVersion = new("DeleteConflict.Policy.Version.Default", 409, "The default policy version CAN NOT been deleted directly.");
        public static readonly ApiError UserPolicyLimitExceeded = new("LimitExceeded.User.Policy", 409, "The policy count of the user attached policies beyond the current limits.");
    }

    public static class Group
    {
        public static readonly ApiError NotFound = new("EntityNotExist.Group", 404, "The group does not exist.");
        public static readonly ApiError AlreadyExists = new("EntityAlreadyExists.Group", 409, "The group does already EXIST.");
        public static readonly ApiError LimitExceeded = new("LimitExceeded.Group", 409, "The count of groups beyond the current limits.");
        public static readonly ApiError NameLength = new("InvalidParameter.GroupName.Length", 400, "The parameter - \"GroupName\" beyond the length limit.");
        public static readonly ApiError NameInvalidChars = new("InvalidParameter.GroupName.InvalidChars", 400, "The parameter - \"GroupName\" contains invalid chars.");
        public static readonly ApiError NewNameLength = new("InvalidParameter.NewGroupName.Length", 400, "The parameter - \"NewGroupName\" beyond the length limit.");
        public static readonly ApiError NewNameInvalidChars = new("InvalidParameter.NewGroupName.InvalidChars", 400, "The parameter - \"NewGroupName\" contains invalid chars.");
        public static readonly ApiError CommentsLength = new("InvalidParameter.Comments.Length", 400, "The parameter - \"Comments\" beyond the length limit.");
        public static readonly ApiError NewCommentsLength = new("InvalidParameter.NewComments.Length", 400, "The parameter - \"NewComments\" beyond the length limit.");
        public static readonly ApiError DeleteConflictUser = new("DeleteConflict.Group.User", 409, "The group CAN NOT has any user member while deleting the group.");
        public static readonly ApiError DeleteConflictPolicy = new("DeleteConflict.Group.Policy", 409, "The entity CAN NOT has any attached policy while deleting the group.");
        public static readonly ApiError MemberAlreadyExists = new("EntityAlreadyExists.User.Group", 409, "The user has already joined the group.");
        public static readonly ApiError MemberNotFound = new("EntityNotExist.User.Group", 404, "The user has not joined the group.");
        public static readonly ApiError UserGroupLimitExceeded = new("LimitExceeded.User.Group", 409, "The count of groups the target user joined beyond the current limits.");
        public static readonly ApiError PolicyAlreadyAttached = new("EntityAlreadyExists.Group.Policy", 409, "The group has already been attached this policy.");
        public static readonly ApiError PolicyNotAttached = new("EntityNotExist.Group.Policy", 404, "The indicate policy attached to the group does not exist.");
        public static readonly ApiError PolicyLimitExceeded = new("LimitExceeded.Group.Policy", 409, "The policy count of the group beyond the current limits.");
    }

    /// <summary>RAM roles (spec ram-roles-sts-mfa.md §1).</summary>
    public static class Role
    {
        public static readonly ApiError NotFound = new("EntityNotExist.Role", 404, "The role does not exist.");
        public static readonly ApiError AlreadyExists = new("EntityAlreadyExists.Role", 409, "The role does already EXIST.");
        public static readonly ApiError LimitExceeded = new("LimitExceeded.Role", 409, "The count of roles beyond the current limits.");
        public static readonly ApiError DeleteConflictPolicy = new("DeleteConflict.Role.Policy", 409, "The role CAN NOT has any attached policy while deleting the role.");
        public static readonly ApiError NameInvalidChars = new("InvalidParameter.RoleName.InvalidChars", 400, "The parameter - \"RoleName\" contains invalid chars.");
        public static readonly ApiError NameLength = new("InvalidParameter.RoleName.Length", 400, "The parameter - \"RoleName\" beyond the length limit.");
        public static readonly ApiError MaxSessionDuration = new("InvalidParameter.MaxSessionDuration", 400, "The parameter - \"MaxSessionDuration\" MUST be in the range of 3600 and 43200.");
        public static readonly ApiError NewMaxSessionDuration = new("InvalidParameter.NewMaxSessionDuration", 400, "The parameter - \"NewMaxSessionDuration\" MUST be in the range of 3600 and 43200.");
        public static readonly ApiError DocumentLength = new("InvalidParameter.AssumeRolePolicyDocument.Length", 400, "The parameter - \"AssumeRolePolicyDocument\" beyond the length limit.");
        public static readonly ApiError NewDocumentLength = new("InvalidParameter.NewAssumeRolePolicyDocument.Length", 400, "The parameter - \"NewAssumeRolePolicyDocument\" beyond the length limit.");
        public static readonly ApiError PolicyAlreadyAttached = new("EntityAlreadyExists.Role.Policy", 409, "The role has already been attached this policy.");
        public static readonly ApiError PolicyNotAttached = new("EntityNotExist.Role.Policy", 404, "The indicate policy attached to the role does not exist.");
        public static readonly ApiError PolicyLimitExceeded = new("LimitExceeded.Role.Policy", 409, "The count of policies attached to the role beyond the current limits.");
        public static readonly ApiError DeleteConflictPolicyRole = new("DeleteConflict.Policy.Role", 409, "The policy CAN NOT been attached to any role while deleting the policy.");
    }

    /// <summary>STS AssumeRole and temporary credentials (spec ram-roles-sts-mfa.md §3.6, §4.2).</summary>
    public static class Sts
    {
        public static readonly ApiError RoleNotFound = new("EntityNotExist.Role", 404, "The specified Role not exists.");
        public static readonly ApiError RoleArn = new("InvalidParameter.RoleArn", 400, "The parameter RoleArn is wrongly formed.");
        public static readonly ApiError RoleSessionName = new("InvalidParameter.RoleSessionName", 400, "The parameter RoleSessionName is wrongly formed.");
        public static readonly ApiError DurationSeconds = new("InvalidParameter.DurationSeconds", 400, "The Min/Max value of DurationSeconds is 15min/the MaxSessionDuration of the role.");
        public static readonly ApiError PolicyGrammar = new("InvalidParameter.PolicyGrammar", 400, "The parameter Policy has not passed grammar check.");
        public static readonly ApiError PolicySize = new("InvalidParameter.PolicySize", 400, "The size of Policy must be smaller than 2048 bytes.");
        public static readonly ApiError ExternalId = new("InvalidParameter.ExternalId", 400, "The parameter ExternalId is wrongly formed.");
        public static readonly ApiError SourceIdentity = new("InvalidParameter.SourceIdentity", 400, "The parameter SourceIdentity is wrongly formed.");
        public static readonly ApiError NotTrusted = new("NoPermission", 403, "You are not authorized to do this action. You should be authorized by RAM.");
        public static readonly ApiError RootRefused = new("NoPermission", 403, "Roles may not be assumed by root accounts.");
        public static readonly ApiError TokenMalformed = new("InvalidSecurityToken.Malformed", 400, "Specified SecurityToken is malformed.");
        public static readonly ApiError TokenExpired = new("InvalidSecurityToken.Expired", 400, "Specified SecurityToken is expired.");
        public static readonly ApiError TokenMismatch = new("InvalidSecurityToken.MismatchWithAccessKey", 400, "Specified SecurityToken mismatch with the AccessKey.");
        public static readonly ApiError MissingToken = new("MissingSecurityToken", 400, "SecurityToken is mandatory for this action.");
        public static readonly ApiError SessionNotSupported = new("NoPermission", 403, "A role session has no RAM user of its own: name the user (UserName) this action is for.");
    }

    public static class Diagnostic
    {
        public static readonly ApiError Expired = new("EncodedMessageExpire", 400, "The encoded diagnostic message has expired.");
        public static readonly ApiError NotFound = new("EntityNotExist", 404, "The encoded diagnostic message does not exist or cannot be decoded by this account.");
        public static readonly ApiError NotSupported = new("NotSupport", 400, "Only an account, a RAM user or a role session may decode a diagnostic message.");
    }

    /// <summary>Per-key network policy (IMS SetAccessKeyPolicy) and leak response.</summary>
    public static class KeyGuard
    {
        public static readonly ApiError PolicyInvalid = new("InvalidParameter.AccessKeyPolicy", 400, "The parameter - \"AccessKeyPolicy\" is not a valid AccessKey network policy.");
        public static readonly ApiError PolicyStatementsExceeded = new("LimitExceeded.AccessKeyPolicy", 409, "The AccessKey policy has more statements than ConditionsPerAKPolicyQuota (8) allows.");
        public static readonly ApiError PolicyIpItemsExceeded = new("LimitExceeded.AccessKeyPolicy", 409, "The AccessKey policy has more IP items than IPItemsPerAKPolicyQuota (50) allows.");

        // Alibaba's answer for a key under leak protection ("AccessKey restrictive protection", help.aliyun.com/document_detail/2862109.html).
        public static readonly ApiError LeakRestricted = new("Forbidden", 403, "There is a risk of leakage of this AccessKey.");
    }
}
