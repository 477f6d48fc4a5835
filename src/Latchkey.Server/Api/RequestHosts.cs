using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Server.Api;

/// <summary>
/// The request's Host header, for HostId and the Recommend link, only when it is a plain host[:port].
/// A Host holding control or non-ASCII characters would make HostString's IDN conversion throw
/// while the error body itself is written; such a request is answered as if it named no host.
/// </summary>
internal static class RequestHosts
{
    public const string Fallback = "latchkey";

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:[]");

    /// <summary>host[:port] as received, or null when absent or not plain ASCII host characters.</summary>
    public static string? HostAndPortOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var value = context.Request.Host.Value;
        return string.IsNullOrEmpty(value) || value.Length > 255 || value.AsSpan().ContainsAnyExcept(Allowed) ? null : value;
    }

    /// <summary>The host name without the port, or <see cref="Fallback"/>.</summary>
    public static string HostIdOf(HttpContext context) =>
        HostAndPortOf(context) is null || string.IsNullOrEmpty(context.Request.Host.Host) ? Fallback : context.Request.Host.Host;
}
