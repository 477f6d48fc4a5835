using System.Text;

namespace Latchkey.Server.Tests.Api.Fuzz;

/// <summary>Breaks a valid signed request on the wire: escapes, bytes, names, sizes, methods, headers, dates.</summary>
internal static class Mutator
{
    private static readonly string[] Methods = ["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO", "get", "CONNECT"];

    private static readonly string[] ContentTypes =
    [
        "application/json", "text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded; charset=latin1",
        "", ";;;=", "application/x-www-form-urlencoded;;charset", "APPLICATION/X-WWW-FORM-URLENCODED", "text/xml", "\u00e9/\u00e9",
        "application/x-www-form-urlencodedX", "application/x-www-form-urlencoded-evil", "application/x-www-form-urlencoded,text/plain",
        "application/x-www-form-urlencoded2; charset=utf-8", " application/x-www-form-urlencoded", "application/x-www-form-urlencoded ;charset=utf-8",
    ];

    private static readonly string[] SmuggledPairs =
    [
        "UserName=victim", "UserName=", "Action=CreateUser", "Version=2015-05-01", "Format=XML", "Status=Inactive", "UserAccessKeyId=LKAAAAAAAAAAAAAAAAAAAAAA",
        "Signature=x", "AccessKeyId=LKAAAAAAAAAAAAAAAAAAAAAA", "NewUserName=mallory", "User%4Eame=victim", "UserName%00=victim",
    ];

    private static readonly string[] BrokenEscapes = ["%", "%2", "%G1", "%%", "%2%", "%zz", "%0", "%u0041", "%%41", "%C3", "%E2%82", "%F0%9F%98"];

    private static readonly string[] InvalidUtf8 = ["%FF", "%C3%28", "%ED%A0%80", "%F8%88%80%80%80", "%80", "%C0%AF", "%FE%FF", "%EF%BF%BE"];

    private static readonly string[] BadDates =
    [
        "", "2024-13-45T99:99:99Z", "yesterday", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2024-01-01T00:00:00+08:00",
        "2024-01-01 00:00:00", "1700000000", "2024-02-30T00:00:00Z", "+999999-01-01T00:00:00Z", "2024-01-01T00:00:00.1234567890Z", "\u0660\u0661",
    ];

    private static readonly string[] FormatValues = ["XML", "xml", "XmL", "JSON", "json", "XML ", " XML", "X%00ML", "yaml", "", "%58%4D%4C", "XML%0D%0A", "JSONP"];

    private static readonly string[] WeirdNames = ["Action", "Version", "Signature", "AccessKeyId", "Format", "SignatureNonce", "Timestamp", "UserName", "a[]", "a.b", "%00", "\u00e9", "..", "+", "%2B"];

    private static readonly string[] InjectionValues =
    [
        "a\r\nX-Injected: 1", "a\nb", "a\0b", "\0", "\u00e9\u00e8", "\U0001F4A5", "\t", "a\rb", "\u007f", "\u2028", "  ", "\u0000\u0001\u0002",
    ];

    private static readonly string[] AuthorizationValues =
    [
        "ACS3-HMAC-SHA256", "ACS3-HMAC-SHA256 ", "ACS3-HMAC-SHA256 Credential=", "ACS3-HMAC-SHA256 Credential=LK,SignedHeaders=,Signature=",
        "ACS3-FOO Credential=x", "ACS3-HMAC-SHA256 Credential=x,,,,", "ACS3-HMAC-SHA256 Signature=zz,Credential=,SignedHeaders=host",
        "ACS3-HMAC-SHA256 Credential=LKAAAAAAAAAAAAAAAAAAAAAA,SignedHeaders=host;;;,Signature=00", "Basic dXNlcjpwYXNz", "Bearer x",
        "ACS3-HMAC-SHA256 Credential==,SignedHeaders==,Signature==", "ACS3-", "ACS3-HMAC-SHA256 Credential=\u00e9,SignedHeaders=host,Signature=\u00e9",
        "ACS3-HMAC-SHA256 SignedHeaders=x-acs-date;x-acs-date;host,Credential=a,Signature=b",
    ];

