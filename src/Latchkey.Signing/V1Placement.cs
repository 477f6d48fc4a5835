namespace Latchkey.Signing;

/// <summary>Where a V1-signed request carries its parameters.</summary>
public enum V1Placement
{
    /// <summary>Every parameter, <c>Signature</c> last, in the query (pop-core GET, product clients in V1 mode).</summary>
    Query,

    /// <summary>Every parameter in an <c>application/x-www-form-urlencoded</c> body, path <c>/</c> (pop-core POST).</summary>
    Form,
}
