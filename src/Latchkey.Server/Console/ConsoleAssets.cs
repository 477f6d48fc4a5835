using Microsoft.AspNetCore.Http;

namespace Latchkey.Server.Console;

/// <summary>The console's one stylesheet and one script, embedded in the assembly (no build step, no wwwroot).</summary>
internal static class ConsoleAssets
{
    private static readonly Dictionary<string, (string Resource, string ContentType)> Files = new(StringComparer.Ordinal)
    {
        ["console.css"] = ("Latchkey.Server.Console.Assets.console.css", "text/css; charset=utf-8"),
        ["console.js"] = ("Latchkey.Server.Console.Assets.console.js", "text/javascript; charset=utf-8"),
    };

    public static IResult Serve(string name)
    {
        if (!Files.TryGetValue(name, out var file)
            || typeof(ConsoleAssets).Assembly.GetManifestResourceStream(file.Resource) is not { } stream)
        {
            return Results.NotFound();
        }

        return Results.Stream(stream, file.ContentType);
    }
}
