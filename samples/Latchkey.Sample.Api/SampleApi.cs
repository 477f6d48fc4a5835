using System.Security.Claims;
using Latchkey.AspNetCore;

namespace Latchkey.Sample.Api;

/// <summary>
/// A tiny resource server protected by Latchkey: RPC-style <c>GET|POST /?Action=DescribeWidgets</c>
/// and REST-style <c>GET /widgets</c>, each answering with the verified caller, and
/// <c>GET /widgets/{name}</c>, which also needs the Latchkey permission <c>widgets:GetWidget</c>
/// on <c>acs:widgets:*:*:widget/{name}</c>.
/// Configuration: <c>Latchkey:Endpoint</c>, <c>Latchkey:AccessKeyId</c>, <c>Latchkey:AccessKeySecret</c>,
/// <c>Latchkey:AllowedHosts</c> (a list, e.g. <c>Latchkey:AllowedHosts:0=api.example.com</c>) and
/// <c>Latchkey:AllowSignatureV1</c> (default false) (environment <c>Latchkey__Endpoint</c> etc.).
/// </summary>
public static class SampleApi
{
    private static readonly string[] Widgets = ["sprocket", "gizmo", "doohickey"];

    // Alibaba-style PascalCase members, as the SDKs expect.
    private static readonly System.Text.Json.JsonSerializerOptions Pascal = new();

    /// <summary>Builds the application from command-line arguments (e.g. <c>--urls</c>, <c>--Latchkey:Endpoint=</c>).</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="configure">Optional further set-up of the builder (tests add log capture).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        // The hosting diagnostics log every request URL; a V1-signed query carries its Signature.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Services
            .AddAuthentication(LatchkeyAuthenticationDefaults.AuthenticationScheme)
            .AddLatchkey(options =>
            {
                var section = builder.Configuration.GetSection("Latchkey");
                options.Endpoint = Uri.TryCreate(section["Endpoint"], UriKind.Absolute, out var endpoint) ? endpoint : null;
                options.AccessKeyId = section["AccessKeyId"];
                options.AccessKeySecret = section["AccessKeySecret"];
                foreach (var host in section.GetSection("AllowedHosts").Get<string[]>() ?? [])
                {
                    options.AllowedHosts.Add(host);
                }

                options.AllowSignatureV1 = section.GetValue<bool>("AllowSignatureV1");
            });
        builder.Services.AddAuthorization();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapMethods("/", ["GET", "POST"], (ClaimsPrincipal user) => Rpc(user)).RequireAuthorization();
        app.MapGet("/widgets", (ClaimsPrincipal user) => Results.Json(new { Caller = CallerOf(user), Widgets }, Pascal)).RequireAuthorization();

        // Least privilege: the caller's Latchkey policies must allow widgets:GetWidget on this widget's
        // ARN, decided by the Latchkey server in the same verify call that authenticates the request.
        app.MapGet("/widgets/{name}", (string name, ClaimsPrincipal user) => Widgets.Contains(name)
                ? Results.Json(new { Caller = CallerOf(user), Widget = name }, Pascal)
                : Results.Json(new { Code = "EntityNotExist.Widget", Message = "The widget does not exist." }, Pascal, statusCode: 404))
            .RequireLatchkeyAction("widgets:GetWidget", "acs:widgets:*:*:widget/{name}");
        return app;
    }

    private static IResult Rpc(ClaimsPrincipal user)
    {
        var action = user.FindFirstValue(LatchkeyClaimTypes.Action);
        if (action != "DescribeWidgets")
        {
            return Results.Json(new { Code = "InvalidApi.NotFound", Message = "Specified api is not found, please check your url and method." }, Pascal, statusCode: 404);
        }

        return Results.Json(new { Action = action, Caller = CallerOf(user), Widgets = new { Widget = Widgets } }, Pascal);
    }

    private static Dictionary<string, string?> CallerOf(ClaimsPrincipal user) => new()
    {
        ["AccountId"] = user.FindFirstValue(LatchkeyClaimTypes.AccountId),
        ["UserId"] = user.FindFirstValue(LatchkeyClaimTypes.UserId),
        ["UserName"] = user.FindFirstValue(LatchkeyClaimTypes.UserName),
        ["Arn"] = user.Identity?.Name,
        ["AccessKeyId"] = user.FindFirstValue(LatchkeyClaimTypes.AccessKeyId),
        ["IdentityType"] = user.FindFirstValue(LatchkeyClaimTypes.IdentityType),
    };
}