    private static readonly string[] V3Headers = ["x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256", "host", "Authorization"];

    private static readonly string[] V1Parameters = ["Signature", "SignatureNonce", "Timestamp", "AccessKeyId", "SignatureMethod", "SignatureVersion", "Version", "Action", "Format"];

    public static void Mutate(RawRequest request, XorShift rng)
    {
        var count = 1 + rng.Next(3);
        for (var i = 0; i < count; i++)
        {
            ApplyOne(request, rng);
        }
    }

    private static void ApplyOne(RawRequest r, XorShift rng)
    {
        switch (rng.Next(19))
        {
            case 0:
                Note(r, "broken-escape");
                EditParameters(r, rng, text => InsertAt(text, rng, rng.Pick(BrokenEscapes)));
                break;
            case 1:
                Note(r, "truncate-at-escape");
                EditParameters(r, rng, text => text.IndexOf('%', StringComparison.Ordinal) is var at and >= 0 ? text[..Math.Min(text.Length, at + 1 + rng.Next(2))] : text + "%");
                break;
            case 2:
                Note(r, "invalid-utf8");
                if (rng.Chance(50) && r.Body.Length > 0)
                {
                    var bad = rng.Pick<byte[]>([[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0x80, 0x80], [0xF4, 0x90, 0x80, 0x80]]);
                    var at = rng.Next(r.Body.Length + 1);
                    r.Body = [.. r.Body[..at], .. bad, .. r.Body[at..]];
                }
                else
                {
                    EditParameters(r, rng, text => InsertAt(text, rng, rng.Pick(InvalidUtf8)));
                }

                break;
            case 3:
                Note(r, "duplicate-parameter");
                EditParameters(r, rng, text => DuplicatePair(text, rng));
                break;
            case 4:
                Note(r, "empty-name");
                EditParameters(r, rng, text => text + rng.Pick(["&=x", "&=", "&&", "&=&=", "=x&", "&%20=1", "&+=1"]));
                break;
            case 5:
                Note(r, "huge-value");
                HugeValue(r, rng);
                break;
            case 6:
                Note(r, "method");
                r.Method = rng.Pick(Methods);
                break;
            case 7:
                Note(r, "content-type");
                r.ContentType = rng.Pick(ContentTypes);
                if (rng.Chance(30) && r.Body.Length == 0)
                {
                    r.Body = rng.Chance(50) ? "{\"Action\":\"GetCallerIdentity\"}"u8.ToArray() : "Action=GetCallerIdentity&Version=2015-04-01"u8.ToArray();
                }

                break;
            case 8:
                Note(r, "authorization");
                r.SetHeader("Authorization", rng.Chance(20) ? "ACS3-HMAC-SHA256 Credential=" + new string('A', 20000) : rng.Pick(AuthorizationValues));
                break;
            case 9:
                Note(r, "truncate-authorization");
                if (r.Header("Authorization") is { Length: > 0 } auth)
                {
                    r.SetHeader("Authorization", auth[..rng.Next(auth.Length)]);
                }

                break;
            case 10:
                Note(r, "header-injection");
                r.SetHeader(rng.Pick(V3Headers), rng.Pick(InjectionValues));
                break;
            case 11:
                Note(r, "nul");
                if (rng.Chance(40) && r.Body.Length > 0)
                {
                    var at = rng.Next(r.Body.Length + 1);
                    r.Body = [.. r.Body[..at], 0, .. r.Body[at..]];
                }
                else
                {
                    EditParameters(r, rng, text => InsertAt(text, rng, "%00"));
                }

                break;
            case 12:
                Note(r, "bad-date");
                var date = Uri.EscapeDataString(rng.Pick(BadDates));
                if (r.Header("x-acs-date") is not null)
                {
                    r.SetHeader("x-acs-date", Uri.UnescapeDataString(date));
                }
                else
                {
                    EditParameters(r, rng, text => ReplaceValue(text, "Timestamp", date));
                }

                break;
            case 13:
                Note(r, "format");
                var format = rng.Pick(FormatValues);
                EditParameters(r, rng, text => text.Contains("Format=", StringComparison.Ordinal) ? ReplaceValue(text, "Format", format) : Append(text, "Format=" + format));
                break;
            case 14:
                Note(r, "remove");
                if (rng.Chance(50))
                {
                    r.RemoveHeader(rng.Pick(V3Headers));
                }
                else
                {
                    var name = rng.Pick(V1Parameters);
                    EditParameters(r, rng, text => string.Join('&', text.Split('&').Where(p => !p.StartsWith(name + "=", StringComparison.Ordinal))));
                }

                break;
            case 15:
                Note(r, "weird-name");
                EditParameters(r, rng, text => Append(text, Uri.EscapeDataString(rng.Pick(WeirdNames)) + "=" + Uri.EscapeDataString(rng.Pick(InjectionValues))));
                break;
            case 17:
                // Parameters where the signature may not reach: a body behind a near-miss content type.
                Note(r, "smuggle-body");
                r.Body = [.. r.Body, .. Encoding.ASCII.GetBytes((r.Body.Length > 0 ? "&" : "") + rng.Pick(SmuggledPairs))];
                if (rng.Chance(70))
                {
                    r.ContentType = rng.Pick(ContentTypes);
                }

                break;
            case 18:
                Note(r, "smuggle-query");
                r.Query = Append(r.Query, rng.Pick(SmuggledPairs));
                break;
            default:
                Note(r, "replace-value");
                var target = rng.Pick(["Action", "Version", "AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Signature"]);
                var value = rng.Pick(["", "..%2F..%2F", "GetCallerIdentity%00", new string('x', 300), "LK" + new string('A', 1000), "%E2%80%AE", "HMAC-SHA256", "2.0", "null", "%F0%9F%92%A5"]);
                if (rng.Chance(40) && r.Header("x-acs-" + target.ToLowerInvariant()) is not null)
                {
                    r.SetHeader("x-acs-" + target.ToLowerInvariant(), Uri.UnescapeDataString(value.Replace("%00", "", StringComparison.Ordinal)));
                }
                else
                {
                    EditParameters(r, rng, text => ReplaceValue(text, target, value));
                }

                break;
        }
    }

