using System.Security.Cryptography;
using System.Text;

namespace Latchkey.Signing.Tests.Fuzz;

/// <summary>
/// Changes a signed request the way someone in its path could: smuggle parameters where the
/// signature may not reach (near-miss content types, bodies, moved or repeated pairs, re-encoded
/// text, header spellings, a recomputed body hash), and break it outright (bytes, truncation).
/// </summary>
internal static class WireMutator
{
    private static readonly string[] ContentTypes =
    [
        "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8", "APPLICATION/X-WWW-FORM-URLENCODED",
        " application/x-www-form-urlencoded ", "application/x-www-form-urlencodedX", "application/x-www-form-urlencoded-evil",
        "application/x-www-form-urlencoded,text/plain", "text/plain, application/x-www-form-urlencoded", "application/x-www-form-urlencoded2; charset=utf-8",
        "application/x-www-form-urlencoded;", "application/x-www-form-urlencoded\t;x=y", "application/json", "text/plain", "multipart/form-data; boundary=x",
        "", ";", "application/x-www-form-urlencoded\0", "application /x-www-form-urlencoded",
    ];

    private static readonly string[] SmuggledNames = ["UserName", "Action", "Version", "AccessKeyId", "Format", "Signature", "SignatureNonce", "Marker", "Status", "x"];

    private static readonly string[] SmuggledValues = ["victim", "XML", "JSON", "CreateUser", "2015-05-01", "Inactive", "", "a b", "%E4%B8%AD", "LKFUZZAAAAAAAAAAAAAAAAAB"];

    private static readonly string[] Paths = ["/", "//", "/x", "/%2F", "/api/verify", "/./", "/?"];

    public static void Mutate(WireRequest r, FuzzRandom rng)
    {
        var count = 1 + rng.Next(3);
        for (var i = 0; i < count; i++)
        {
            ApplyOne(r, rng);
        }
    }

    private static void ApplyOne(WireRequest r, FuzzRandom rng)
    {
        switch (rng.Next(18))
        {
            case 0:
                Note(r, "content-type");
                r.SetHeader(rng.Chance(50) ? "Content-Type" : "content-type", rng.Pick(ContentTypes));
                break;
            case 1:
                Note(r, "smuggle-body");
                r.Body = Encoding.UTF8.GetBytes(Append(Encoding.UTF8.GetString(r.Body), Smuggled(rng)));
                if (rng.Chance(60))
                {
                    r.SetHeader("Content-Type", rng.Pick(ContentTypes));
                }

                break;
            case 2:
                Note(r, "smuggle-query");
                r.Query = Append(r.Query, Smuggled(rng));
                break;
            case 3:
                Note(r, "move-pairs");
                MovePairs(r, rng);
                break;
            case 4:
                Note(r, "re-encode");
                Edit(r, rng, text => ReEncode(text, rng));
                break;
            case 5:
                Note(r, "duplicate-pair");
                Edit(r, rng, text => text.Split('&', StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } pairs ? text + "&" + rng.Pick(pairs) : "Action=x");
                break;
            case 6:
                Note(r, "byte");
                FlipByte(r, rng);
                break;
            case 7:
                Note(r, "drop-pair");
                Edit(r, rng, text => text.Split('&') is { Length: > 0 } pairs ? string.Join('&', pairs.Where((_, i) => i != rng.Next(pairs.Length))) : text);
                break;
            case 8:
                Note(r, "header-case");
                HeaderCase(r, rng);
                break;
            case 9:
                Note(r, "rehash-body");
                // x-acs-content-sha256 is an unkeyed hash: anyone can recompute it for a new body.
                r.Body = Encoding.UTF8.GetBytes(Append(Encoding.UTF8.GetString(r.Body), Smuggled(rng)));
                r.SetHeader("x-acs-content-sha256", Convert.ToHexStringLower(SHA256.HashData(r.Body)));
                if (rng.Chance(50))
                {
                    r.SetHeader("Content-Type", "application/x-www-form-urlencoded");
                }

                break;
            case 10:
                Note(r, "method");
                r.Method = rng.Pick(["GET", "POST", "get", "post", "PUT", "Post"]);
                break;
            case 11:
                Note(r, "path");
                r.Path = rng.Pick(Paths);
                break;
            case 12:
                Note(r, "other-body");
                r.Body = rng.Chance(30) ? [] : Encoding.UTF8.GetBytes(rng.Pick(["{\"UserName\":\"victim\"}", "UserName=victim", "<x/>", "\0\0", "UserName=victim&Signature=x"]));
                break;
            case 13:
                Note(r, "truncate");
                if (rng.Chance(50) && r.Body.Length > 0)
                {
                    r.Body = r.Body[..rng.Next(r.Body.Length)];
                }
                else if (r.Query.Length > 0)
                {
                    r.Query = r.Query[..rng.Next(r.Query.Length)];
                }

                break;
            case 14:
                Note(r, "signed-headers");
                SignedHeaders(r, rng);
                break;
            case 15:
                Note(r, "swap-placement");
                (r.Query, r.Body) = (Encoding.UTF8.GetString(r.Body), Encoding.UTF8.GetBytes(r.Query));
                if (rng.Chance(70))
                {
                    r.SetHeader("Content-Type", "application/x-www-form-urlencoded");
                }

                break;
            case 16:
                Note(r, "invalid-utf8");
                Edit(r, rng, text => Insert(text, rng, rng.Pick(["%FF", "%C3%28", "%ED%A0%80", "%80", "%C0%AF", "%EF%BF%BD", "%F4%90%80%80"])));
                break;
            default:
                Note(r, "repeat-header");
                var name = rng.Pick(["x-acs-action", "x-acs-version", "host", "Content-Type", "x-acs-signature-nonce", "Authorization"]);
                r.Headers.Add(KeyValuePair.Create(rng.Chance(50) ? name.ToUpperInvariant() : name, rng.Pick(SmuggledValues)));
                break;
        }
    }

