using System.Collections.Frozen;
using System.Reflection;
using Latchkey.Core.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Api;

/// <summary>
/// Serves docs/errors/&lt;Code&gt;.md (embedded at build time) at /docs/errors/{Code}, so the
/// Recommend link of an error body works on any installation, also without internet access.
/// </summary>
internal static class ErrorDocumentation
{
    public const string PathPrefix = "/docs/errors/";

    private const string ResourcePrefix = "errors/";

    private static readonly FrozenDictionary<string, string> Pages = Load();

    public static IEndpointRouteBuilder MapErrorDocumentation(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(PathPrefix + "{code}", async (string code, HttpContext context, ApiResponseWriter writer) =>
        {
            if (!Pages.TryGetValue(code, out var page))
            {
                await writer.WriteErrorAsync(context, ResponseFormat.Json, Errors.Request.ApiNotFound);
                return;
            }

            context.Response.ContentType = "text/markdown;charset=utf-8";
            await context.Response.WriteAsync(page, context.RequestAborted);
        });
        return endpoints;
    }

    internal static bool Has(string code) => Pages.ContainsKey(code);

    private static FrozenDictionary<string, string> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var pages = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !name.EndsWith(".md", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            pages[name[ResourcePrefix.Length..^3]] = reader.ReadToEnd();
        }

        return pages.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