    private static void Note(RawRequest r, string what) => r.Mutations.Add(what);

    /// <summary>Edits the form body when the request has one (half the time), else the query.</summary>
    private static void EditParameters(RawRequest r, XorShift rng, Func<string, string> edit)
    {
        if (r.Body.Length > 0 && rng.Chance(60))
        {
            r.Body = Encoding.Latin1.GetBytes(edit(Encoding.Latin1.GetString(r.Body)));
        }
        else
        {
            r.Query = edit(r.Query);
        }
    }

    private static string InsertAt(string text, XorShift rng, string insert)
    {
        var at = rng.Next(text.Length + 1);
        return text[..at] + insert + text[at..];
    }

    private static string Append(string text, string pair) => text.Length == 0 ? pair : text + "&" + pair;

    private static string DuplicatePair(string text, XorShift rng)
    {
        var pairs = text.Split('&', StringSplitOptions.RemoveEmptyEntries);
        return pairs.Length == 0 ? "Action=a&Action=b" : text + "&" + pairs[rng.Next(pairs.Length)];
    }

    private static string ReplaceValue(string text, string name, string value)
    {
        var pairs = text.Split('&').Select(p => p.StartsWith(name + "=", StringComparison.Ordinal) ? name + "=" + value : p).ToList();
        return pairs.Contains(name + "=" + value) ? string.Join('&', pairs) : Append(text, name + "=" + value);
    }

    private static void HugeValue(RawRequest r, XorShift rng)
    {
        var size = rng.Pick([4097, 5000, 9000, 70_000, 200_000]);
        var filler = rng.Chance(50) ? new string('A', size) : string.Concat(Enumerable.Repeat("%E2%82%AC", size / 9));
        if (rng.Chance(50))
        {
            r.Body = [.. r.Body, .. Encoding.ASCII.GetBytes("&Big=" + filler)];
            r.ContentType ??= "application/x-www-form-urlencoded";
        }
        else
        {
            r.Query = Append(r.Query, "Big=" + filler);
        }
    }
}
