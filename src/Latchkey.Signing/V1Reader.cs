namespace Latchkey.Signing;

/// <summary>
/// Signature V1 (spec §5): every parameter of the query and of a form body is signed, except
/// <c>Signature</c> itself. Nothing else of the request (path, host, headers, a body that is not
/// a form) is covered.
/// </summary>
internal static class V1Reader
{
    private static readonly string[] Required =
        ["AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp", "Action", "Version"];

    public static ParsedRequest Read(string method, List<KeyValuePair<string, string>> parameters, bool hasFormBody)
    {
        var signature = ParsedRequest.Find(parameters, "Signature");
        if (signature is not null)
        {
            for (var i = parameters.Count - 1; i >= 0; i--)
            {
                if (parameters[i].Key == "Signature")
                {
                    parameters.RemoveAt(i);
                }
            }
        }

        var formatValid = RequestFields.TryReadFormat(ParsedRequest.Find(parameters, "Format"), out var format);
        var parsed = new ParsedRequest(SignatureVersion.V1, method, parameters, hasFormBody)
        {
            V1Signature = signature ?? string.Empty,
            Action = ParsedRequest.Find(parameters, "Action") ?? string.Empty,
            Version = ParsedRequest.Find(parameters, "Version") ?? string.Empty,
            Format = format,
        };
        parsed.Error = Check(parsed, parameters, signature, formatValid);
        return parsed;
    }

    private static SignatureError? Check(ParsedRequest parsed, List<KeyValuePair<string, string>> parameters, string? signature, bool formatValid)
    {
        if (signature is null)
        {
            return SignatureErrors.MissingSignature;
        }

        if (!formatValid)
        {
            return SignatureErrors.InvalidFormat;
        }

        foreach (var name in Required)
        {
            if (string.IsNullOrEmpty(ParsedRequest.Find(parameters, name)))
            {
                return SignatureErrors.Missing(name);
            }
        }

        if (signature.Length == 0)
        {
            return SignatureErrors.MissingSignature;
        }

        if (ParsedRequest.Find(parameters, "SignatureMethod") != "HMAC-SHA1" || ParsedRequest.Find(parameters, "SignatureVersion") != "1.0")
        {
            return SignatureErrors.InvalidSignatureMethod;
        }

        var nonce = ParsedRequest.Find(parameters, "SignatureNonce")!;
        if (!RequestFields.IsWellFormedNonce(nonce))
        {
            return SignatureErrors.InvalidSignatureNonce;
        }

        if (!RequestFields.TryParseTimestamp(ParsedRequest.Find(parameters, "Timestamp")!, out var timestamp))
        {
            return SignatureErrors.InvalidTimeStampFormat;
        }

        parsed.AccessKeyId = ParsedRequest.Find(parameters, "AccessKeyId")!;
        parsed.SignatureNonce = nonce;
        parsed.Timestamp = timestamp;
        parsed.SecurityToken = RequestFields.NullIfEmpty(ParsedRequest.Find(parameters, "SecurityToken"));
        return null;
    }
}
