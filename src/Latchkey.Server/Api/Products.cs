namespace Latchkey.Server.Api;

/// <summary>The products and API versions served at '/'; requests are routed on (Version, Action).</summary>
internal static class Products
{
    public const string Ram = "Ram";
    public const string RamVersion = "2015-05-01";
    public const string Ims = "Ims";
    public const string ImsVersion = "2019-08-15";
    public const string Sts = "Sts";
    public const string StsVersion = "2015-04-01";
}
