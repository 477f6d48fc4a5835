using System.Security.Cryptography;
using System.Text;

namespace Latchkey.Signing.Tests;

/// <summary>Signs arbitrary parameter sets (even ones the parser would refuse) with the library's canonicaliser.</summary>
internal static class TestSigning
{
    public static string V1Signature(string secret, string method, (string Name, string Value)[] parameters)
    {
        var list = parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)).ToList();
        var builder = new ByteBuilder(256);
        try
        {
            Canonicalizer.WriteV1StringToSign(ref builder, method, list);
#pragma warning disable CA5350
            return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret + "&"), builder.Written));
#pragma warning restore CA5350
        }
        finally
        {
            builder.Dispose();
        }
    }
}
