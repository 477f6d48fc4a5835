namespace Latchkey.Cli;

/// <summary>The API versions of the products Latchkey serves, and the product an action belongs to by default.</summary>
internal static class ApiProducts
{
    public const string Ram = "2015-05-01";
    public const string Ims = "2019-08-15";
    public const string Sts = "2015-04-01";

    public static string? VersionOf(string product) => product.ToLowerInvariant() switch
    {
        "ram" => Ram,
        "ims" => Ims,
        "sts" => Sts,
        _ => null,
    };

    public static string DefaultVersionFor(string action) =>
        action is "GetCallerIdentity" or "AssumeRole" ? Sts : Ram;
}