    private static void Note(WireRequest r, string what) => r.Mutations.Add(what);

    private static string Smuggled(FuzzRandom rng) => Uri.EscapeDataString(rng.Pick(SmuggledNames)) + "=" + Uri.EscapeDataString(rng.Pick(SmuggledValues));

    private static string Append(string text, string pair) => text.Length == 0 ? pair : text + "&" + pair;

    private static string Insert(string text, FuzzRandom rng, string insert)
    {
        var at = rng.Next(text.Length + 1);
        return text[..at] + insert + text[at..];
    }

    private static void Edit(WireRequest r, FuzzRandom rng, Func<string, string> edit)
    {
        if (r.Body.Length > 0 && rng.Chance(50))
        {
            r.Body = Encoding.Latin1.GetBytes(edit(Encoding.Latin1.GetString(r.Body)));
        }
        else
        {
            r.Query = edit(r.Query);
        }
    }

    private static void MovePairs(WireRequest r, FuzzRandom rng)
    {
        var query = r.Query.Split('&', StringSplitOptions.RemoveEmptyEntries).ToList();
        var body = Encoding.UTF8.GetString(r.Body).Split('&', StringSplitOptions.RemoveEmptyEntries).ToList();
        var fromQuery = query.Count > 0 && (body.Count == 0 || rng.Chance(50));
        var (from, to) = fromQuery ? (query, body) : (body, query);
        if (from.Count == 0)
        {
            return;
        }

        var moved = rng.Next(from.Count);
        to.Add(from[moved]);
        from.RemoveAt(moved);
        r.Query = string.Join('&', query);
        r.Body = Encoding.UTF8.GetBytes(string.Join('&', body));
        if (rng.Chance(80))
        {
            r.SetHeader("Content-Type", "application/x-www-form-urlencoded");
        }
    }

    private static string ReEncode(string text, FuzzRandom rng)
    {
        if (text.Length == 0)
        {
            return text;
        }

        var at = rng.Next(text.Length);
        var c = text[at];
        var replacement = c switch
        {
            '+' => "%20",
            '&' or '=' or '%' => c.ToString(),
            _ when char.IsAsciiLetterOrDigit(c) => rng.Chance(50) ? $"%{(int)c:X2}" : $"%{(int)c:x2}",
            _ => c.ToString(),
        };
        if (text.AsSpan(at).StartsWith("%20"))
        {
            return text[..at] + "+" + text[(at + 3)..];
        }

        if (text.AsSpan(at).StartsWith("%2") && at + 2 < text.Length)
        {
            // Lower-case hex of an existing escape.
            return text[..(at + 2)] + char.ToLowerInvariant(text[at + 2]) + text[(at + 3)..];
        }

        return text[..at] + replacement + text[(at + 1)..];
    }

    private static void FlipByte(WireRequest r, FuzzRandom rng)
    {
        if (r.Body.Length > 0 && rng.Chance(50))
        {
            r.Body[rng.Next(r.Body.Length)] ^= (byte)(1 + rng.Next(255));
        }
        else if (r.Query.Length > 0)
        {
            var chars = r.Query.ToCharArray();
            chars[rng.Next(chars.Length)] = (char)(0x20 + rng.Next(0x5F));
            r.Query = new string(chars);
        }
    }

    private static void HeaderCase(WireRequest r, FuzzRandom rng)
    {
        if (r.Headers.Count == 0)
        {
            return;
        }

        var index = rng.Next(r.Headers.Count);
        var (name, value) = r.Headers[index];
        r.Headers[index] = KeyValuePair.Create(rng.Chance(50) ? name.ToUpperInvariant() : char.ToUpperInvariant(name[0]) + name[1..], value);
    }

    private static void SignedHeaders(WireRequest r, FuzzRandom rng)
    {
        if (r.Header("Authorization") is not { } authorization)
        {
            return;
        }

        var edited = rng.Next(4) switch
        {
            0 => authorization.Replace("content-type;", "", StringComparison.Ordinal),
            1 => authorization.Replace("SignedHeaders=", "SignedHeaders=content-type;", StringComparison.Ordinal),
            2 => authorization.Replace(",", ", ", StringComparison.Ordinal),
            _ => authorization.Replace("host;", "", StringComparison.Ordinal),
        };
        r.SetHeader("Authorization", edited);
    }
}
