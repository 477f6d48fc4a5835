namespace Latchkey.Signing;

/// <summary>
/// The V3 <c>SignedHeaders</c> lists the official SDKs and <see cref="RequestSigner"/> send. A
/// request naming one of them shares its string and its (never modified) name array instead of
/// allocating both per request, about 300 B of a V3 parse.
/// </summary>
internal static class KnownSignedHeaders
{
    private static readonly (string Text, string[] Names)[] Lists = Build(
    [
        "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
        "host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version",
        "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
        "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version",
    ]);

    /// <summary>The shared instance equal to <paramref name="text"/>, or null.</summary>
    public static string? Find(ReadOnlySpan<char> text)
    {
        foreach (var (known, _) in Lists)
        {
            if (text.SequenceEqual(known))
            {
                return known;
            }
        }

        return null;
    }

    /// <summary>The shared name array of a list returned by <see cref="Find"/>, or null for any other string.</summary>
    public static string[]? NamesOf(string signedHeaders)
    {
        foreach (var (known, names) in Lists)
        {
            if (ReferenceEquals(known, signedHeaders))
            {
                return names;
            }
        }

        return null;
    }

    private static (string, string[])[] Build(string[] lists) =>
        Array.ConvertAll(lists, static list => (list, Array.ConvertAll(list.Split(';'), static name => KnownText.Get(name))));
}
