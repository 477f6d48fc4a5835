namespace Latchkey.Signing;

/// <summary>
/// The one rule for "is this body a form" (spec §3), shared by the server, the verify API and
/// resource servers so that no two readers of one request can disagree about its parameters.
/// </summary>
public static class MediaType
{
    /// <summary>The media type of a form body.</summary>
    public const string Form = "application/x-www-form-urlencoded";

    /// <summary>
    /// True when <paramref name="contentType"/> names exactly <c>application/x-www-form-urlencoded</c>
    /// (any case), optionally followed by <c>;</c> and parameters such as <c>charset</c>. Anything
    /// else, e.g. <c>application/x-www-form-urlencodedX</c> or
    /// <c>application/x-www-form-urlencoded,text/plain</c>, is not a form.
    /// </summary>
    /// <param name="contentType">The <c>Content-Type</c> header as received, or null.</param>
    /// <returns>True when the body is read as form parameters.</returns>
    public static bool IsForm(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var span = contentType.AsSpan();
        var semicolon = span.IndexOf(';');
        var mediaType = (semicolon < 0 ? span : span[..semicolon]).Trim(" \t");
        return mediaType.Equals(Form, StringComparison.OrdinalIgnoreCase);
    }
}
