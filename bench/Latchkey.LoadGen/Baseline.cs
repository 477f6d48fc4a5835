using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

/// <summary>
/// The plain Kestrel endpoint the issue compares against: the same web host defaults as
/// `latchkey serve`, one endpoint that writes a small JSON body about the size of a
/// GetCallerIdentity answer, no logging.
/// </summary>
internal static class Baseline
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        "{\"RequestId\":\"6A2B4C3D-1E2F-4A5B-8C7D-9E0F1A2B3C4D\",\"AccountId\":\"1234567890123456\",\"UserId\":\"1234567890123456\",\"PrincipalId\":\"1234567890123456\",\"IdentityType\":\"Account\",\"Arn\":\"acs:ram::1234567890123456:root\"}");

    public static async Task<int> RunAsync(string hostAndPort)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{hostAndPort}");
        var app = builder.Build();
        app.Map("/", static context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json;charset=utf-8";
            context.Response.ContentLength = Body.Length;
            return context.Response.Body.WriteAsync(Body).AsTask();
        });
        await app.RunAsync();
        return 0;
    }
}
