using System.Security.Cryptography;

namespace Latchkey.Core.Principals;

/// <summary>16-digit AccountIds and UserIds from a CSPRNG, like Alibaba's; never starting with 0.</summary>
internal static class NumericIds
{
    public static string New() =>
        RandomNumberGenerator.GetString("123456789", 1) + RandomNumberGenerator.GetString("0123456789", 15);
}
