using System.Globalization;
using Latchkey.Core.AccessKeys;

namespace Latchkey.Server.Console.Pages;

/// <summary>How the console writes dates and last use.</summary>
public static class ConsoleText
{
    public static string Date(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Status(AccessKeyStatus status) => status == AccessKeyStatus.Active ? "Active" : "Inactive";
}
